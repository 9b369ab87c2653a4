import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { printSortedSchema } from "@cg/graphql-kit";
import {
  buildClientSchema,
  buildSchema,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  validate,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Env, gql, setup, tenant } from "./helpers.ts";

/**
 * Anchor types, fields, arguments and enum values this app deliberately does not expose; each is
 * listed in apps/plain/README.md with the reason. Anything else the anchor defines must be here.
 */
const OMITTED = new Set([
  "Mutation.updateCustomerCompany",
  "Mutation.markCustomerAsSpam",
  "Mutation.unmarkCustomerAsSpam",
  "Query.searchCustomers",
  "UpdateCustomerCompanyInput",
  "UpdateCustomerCompanyOutput",
  "MarkCustomerAsSpamInput",
  "MarkCustomerAsSpamOutput",
  "UnmarkCustomerAsSpamInput",
  "UnmarkCustomerAsSpamOutput",
  "CustomerSearchConnection",
  "CustomerSearchEdge",
  "CustomerSearchCondition",
  "CustomersSearchQuery",
  "StringSearchExpression",
  "Company.tier",
  "Company.threadChannelAssociations",
  "Company.accountOwner",
  "UserActor.user",
]);

// The anchor subset is vendored beside this test so a clone on its own can run the suite;
// test/anchors.test.ts checks the copy still equals ../shared/anchors where that exists.
const anchorPath = new URL("./anchors/core-api.customer-subset.graphql", import.meta.url);
const anchor = parse(readFileSync(anchorPath, "utf8"));

type TypeDef = Extract<
  DefinitionNode,
  {
    kind:
      | "ObjectTypeDefinition"
      | "InputObjectTypeDefinition"
      | "EnumTypeDefinition"
      | "UnionTypeDefinition"
      | "InterfaceTypeDefinition"
      | "ScalarTypeDefinition";
  }
>;
const anchorTypes = anchor.definitions.filter(
  (d): d is TypeDef => "name" in d && d.kind !== Kind.DIRECTIVE_DEFINITION,
) as TypeDef[];

const KIND: Record<string, (t: unknown) => boolean> = {
  ObjectTypeDefinition: isObjectType,
  InputObjectTypeDefinition: isInputObjectType,
  EnumTypeDefinition: isEnumType,
  UnionTypeDefinition: isUnionType,
  InterfaceTypeDefinition: isInterfaceType,
};

const deprecation = (d: {
  directives?: readonly { name: { value: string }; arguments?: readonly { value: unknown }[] }[];
}) => {
  const dir = d.directives?.find((x) => x.name.value === "deprecated");
  if (!dir) return null;
  const arg = dir.arguments?.[0]?.value as { value?: string } | undefined;
  return arg?.value ?? "No longer supported";
};

/** Every difference between the anchor and the app, as readable lines (empty = compatible). */
function compare(app: GraphQLSchema): string[] {
  const problems: string[] = [];
  const missing = (name: string) => {
    if (!OMITTED.has(name))
      problems.push(`${name}: in the anchor, missing in the app (and not a listed omission)`);
  };
  for (const def of anchorTypes) {
    const name = def.name.value;
    const ours = app.getType(name);
    if (!ours) {
      missing(name);
      continue;
    }
    if (OMITTED.has(name)) problems.push(`${name}: listed as omitted but exposed`);
    const isKind = KIND[def.kind];
    if (!isKind?.(ours)) {
      problems.push(`${name}: kind ${def.kind} in the anchor, ${ours.constructor.name} in the app`);
      continue;
    }
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && isEnumType(ours)) {
      const want = new Map((def.values ?? []).map((v) => [v.name.value, deprecation(v)]));
      for (const [v, dep] of want) {
        const o = ours.getValue(v);
        if (!o) missing(`${name}.${v}`);
        else if ((o.deprecationReason ?? null) !== dep)
          problems.push(`${name}.${v}: deprecation ${o.deprecationReason} ≠ ${dep}`);
      }
      for (const v of ours.getValues())
        if (!want.has(v.name)) problems.push(`${name}.${v.name}: enum value not in Plain's schema`);
    }
    if (def.kind === Kind.UNION_TYPE_DEFINITION && isUnionType(ours)) {
      const want = (def.types ?? []).map((t) => t.name.value).sort();
      const got = ours
        .getTypes()
        .map((t) => t.name)
        .sort();
      if (want.join("|") !== got.join("|"))
        problems.push(`${name}: members ${got.join(" | ")} ≠ ${want.join(" | ")}`);
    }
    if (
      (def.kind === Kind.OBJECT_TYPE_DEFINITION ||
        def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
        def.kind === Kind.INTERFACE_TYPE_DEFINITION) &&
      (isObjectType(ours) || isInputObjectType(ours) || isInterfaceType(ours))
    ) {
      const fields = ours.getFields() as Record<
        string,
        {
          type: unknown;
          args?: readonly { name: string; type: unknown; defaultValue?: unknown }[];
          deprecationReason?: string | null | undefined;
        }
      >;
      const wantFields = new Map<string, NonNullable<typeof def.fields>[number]>();
      for (const f of def.fields ?? []) wantFields.set(f.name.value, f);
      for (const [fname, f] of wantFields) {
        const o = fields[fname];
        if (!o) {
          missing(`${name}.${fname}`);
          continue;
        }
        if (OMITTED.has(`${name}.${fname}`))
          problems.push(`${name}.${fname}: listed as omitted but exposed`);
        if (String(o.type) !== print(f.type))
          problems.push(`${name}.${fname}: type ${String(o.type)} ≠ ${print(f.type)}`);
        if (f.kind === Kind.FIELD_DEFINITION) {
          if ((o.deprecationReason ?? null) !== deprecation(f))
            problems.push(
              `${name}.${fname}: deprecation ${o.deprecationReason} ≠ ${deprecation(f)}`,
            );
          const wantArgs = new Map((f.arguments ?? []).map((a) => [a.name.value, a]));
          for (const [aname, a] of wantArgs) {
            const oa = o.args?.find((x) => x.name === aname);
            if (!oa) missing(`${name}.${fname}(${aname})`);
            else if (String(oa.type) !== print(a.type))
              problems.push(
                `${name}.${fname}(${aname}): type ${String(oa.type)} ≠ ${print(a.type)}`,
              );
          }
          for (const oa of o.args ?? [])
            if (!wantArgs.has(oa.name))
              problems.push(`${name}.${fname}(${oa.name}): argument not in Plain's schema`);
        }
      }
      for (const fname of Object.keys(fields))
        if (!wantFields.has(fname)) problems.push(`${name}.${fname}: field not in Plain's schema`);
    }
  }
  return problems;
}

// The SDK's own documents (src/graphql/**/*.gql) for the operations this app serves.
const sdkDir = join(
  dirname(createRequire(import.meta.url).resolve("@team-plain/typescript-sdk/package.json")),
  "src",
  "graphql",
);
const fragments = new Map<string, FragmentDefinitionNode>();
for (const f of readdirSync(join(sdkDir, "fragments")))
  for (const d of parse(readFileSync(join(sdkDir, "fragments", f), "utf8")).definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

function sdkDocument(file: string): string {
  const op = readFileSync(join(sdkDir, file), "utf8");
  const used = new Set<string>();
  const visit = (src: string) => {
    for (const m of src.matchAll(/\.\.\.(\w+)/g)) {
      const name = m[1]!;
      if (used.has(name) || !fragments.has(name)) continue;
      used.add(name);
      visit(print(fragments.get(name)!));
    }
  };
  visit(op);
  return [op, ...[...used].map((n) => print(fragments.get(n)!))].join("\n");
}

const SDK_OPERATIONS = [
  "mutations/upsertCustomer.gql",
  "mutations/deleteCustomer.gql",
  "mutations/addCustomerToCustomerGroup.gql",
  "mutations/removeCustomerFromCustomerGroups.gql",
  "queries/customerById.gql",
  "queries/customerByEmail.gql",
  "queries/customerByExternalId.gql",
  "queries/customers.gql",
  "queries/customerCustomerGroups.gql",
];

describe("Plain schema", () => {
  let env: Env;
  let app: GraphQLSchema;
  beforeAll(async () => {
    env = await setup("pglite", { development: true });
    const t = await tenant(env);
    const r = await gql(env, t.secret, getIntrospectionQuery());
    expect(r.status).toBe(200);
    app = buildClientSchema(r.json.data as unknown as IntrospectionQuery);
  });
  afterAll(async () => {
    await env.close();
  });

  it("schema.graphql is the printed, sorted SDL of what the endpoint serves (run `pnpm --filter @cg/plain schema` after a change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printSortedSchema(app));
  });

  it("every type, field, argument and enum value shared with Plain's schema has Plain's signature", () => {
    expect(compare(app)).toEqual([]);
  });

  it("the comparison fails on a changed type, a missing field and an extra enum value", () => {
    const sdl = printSchema(app)
      .replace(/(type Customer \{[^}]*?)fullName: String!/s, "$1fullName: String")
      .replace(/(type EmailAddress \{[^}]*?)\s+verifiedAt: DateTime/s, "$1")
      .replace(/enum UpsertResult \{/, "enum UpsertResult {\n  MERGED");
    const problems = compare(buildSchema(sdl));
    expect(problems).toEqual(
      expect.arrayContaining([
        "Customer.fullName: type String ≠ String!",
        "EmailAddress.verifiedAt: in the anchor, missing in the app (and not a listed omission)",
        "UpsertResult.MERGED: enum value not in Plain's schema",
      ]),
    );
  });

  it.each(SDK_OPERATIONS)("the SDK's %s validates against the app's schema", (file) => {
    const doc = parse(sdkDocument(file));
    expect(validate(app, doc).map((e) => e.message)).toEqual([]);
  });
});
