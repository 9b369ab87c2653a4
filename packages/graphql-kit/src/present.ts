import {
  execute,
  type GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
} from "graphql";

export interface PresenterOptions {
  /** How deep object fields are followed below the type (default 3: customer → address → region). */
  depth?: number;
}

/** What a presenter answers: the data, and the errors a client would see beside it (if any). */
export type Presented = Record<string, unknown> | { data: unknown; errors: { message: string }[] };

const requiresArgs = (f: GraphQLField<unknown, unknown>) =>
  f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

// Pagination wrappers are not the customer's own fields (and each page is its own query).
const isConnection = (name: string) => /(Connection|Edge|PageInfo)$/.test(name);

/**
 * The selection of every field of `type` a client can ask for without arguments: scalars and enums,
 * and object fields followed `depth` levels down. Deprecated fields, fields with required
 * arguments, connections, interfaces and unions are left out.
 */
export function fullSelection(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const f of Object.values(type.getFields())) {
    if (f.deprecationReason || requiresArgs(f)) continue;
    const named = getNamedType(f.type);
    if (isScalarType(named) || isEnumType(named)) parts.push(f.name);
    else if (isObjectType(named) && depth > 0 && !isConnection(named.name)) {
      const inner = fullSelection(named, depth - 1);
      if (inner) parts.push(`${f.name} { ${inner} }`);
    }
  }
  return parts.join(" ");
}

/**
 * A customer as a GraphQL dialect answers it: the dialect's own object type (`typeName`) executed
 * in-process with its own resolvers over `source` (what the type resolves from), for a fixed
 * full selection of its fields (fullSelection), so the JSON is what a client selecting those
 * fields gets. The type is the root of a schema of its own, so no root field (with its lookup
 * rules and arguments) stands between the customer and its fields.
 */
export function createPresenter<Source, Ctx>(
  schema: GraphQLSchema,
  typeName: string,
  opts: PresenterOptions = {},
) {
  const type = schema.getType(typeName);
  if (!(type instanceof GraphQLObjectType)) throw new Error(`${typeName} is not an object type`);
  const rooted = new GraphQLSchema({ query: type, assumeValid: true });
  const selection = fullSelection(type, opts.depth ?? 3);
  const document = parse(`{ ${selection} }`);
  return async (source: Source, contextValue: Ctx): Promise<Presented> => {
    const r = await execute({ schema: rooted, document, rootValue: source, contextValue });
    return r.errors?.length
      ? { data: r.data ?? null, errors: r.errors.map((e) => ({ message: e.message })) }
      : ((r.data ?? {}) as Record<string, unknown>);
  };
}
