import {
  astFromValue,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  Kind,
  print,
  type TypeDefinitionNode,
} from "graphql";

const KIND_OF: Record<string, (t: unknown) => boolean> = {
  [Kind.OBJECT_TYPE_DEFINITION]: isObjectType,
  [Kind.INTERFACE_TYPE_DEFINITION]: isInterfaceType,
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: isInputObjectType,
  [Kind.ENUM_TYPE_DEFINITION]: isEnumType,
  [Kind.SCALAR_TYPE_DEFINITION]: isScalarType,
  [Kind.UNION_TYPE_DEFINITION]: isUnionType,
};
const isTypeDef = (d: DefinitionNode): d is TypeDefinitionNode => d.kind in KIND_OF;

type Directives = {
  directives?: readonly { name: { value: string }; arguments?: readonly { value: unknown }[] }[];
};
/** An anchor item's deprecation reason (graphql's default when @deprecated has none), or null. */
const deprecation = (d: Directives) => {
  const dir = d.directives?.find((x) => x.name.value === "deprecated");
  if (!dir) return null;
  const arg = dir.arguments?.[0]?.value as { value?: string } | undefined;
  return arg?.value ?? "No longer supported";
};

export interface AnchorComparison {
  /** Every incompatibility as a readable line; empty = the app serves the anchor's signatures. */
  problems: string[];
  /** Anchor items the app lacks (each must be a listed omission). */
  missing: string[];
  /** How much was compared (a broken parse must not pass silently). */
  compared: { types: number; fields: number; args: number; enumValues: number };
}

/**
 * The one anchor comparator of every GraphQL dialect's schema test: each type, field, argument
 * and enum value the vendor's anchor subset defines must be served with the same kind, type,
 * default value, deprecation (reason included), union members, interfaces and @oneOf, and nothing
 * the anchor's types lack may be added to them; what the app lacks must be exactly `omissions`
 * (each listed in the dialect's README).
 */
export function compareWithAnchor(
  schema: GraphQLSchema,
  anchor: DocumentNode,
  omissions: readonly string[],
  /** Members the app serves beyond the anchor's snapshot on purpose (each must be served). */
  ahead: readonly string[] = [],
): AnchorComparison {
  const problems: string[] = [];
  const missing: string[] = [];
  const compared = { types: 0, fields: 0, args: 0, enumValues: 0 };
  const omitted = new Set(omissions);
  const lack = (name: string) => {
    missing.push(name);
    if (!omitted.has(name))
      problems.push(`${name}: in the anchor, missing in the app (and not a listed omission)`);
  };
  const deprecated = (name: string, ours: string | null | undefined, d: Directives) => {
    if ((ours ?? null) !== deprecation(d))
      problems.push(`${name}: deprecation ${ours ?? null} ≠ ${deprecation(d)}`);
  };
  for (const def of anchor.definitions.filter(isTypeDef)) {
    const name = def.name.value;
    const type = schema.getType(name);
    if (!type) {
      lack(name);
      continue;
    }
    compared.types++;
    if (!KIND_OF[def.kind]!(type)) {
      problems.push(`${name}: kind ${def.kind} in the anchor, ${type.constructor.name} in the app`);
      continue;
    }
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && isEnumType(type)) {
      const want = new Map((def.values ?? []).map((x) => [x.name.value, x]));
      for (const x of type.getValues()) {
        compared.enumValues++;
        const a = want.get(x.name);
        if (!a) problems.push(`${name}.${x.name}: not in the anchor`);
        else deprecated(`${name}.${x.name}`, x.deprecationReason, a);
      }
      for (const x of want.keys()) if (!type.getValue(x)) lack(`${name}.${x}`);
    }
    if (def.kind === Kind.UNION_TYPE_DEFINITION && isUnionType(type)) {
      const want = (def.types ?? []).map((t) => t.name.value).sort();
      const got = type
        .getTypes()
        .map((t) => t.name)
        .sort();
      if (want.join("|") !== got.join("|"))
        problems.push(`${name}: members ${got.join(" | ")} ≠ ${want.join(" | ")}`);
    }
    if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && isInputObjectType(type)) {
      const oneOf = def.directives?.some((d) => d.name.value === "oneOf") ?? false;
      if (type.isOneOf !== oneOf) problems.push(`${name}: @oneOf differs`);
      const fields = type.getFields();
      for (const f of def.fields ?? []) {
        const mine = fields[f.name.value];
        if (!mine) {
          lack(`${name}.${f.name.value}`);
          continue;
        }
        compared.fields++;
        if (String(mine.type) !== print(f.type))
          problems.push(`${name}.${f.name.value}: type ${String(mine.type)} ≠ ${print(f.type)}`);
      }
      for (const f of Object.keys(fields))
        if (!def.fields?.some((x) => x.name.value === f))
          problems.push(`${name}.${f}: not in the anchor`);
    }
    if (
      (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) &&
      (isObjectType(type) || isInterfaceType(type))
    ) {
      const fields = type.getFields();
      const anchorInterfaces = new Set(def.interfaces?.map((i) => i.name.value));
      for (const i of type.getInterfaces())
        if (!anchorInterfaces.has(i.name))
          problems.push(`${name} implements ${i.name}: not in the anchor`);
      for (const f of def.fields ?? []) {
        const fname = `${name}.${f.name.value}`;
        const mine = fields[f.name.value];
        if (!mine) {
          lack(fname);
          continue;
        }
        compared.fields++;
        if (String(mine.type) !== print(f.type))
          problems.push(`${fname}: type ${String(mine.type)} ≠ ${print(f.type)}`);
        deprecated(fname, mine.deprecationReason, f);
        for (const a of f.arguments ?? []) {
          const arg = mine.args.find((x) => x.name === a.name.value);
          if (!arg) {
            lack(`${fname}(${a.name.value})`);
            continue;
          }
          compared.args++;
          if (String(arg.type) !== print(a.type))
            problems.push(`${fname}(${a.name.value}): type ${String(arg.type)} ≠ ${print(a.type)}`);
          const dflt =
            arg.defaultValue === undefined
              ? null
              : print(astFromValue(arg.defaultValue, arg.type)!);
          const want = a.defaultValue ? print(a.defaultValue) : null;
          if (dflt !== want) problems.push(`${fname}(${a.name.value}): default ${dflt} ≠ ${want}`);
        }
        for (const arg of mine.args)
          if (!f.arguments?.some((x) => x.name.value === arg.name))
            problems.push(`${fname}(${arg.name}): not in the anchor`);
      }
      for (const f of Object.keys(fields))
        if (!def.fields?.some((x) => x.name.value === f))
          problems.push(`${name}.${f}: not in the anchor`);
    }
  }
  const lacking = new Set(missing);
  for (const o of omissions)
    if (!lacking.has(o))
      problems.push(`${o}: listed as omitted but exposed (or not in the anchor)`);
  const extra = (x: string) => `${x}: not in the anchor`;
  const kept = problems.filter((p) => !ahead.some((x) => p === extra(x)));
  for (const x of ahead)
    if (!problems.includes(extra(x)))
      kept.push(`${x}: listed as ahead of the anchor but not served`);
  return { problems: kept, missing, compared };
}
