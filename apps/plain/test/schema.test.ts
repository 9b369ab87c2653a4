import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { printSortedSchema } from "@cg/graphql-kit";
import { compareWithAnchor } from "@cg/graphql-kit/testing";
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

/** Every difference between the anchor and the app, as readable lines (empty = compatible). */
const compare = (app: GraphQLSchema) => compareWithAnchor(app, anchor, [...OMITTED]).problems;

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
    const r = await gql(
      env,
      t.secret,
      getIntrospectionQuery({ oneOf: true, inputValueDeprecation: true }),
    );
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
        "UpsertResult.MERGED: not in the anchor",
      ]),
    );
  });

  it.each(SDK_OPERATIONS)("the SDK's %s validates against the app's schema", (file) => {
    const doc = parse(sdkDocument(file));
    expect(validate(app, doc).map((e) => e.message)).toEqual([]);
  });
});
