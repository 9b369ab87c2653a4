import { readFileSync } from "node:fs";
import {
  buildClientSchema,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  isInputObjectType,
  isObjectType,
  isScalarType,
  Kind,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessToken, type Env, gql, setup, tenant } from "./helpers.ts";

// The anchor is vendored beside this test (test/anchors.test.ts checks it equals ../shared).
const anchor = parse(
  readFileSync(new URL("./anchors/customer.reconstructed.graphql", import.meta.url), "utf8"),
);

/**
 * The anchor's members transcribed from Fluent's own schema pages or examples ([DOC], [EX]);
 * everything else in it is marked [INF] (inferred). Both must match; a mismatch of a confident
 * member is a bug, of an inferred one a decision to make in README.md's omission list.
 */
const CONFIDENT = new Set([
  "Customer",
  "CreateCustomerInput",
  "UpdateCustomerInput",
  "Mutation.createCustomer",
  "Query.customer",
  "RetailerId",
  "DateTime",
]);

interface Member {
  name: string;
  type: string;
}

/** Every type, field and argument of the anchor as "Type.field" / "Type.field(arg)" → type. */
function anchorMembers(): Member[] {
  const out: Member[] = [];
  for (const d of anchor.definitions) {
    if (d.kind === Kind.SCALAR_TYPE_DEFINITION) out.push({ name: d.name.value, type: "scalar" });
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION && d.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION)
      continue;
    for (const f of d.fields ?? []) {
      out.push({ name: `${d.name.value}.${f.name.value}`, type: print(f.type) });
      if ("arguments" in f)
        for (const a of f.arguments ?? [])
          out.push({
            name: `${d.name.value}.${f.name.value}(${a.name.value})`,
            type: print(a.type),
          });
    }
  }
  return out;
}

/** The same member of the served schema, or null when it is missing. */
function served(schema: GraphQLSchema, name: string): string | null {
  const m = /^(\w+)(?:\.(\w+))?(?:\((\w+)\))?$/.exec(name)!;
  const type = schema.getType(m[1]!);
  if (!type) return null;
  if (!m[2]) return isScalarType(type) ? "scalar" : null;
  if (!isObjectType(type) && !isInputObjectType(type)) return null;
  const field = type.getFields()[m[2]] as
    | GraphQLField<unknown, unknown>
    | GraphQLInputField
    | undefined;
  if (!field) return null;
  if (!m[3]) return String(field.type);
  const arg = "args" in field ? field.args.find((a) => a.name === m[3]) : undefined;
  return arg ? String(arg.type) : null;
}

const confident = (name: string) =>
  CONFIDENT.has(name) ||
  CONFIDENT.has(name.split(".")[0]!) ||
  CONFIDENT.has(name.replace(/\(.*$/, ""));

// What the endpoint serves (introspection is on in development only).
describe("the Fluent schema against the anchor", () => {
  const members = anchorMembers();
  let env: Env;
  let app: GraphQLSchema;
  beforeAll(async () => {
    env = await setup("pglite", { development: true });
    const t = await tenant(env);
    const r = await gql(env, await accessToken(env, t), getIntrospectionQuery());
    expect(r.status).toBe(200);
    app = buildClientSchema(r.body.data as IntrospectionQuery);
  });
  afterAll(() => env.close());

  it("serves every confident member ([DOC]/[EX]) with the anchor's type and nullability", () => {
    const list = members.filter((m) => confident(m.name));
    expect(list.length).toBeGreaterThan(40);
    expect(list.map((m) => [m.name, served(app, m.name)])).toEqual(
      list.map((m) => [m.name, m.type]),
    );
  });

  it("serves the inferred members ([INF]) as the anchor gives them too", () => {
    const list = members.filter((m) => !confident(m.name));
    expect(list.map((m) => [m.name, served(app, m.name)])).toEqual(
      list.map((m) => [m.name, m.type]),
    );
  });

  it("the committed SDL (schema.graphql) is the served schema (run `pnpm --filter @cg/fluent schema` after a change)", () => {
    expect(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8")).toBe(
      `${printSchema(lexicographicSortSchema(app))}\n`,
    );
  });
});
