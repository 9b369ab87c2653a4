import { readFileSync } from "node:fs";
import { printSortedSchema } from "@cg/graphql-kit";
import { compareWithAnchor } from "@cg/graphql-kit/testing";
import { type DefinitionNode, Kind, parse, print, type TypeDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { buildShopifySchema, SCHEMA_VARIANTS, type SchemaVariant } from "../src/index.ts";

// The anchor subsets are vendored beside this test so a clone on its own can run the suite;
// test/anchors.test.ts checks the copies still equal ../shared/anchors where that exists.
const ANCHOR_DIR = new URL("./anchors/", import.meta.url);
const anchor = (v: SchemaVariant) =>
  parse(readFileSync(new URL(`admin-${v}.customer-subset.graphql`, ANCHOR_DIR), "utf8"));

/**
 * What the anchor defines and this app deliberately does not expose (see apps/shopify/README.md,
 * "Deliberate omissions"). Anything else the anchor defines must be exposed with the same signature.
 */
const OMISSIONS: Record<SchemaVariant, string[]> = {
  "2025-10": [],
  "2026-07": [
    "Customer.identityProviderSubjects",
    "Customer.taxSettings",
    "CustomerPhoneNumber.whatsAppMarketingConsent",
  ],
};

/** Differences between the app schema and the anchor subset (the one comparator in graphql-kit). */
function compare(v: SchemaVariant) {
  const schema = buildShopifySchema(v);
  return { schema, ...compareWithAnchor(schema, anchor(v), OMISSIONS[v]) };
}

describe.each(SCHEMA_VARIANTS)("schema %s", (v) => {
  it("the committed SDL is current (pnpm --filter @cg/shopify schema)", () => {
    const committed = readFileSync(new URL(`../schema/${v}.graphql`, import.meta.url), "utf8");
    expect(committed).toBe(printSortedSchema(buildShopifySchema(v)));
  });

  it("matches the anchor subset: same signatures; only the listed omissions", () => {
    const { schema, problems, missing, compared } = compare(v);
    expect(problems).toEqual([]);
    expect(missing.sort()).toEqual([...OMISSIONS[v]].sort());
    expect(schema.getQueryType()?.name).toBe("QueryRoot");
    // The comparison really looked at the schema (a broken parse must not pass silently).
    expect(compared.types).toBeGreaterThan(50);
    expect(compared.fields).toBeGreaterThan(150);
    expect(compared.args).toBeGreaterThan(40);
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const o of OMISSIONS[v]) expect(readme).toContain(`\`${o}\``);
  });
});
