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
  firstName: nstr(), lastName: nstr(), company: nstr(), address1: nstr(), address2: nstr(), city: nstr(),
  province: nstr(), provinceCode: nstr(), country: nstr(), countryCode: nstr(), zip: nstr(), phone: nstr(),
});

const groupRef = z.union([z.strictObject({ id: str() }), z.strictObject({ key: str() }), z.strictObject({ externalId: str() })]);

const consent = z.strictObject({ state: str(64), optInLevel: nstr(64), updatedAt: nstr(64) });

export const customerPatch = z.strictObject({
  firstName: nstr(), middleName: nstr(), lastName: nstr(), fullName: nstr(), shortName: nstr(), namePrefix: nstr(),
  nameSuffix: nstr(), title: nstr(), locale: nstr(32), timezone: nstr(64), country: nstr(2), department: nstr(),
  note: nstr(5000), tags: z.array(str()).max(250).nullable().optional(), taxExempt: z.boolean().nullable().optional(),
  taxExemptions: z.array(str(64)).max(100).nullable().optional(), taxNumber: nstr(64), dateOfBirth: nstr(10),
  gender: nstr(32), status: nstr(64),
  marketing: z.record(str(32), consent.nullable()).nullable().optional(),
  loyalty: z.record(str(64), z.unknown()).nullable().optional(),
  identifiers: z.array(identifierInput).max(50).optional(),
  removeIdentifiers: z.array(lookupKey).max(50).optional(),
  addresses: z.array(address).max(100).nullable().optional(),
  attributes: z.array(z.strictObject({ namespace: str().optional(), key: str(), type: str(32), value: z.unknown() })).max(200).optional(),
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
    .strictObject({ tags: listMode, taxExemptions: listMode, addresses: listMode, identifiers: listMode, attributes: listMode, groups: listMode })
    .partial()
    .optional(),
  idempotencyKey: str().optional(),
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
  withTotal: z.boolean().optional(),
});
