import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { printSortedSchema } from "@cg/graphql-kit";
import { compareWithAnchor } from "@cg/graphql-kit/testing";
import * as currentSdk from "@team-plain/graphql";
import {
  buildClientSchema,
  buildSchema,
  type DefinitionNode,
  type DocumentNode,
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
  NoUnusedFragmentsRule,
  parse,
  print,
  printSchema,
  specifiedRules,
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
  "UpdateCustomerCompanyInput",
  "UpdateCustomerCompanyOutput",
  "MarkCustomerAsSpamInput",
  "MarkCustomerAsSpamOutput",
  "UnmarkCustomerAsSpamInput",
  "UnmarkCustomerAsSpamOutput",
  "Company.tier",
  "Company.threadChannelAssociations",
  "Company.accountOwner",
  // Members whose types the anchor subset does not define (files, API keys, roles, Slack
  // identities, labels, saved views, working hours): nothing here stores them.
  "MachineUser.avatar",
  "MachineUser.apiKey",
  "MachineUser.apiKeys",
  "User.avatar",
  "User.roles",
  "User.role",
  "User.slackIdentities",
  "User.labels",
  "User.defaultSavedThreadsView",
  "User.workingHours",
]);

/**
 * Members the app serves beyond the anchor's snapshot because Plain's current SDK sends them (it
 * was generated from a newer schema than the snapshot); each is listed in apps/plain/README.md.
 */
const AHEAD_OF_ANCHOR = new Set(["Query.searchCustomers(filters)"]);

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

/** Every difference between the anchor and the app, as readable lines (empty = compatible). */
const compare = (app: GraphQLSchema) =>
  compareWithAnchor(app, anchor, [...OMITTED], [...AHEAD_OF_ANCHOR]).problems;

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

/** The anchor's fields of a type, by name (root types: the operations in the gateway's scope). */
const anchorFields = (type: string) =>
  new Set(
    anchorTypes
      .filter((d) => d.name.value === type)
      .flatMap((d) => ("fields" in d ? (d.fields ?? []) : []).map((f) => f.name.value)),
  );
const anchorTypeNames = new Set(anchorTypes.map((d) => d.name.value));

/**
 * Why a validation error of an SDK document is expected, or null when it is not: the document
 * names an operation outside the anchor (Plain's threads, help centre, …), a type the anchor does
 * not have, or a member this app lists as omitted. Anything else (a field Plain added to a type
 * we serve, say) is a failure.
 */
function explained(message: string): string | null {
  const field = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(message);
  if (field) {
    const [, f, t] = field as unknown as [string, string, string];
    if (OMITTED.has(`${t}.${f}`)) return "omitted member";
    if ((t === "Query" || t === "Mutation") && !anchorFields(t).has(f))
      return "operation outside the anchor";
    return null;
  }
  const type = /^Unknown type "(\w+)"\./.exec(message);
  if (type && OMITTED.has(type[1]!)) return "omitted type";
  if (type && !anchorTypeNames.has(type[1]!)) return "type outside the anchor";
  return null;
}

// @team-plain/graphql exports one `…Document` per operation and one `…FragmentDoc` per fragment.
const currentSdkDocuments = Object.entries(currentSdk).filter(
  (e): e is [string, DocumentNode] =>
    /(Document|FragmentDoc)$/.test(e[0]) &&
    typeof e[1] === "object" &&
    (e[1] as { kind?: unknown }).kind === Kind.DOCUMENT,
);
// A fragment validated on its own is unused by definition.
const RULES = specifiedRules.filter((r) => r !== NoUnusedFragmentsRule);

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

  it("every document the current SDK (@team-plain/graphql) exports validates, but for operations and members outside the anchor", () => {
    expect(currentSdkDocuments.length).toBeGreaterThan(700);
    // What a future SDK adding a field to a type we serve would produce is not explained away.
    expect(explained('Cannot query field "loyaltyTier" on type "Customer".')).toBeNull();
    expect(explained('Cannot query field "thread" on type "Query".')).not.toBeNull();
    const unexplained: string[] = [];
    const clean: string[] = [];
    for (const [name, doc] of currentSdkDocuments) {
      const errors = validate(app, doc, RULES, { maxErrors: 100_000 });
      for (const e of errors) if (!explained(e.message)) unexplained.push(`${name}: ${e.message}`);
      if (!errors.length) clean.push(name);
    }
    expect(unexplained).toEqual([]);
    // The operations the gateway serves are among those that validate with no error at all.
    expect(clean).toEqual(
      expect.arrayContaining([
        "UpsertCustomerDocument",
        "DeleteCustomerDocument",
        "CustomerDocument",
        "CustomerByEmailDocument",
        "CustomerByExternalIdDocument",
        "CustomersDocument",
        "SearchCustomersDocument",
        "AddCustomerToCustomerGroupsDocument",
        "RemoveCustomerFromCustomerGroupsDocument",
        "CustomerCustomerGroupMembershipsDocument",
        "CustomerFieldsFragmentDoc",
        "CustomerActorFieldsFragmentDoc",
        "MachineUserActorFieldsFragmentDoc",
        "SystemActorFieldsFragmentDoc",
        "UserActorFieldsFragmentDoc",
      ]),
    );
  });
});
