import { type CustomerFilter, FILTERABLE_FIELDS, filterShape } from "@cg/core";
import { z } from "zod";

// Wire schemas for the internal API. Strict objects: an unknown field is an error, not ignored.
const str = (max = 255) => z.string().max(max);
const nstr = (max = 255) => str(max).nullable().optional();

export const lookupKey = z.strictObject({
  kind: str(32).regex(/^[A-Z][A-Z0-9_]*$/, "kind must be UPPER_SNAKE_CASE"),
  namespace: str().optional(),
  value: str(320),
});

const identifierInput = z.strictObject({
  kind: str(32).regex(/^[A-Z][A-Z0-9_]*$/, "kind must be UPPER_SNAKE_CASE"),
  namespace: str().optional(),
  value: str(320),
  primary: z.boolean().optional(),
  verified: z.boolean().optional(),
});

const address = z.strictObject({
  id: str().optional(),
  number: z.number().int().positive().optional(),
  isDefault: z.boolean().optional(),
  firstName: nstr(),
  lastName: nstr(),
  company: nstr(),
  address1: nstr(),
  address2: nstr(),
  city: nstr(),
  province: nstr(),
  provinceCode: nstr(),
  country: nstr(),
  countryCode: nstr(),
  zip: nstr(),
  phone: nstr(),
  middleName: nstr(),
  namePrefix: nstr(),
  nameSuffix: nstr(),
  fax: nstr(),
  vatId: nstr(),
});

const groupRef = z.union([
  z.strictObject({ id: str() }),
  z.strictObject({ key: str() }),
  z.strictObject({ externalId: str() }),
]);

const consent = z.strictObject({ state: str(64), optInLevel: nstr(64), updatedAt: nstr(64) });

export const customerPatch = z.strictObject({
  firstName: nstr(),
  middleName: nstr(),
  lastName: nstr(),
  fullName: nstr(),
  shortName: nstr(),
  namePrefix: nstr(),
  nameSuffix: nstr(),
  title: nstr(),
  locale: nstr(32),
  timezone: nstr(64),
  country: nstr(2),
  department: nstr(),
  note: nstr(5000),
  tags: z.array(str()).max(250).nullable().optional(),
  taxExempt: z.boolean().nullable().optional(),
  taxExemptions: z.array(str(64)).max(100).nullable().optional(),
  taxNumber: nstr(64),
  dateOfBirth: nstr(10),
  gender: nstr(32),
  status: nstr(64),
  marketing: z.record(str(32), consent.nullable()).nullable().optional(),
  loyalty: z.record(str(64), z.unknown()).nullable().optional(),
  identifiers: z.array(identifierInput).max(50).optional(),
  removeIdentifiers: z.array(lookupKey).max(50).optional(),
  addresses: z.array(address).max(100).nullable().optional(),
  attributes: z
    .array(
      z.strictObject({
        namespace: str().optional(),
        key: str(),
        type: str(32),
        value: z.unknown(),
      }),
    )
    .max(200)
    .optional(),
  groups: z.array(groupRef).max(100).optional(),
  removeGroups: z.array(groupRef).max(100).optional(),
});

const listMode = z.enum(["replace", "merge"]);

export const upsertInput = z.strictObject({
  lookup: z.array(lookupKey).max(10),
  mode: z.enum(["upsert", "create", "update"]).optional(),
  onCreate: customerPatch.optional(),
  onUpdate: customerPatch.optional(),
  lists: z
    .strictObject({
      tags: listMode,
      taxExemptions: listMode,
      addresses: listMode,
      identifiers: listMode,
      attributes: listMode,
      groups: listMode,
    })
    .partial()
    .optional(),
  idempotencyKey: str().optional(),
});

const textMatch = z.union([
  z.strictObject({ equals: str() }),
  z.strictObject({ prefix: str() }),
  z.strictObject({ contains: str() }),
  z.strictObject({ present: z.literal(true) }),
]);
const comparator = z.enum(["<", "<=", ">", ">=", "="]);
// An ISO 8601 instant PostgreSQL can store (years 1–9999), passed on in UTC: zod's datetime also
// takes year 0000 and offsets up to ±23:59, which timestamptz rejects.
const instant = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    const y = new Date(v).getUTCFullYear();
    return y >= 1 && y <= 9999;
  }, "must be between years 1 and 9999")
  .transform((v) => new Date(v).toISOString());

/** Core's boolean customer filter on the wire (see CustomerFilter in packages/db). */
const filterNode: z.ZodType<CustomerFilter> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(filterNode).max(50) }),
    z.strictObject({ any: z.array(filterNode).max(50) }),
    z.strictObject({ not: filterNode }),
    z.strictObject({
      identifier: z.strictObject({
        kind: lookupKey.shape.kind,
        namespace: str().optional(),
        match: textMatch,
      }),
    }),
    z.strictObject({ field: z.enum(FILTERABLE_FIELDS), match: textMatch }),
    z.strictObject({ tag: str() }),
    z.strictObject({ addressCountry: str(64) }),
    z.strictObject({
      marketingSubscribed: z.strictObject({ channel: str(32), subscribed: z.boolean() }),
    }),
    z.strictObject({ time: z.enum(["createdAt", "updatedAt"]), op: comparator, value: instant }),
    z.strictObject({
      number: z.strictObject({
        op: comparator,
        value: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      }),
    }),
    z.strictObject({ text: str() }),
  ]),
) as z.ZodType<CustomerFilter>;

// Bounds on a filter's shape, so that its SQL stays small: nesting depth and number of nodes.
const MAX_FILTER_DEPTH = 16;
const MAX_FILTER_NODES = 200;

/** JSON nesting of a raw value, walked without recursion (a deep enough value overflows zod's). */
function jsonDepth(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== "object") continue;
    max = Math.max(max, d);
    for (const c of Array.isArray(x) ? x : Object.values(x)) stack.push([c, d + 1]);
  }
  return max;
}

export const customerFilter = z
  .unknown()
  // Checked on the raw JSON first: zod walks a filter recursively, and 5000 levels overflowed the
  // stack (a 500). Any filter within the bounds below nests far less than this.
  .refine((v) => jsonDepth(v) <= 4 * MAX_FILTER_DEPTH, {
    message: `where nests more than ${MAX_FILTER_DEPTH} levels`,
    abort: true,
  })
  .pipe(filterNode)
  .refine((f) => filterShape(f).depth <= MAX_FILTER_DEPTH, {
    message: `where nests more than ${MAX_FILTER_DEPTH} levels`,
  })
  .refine((f) => filterShape(f).nodes <= MAX_FILTER_NODES, {
    message: `where has more than ${MAX_FILTER_NODES} terms`,
  });

export const listInput = z.strictObject({
  first: z.number().int().min(0).max(100).optional(),
  last: z.number().int().min(0).max(100).optional(),
  after: str(512).optional(),
  before: str(512).optional(),
  sort: z.enum(["id", "number", "updatedAt", "createdAt", "fullName"]).optional(),
  descending: z.boolean().optional(),
  updatedAfter: z.iso.datetime({ offset: true }).optional(),
  updatedBefore: z.iso.datetime({ offset: true }).optional(),
  tags: z.array(str()).max(50).optional(),
  groupKeys: z.array(str()).max(50).optional(),
  text: str().optional(),
  /** A boolean filter, ANDed with the flat ones above. */
  where: customerFilter.optional(),
  withTotal: z.boolean().optional(),
});
