import { createRequire } from "node:module";
import type { GraphQLSchema } from "graphql";

// The schemas come from Pothos, which Node loads with graphql's CommonJS build; vitest would hand
// an ESM import the other build. Everything that inspects a schema uses the instance Node loads.
const g = createRequire(import.meta.url)("graphql") as typeof import("graphql");
const { Kind, parse, print } = g;

export interface AnchorComparison {
  /** Members whose signature differs, or that the app adds to an anchor type. */
  mismatches: string[];
  /** Anchor types and members the app does not serve (compare with the README's omissions). */
  missing: string[];
  compared: { types: number; fields: number; args: number; enumValues: number };
}

type TypeDef = import("graphql").TypeDefinitionNode;
const TYPE_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
]);
const KIND_OF: Record<string, (t: unknown) => boolean> = {
  [Kind.OBJECT_TYPE_DEFINITION]: g.isObjectType,
  [Kind.INTERFACE_TYPE_DEFINITION]: g.isInterfaceType,
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: g.isInputObjectType,
  [Kind.ENUM_TYPE_DEFINITION]: g.isEnumType,
  [Kind.SCALAR_TYPE_DEFINITION]: g.isScalarType,
  [Kind.UNION_TYPE_DEFINITION]: g.isUnionType,
};

/**
 * Compares a served schema with a vendor anchor subset (SDL): every type, field, argument
 * (type and default), deprecation, interface and enum value the anchor defines must be served
 * with the same signature, and anchor types may not gain members. Types the anchor does not
 * define are not looked at (they are the app's to add).
 */
export function compareWithAnchor(schema: GraphQLSchema, anchorSdl: string): AnchorComparison {
  const mismatches: string[] = [];
  const missing: string[] = [];
  const compared = { types: 0, fields: 0, args: 0, enumValues: 0 };
  const defs = parse(anchorSdl).definitions.filter((d): d is TypeDef => TYPE_KINDS.has(d.kind));
  for (const def of defs) {
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
      const anchorInterfaces = new Set(def.interfaces?.map((i) => i.name.value));
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
          const want = a.defaultValue ? print(a.defaultValue) : null;
          if (dflt !== want)
            mismatches.push(`${name}.${f.name.value}(${a.name.value}): default ${dflt} ≠ ${want}`);
        }
        for (const arg of mine.args)
          if (!f.arguments?.some((x) => x.name.value === arg.name))
            mismatches.push(`${name}.${f.name.value}(${arg.name}): not in the anchor`);
      }
      for (const f of Object.keys(fields))
        if (!def.fields?.some((x) => x.name.value === f))
          mismatches.push(`${name}.${f}: not in the anchor`);
    }
  }
  return { mismatches, missing, compared };
}
