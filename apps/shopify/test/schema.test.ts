import { readFileSync } from "node:fs";
import { printSortedSchema } from "@cg/graphql-kit";
import * as g from "graphql";
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

type Named = { name: { value: string } };
const isTypeDef = (d: DefinitionNode): d is TypeDefinitionNode =>
  [
    Kind.OBJECT_TYPE_DEFINITION,
    Kind.INTERFACE_TYPE_DEFINITION,
    Kind.INPUT_OBJECT_TYPE_DEFINITION,
    Kind.ENUM_TYPE_DEFINITION,
    Kind.SCALAR_TYPE_DEFINITION,
    Kind.UNION_TYPE_DEFINITION,
  ].includes(d.kind);

const KIND_OF: Record<string, (t: unknown) => boolean> = {
  [Kind.OBJECT_TYPE_DEFINITION]: g.isObjectType,
  [Kind.INTERFACE_TYPE_DEFINITION]: g.isInterfaceType,
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: g.isInputObjectType,
  [Kind.ENUM_TYPE_DEFINITION]: g.isEnumType,
  [Kind.SCALAR_TYPE_DEFINITION]: g.isScalarType,
  [Kind.UNION_TYPE_DEFINITION]: g.isUnionType,
};

/** Differences between the app schema and the anchor subset, and anchor items the app lacks. */
function compare(v: SchemaVariant) {
  const schema = buildShopifySchema(v);
  const mismatches: string[] = [];
  const missing: string[] = [];
  const compared = { types: 0, fields: 0, args: 0, enumValues: 0 };
  for (const def of anchor(v).definitions.filter(isTypeDef)) {
    const name = def.name.value;
    const type = schema.getType(name);
    if (!type) {
      missing.push(name);
      continue;
    }
    compared.types++;
    if (!KIND_OF[def.kind]!(type)) {
      mismatches.push(`${name}: kind differs`);
      continue;
    }
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && g.isEnumType(type)) {
      const want = new Set(def.values?.map((x) => x.name.value));
      for (const x of type.getValues()) {
        compared.enumValues++;
        if (!want.has(x.name)) mismatches.push(`${name}.${x.name}: not in the anchor`);
      }
      for (const x of want) if (!type.getValue(x)) missing.push(`${name}.${x}`);
    }
    if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && g.isInputObjectType(type)) {
      const oneOf = def.directives?.some((d) => d.name.value === "oneOf") ?? false;
      if (type.isOneOf !== oneOf) mismatches.push(`${name}: @oneOf differs`);
      const fields = type.getFields();
      for (const f of def.fields ?? []) {
        const mine = fields[f.name.value];
        if (!mine) {
          missing.push(`${name}.${f.name.value}`);
          continue;
        }
        compared.fields++;
        if (String(mine.type) !== print(f.type))
          mismatches.push(`${name}.${f.name.value}: ${String(mine.type)} ≠ ${print(f.type)}`);
      }
      for (const f of Object.keys(fields))
        if (!def.fields?.some((x) => x.name.value === f))
          mismatches.push(`${name}.${f}: not in the anchor`);
    }
    if (
      (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) &&
      (g.isObjectType(type) || g.isInterfaceType(type))
    ) {
      const fields = type.getFields();
      const anchorInterfaces = new Set(def.interfaces?.map((i: Named) => i.name.value));
      for (const i of type.getInterfaces())
        if (!anchorInterfaces.has(i.name))
          mismatches.push(`${name} implements ${i.name}: not in the anchor`);
      for (const f of def.fields ?? []) {
        const mine = fields[f.name.value];
        if (!mine) {
          missing.push(`${name}.${f.name.value}`);
          continue;
        }
        compared.fields++;
        if (String(mine.type) !== print(f.type))
          mismatches.push(`${name}.${f.name.value}: ${String(mine.type)} ≠ ${print(f.type)}`);
        const deprecated = f.directives?.some((d) => d.name.value === "deprecated") ?? false;
        if (Boolean(mine.deprecationReason) !== deprecated)
          mismatches.push(`${name}.${f.name.value}: deprecation differs`);
        for (const a of f.arguments ?? []) {
          const arg = mine.args.find((x) => x.name === a.name.value);
          if (!arg) {
            missing.push(`${name}.${f.name.value}(${a.name.value})`);
            continue;
          }
          compared.args++;
          if (String(arg.type) !== print(a.type))
            mismatches.push(
              `${name}.${f.name.value}(${a.name.value}): ${String(arg.type)} ≠ ${print(a.type)}`,
            );
          const dflt =
            arg.defaultValue === undefined
              ? null
              : print(g.astFromValue(arg.defaultValue, arg.type)!);
          if (dflt !== (a.defaultValue ? print(a.defaultValue) : null))
            mismatches.push(
              `${name}.${f.name.value}(${a.name.value}): default ${dflt} ≠ ${a.defaultValue ? print(a.defaultValue) : null}`,
            );
        }
        for (const arg of mine.args)
          if (!f.arguments?.some((x) => x.name.value === arg.name))
            mismatches.push(`${name}.${f.name.value}(${arg.name}): not in the anchor`);
      }
      // Fields the app adds to an anchor type would be a Shopify incompatibility too.
      for (const f of Object.keys(fields))
        if (!def.fields?.some((x) => x.name.value === f))
          mismatches.push(`${name}.${f}: not in the anchor`);
    }
  }
  return { schema, mismatches, missing, compared };
}

describe.each(SCHEMA_VARIANTS)("schema %s", (v) => {
  it("the committed SDL is current (pnpm --filter @cg/shopify schema)", () => {
    const committed = readFileSync(new URL(`../schema/${v}.graphql`, import.meta.url), "utf8");
    expect(committed).toBe(printSortedSchema(buildShopifySchema(v)));
  });

  it("matches the anchor subset: same signatures; only the listed omissions", () => {
    const { schema, mismatches, missing, compared } = compare(v);
    expect(mismatches).toEqual([]);
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
