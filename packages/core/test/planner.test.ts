import { scalarsOf } from "@cg/db";
import { describe, expect, it } from "vitest";
import { applyPatch, stateOf } from "../src/apply-patch.ts";
import { diffCustomer } from "../src/diff-customer.ts";
import type { Customer, CustomerPatch, ListModes, UpsertInput } from "../src/index.ts";
import { planUpsert } from "../src/plan-upsert.ts";
import { prepareUpsert } from "../src/prepare-upsert.ts";
import { validatePatch } from "../src/validate-patch.ts";

// The pure planner, without a database: validate → apply → diff → decide.

const NOW = "2026-01-02T03:04:05.000Z";
const ctx = { tenantId: "t1", actor: { dialect: "internal", credentialId: null } };
const ULID = (n: number) => `01ARZ3NDEKTSV4RRFFQ69G5F${String(n).padStart(2, "0")}`;

function customer(n: number, over: Partial<Customer> = {}): Customer {
  return {
    ...scalarsOf({}),
    id: ULID(n),
    number: n,
    tenantId: "t1",
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    createdBy: ctx.actor,
    updatedBy: ctx.actor,
    identifiers: [],
    addresses: [],
    attributes: [],
    groups: [],
    ...over,
  };
}
const email = (value: string, id = `id-${value}`) => ({
  id,
  kind: "EMAIL",
  namespace: "",
  value,
  primary: true,
  verified: false,
  verifiedAt: null,
  createdAt: NOW,
});
const address = (id: string, city: string) => ({
  id,
  number: 1,
  position: 0,
  isDefault: true,
  firstName: null,
  lastName: null,
  company: null,
  address1: "1 Main St",
  address2: null,
  city,
  province: null,
  provinceCode: null,
  country: null,
  countryCode: null,
  zip: null,
  phone: null,
  middleName: null,
  namePrefix: null,
  nameSuffix: null,
  fax: null,
  vatId: null,
});

const prepared = (input: UpsertInput) => {
  const p = prepareUpsert(ctx, input, new Map(), NOW);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
};
const plan = (input: UpsertInput, candidates: Customer[] = []) =>
  planUpsert(prepared(input), candidates);
const apply = (c: Customer | null, patch: CustomerPatch, lists: ListModes = {}) =>
  applyPatch(stateOf(c), validatePatch(patch, [], null, NOW).patch, lists, { add: [], remove: [] });

describe("validatePatch", () => {
  it.each<[string, CustomerPatch, CustomerPatch]>([
    ["absent stays absent", {}, {}],
    ["null stays null (clear)", { firstName: null, tags: null }, { firstName: null, tags: null }],
    ["text is trimmed", { firstName: "  Ann ", city: undefined } as never, { firstName: "Ann" }],
    ["blank text is a clear", { lastName: "   " }, { lastName: null }],
    ["a note is kept verbatim", { note: " two\nlines\n" }, { note: " two\nlines\n" }],
    [
      "tags trimmed, blanks and repeats dropped",
      { tags: [" a", "a", "", "b "] },
      { tags: ["a", "b"] },
    ],
    [
      "a consent without a time takes the write's",
      { marketing: { email: { state: "SUBSCRIBED" }, sms: null } },
      { marketing: { email: { state: "SUBSCRIBED", updatedAt: NOW }, sms: null } },
    ],
    [
      "a consent's own time is kept",
      { marketing: { email: { state: "SUBSCRIBED", updatedAt: "2020-01-01T00:00:00Z" } } },
      { marketing: { email: { state: "SUBSCRIBED", updatedAt: "2020-01-01T00:00:00Z" } } },
    ],
    [
      "identifiers normalised",
      { identifiers: [{ kind: "EMAIL", value: " Ann@Example.COM " }] },
      { identifiers: [{ kind: "EMAIL", namespace: "", value: "ann@example.com" }] },
    ],
  ])("%s", (_name, patch, expected) => {
    const v = validatePatch(patch, [], null, NOW);
    expect(v.errors).toEqual([]);
    expect(JSON.parse(JSON.stringify(v.patch))).toEqual(expected);
  });

  it.each<[string, CustomerPatch, (string | number)[], string]>([
    ["a number for text", { firstName: 42 as never }, ["onCreate", "firstName"], "INVALID"],
    ["too long", { lastName: "x".repeat(256) }, ["onCreate", "lastName"], "TOO_LONG"],
    [
      "too long after trimming only",
      { lastName: ` ${"x".repeat(256)} ` },
      ["onCreate", "lastName"],
      "TOO_LONG",
    ],
    [
      "a date that is not one",
      { dateOfBirth: "2020-02-30x" },
      ["onCreate", "dateOfBirth"],
      "INVALID",
    ],
    ["a lower-case country", { country: "us" }, ["onCreate", "country"], "INVALID"],
    [
      "an invalid email",
      { identifiers: [{ kind: "EMAIL", value: "nope" }] },
      ["onCreate", "identifiers", 0, "value"],
      "INVALID",
    ],
    [
      "an ID is not an identifier kind",
      { identifiers: [{ kind: "ID", value: "x" }] },
      ["onCreate", "identifiers", 0, "kind"],
      "INVALID",
    ],
    [
      "a blank attribute key",
      { attributes: [{ key: " ", type: "t", value: 1 }] },
      ["onCreate", "attributes", 0, "key"],
      "BLANK",
    ],
  ])("%s → %s", (_name, patch, path, code) => {
    const v = validatePatch(patch, ["onCreate"], null, NOW);
    expect(v.errors.map((e) => [e.path, e.code])).toEqual([[path, code]]);
  });

  it("a trimmed country is checked as trimmed", () => {
    expect(validatePatch({ country: " US " }, [], null, NOW)).toEqual({
      patch: { country: "US" },
      errors: [],
      unlinked: [],
    });
  });
});

describe("applyPatch", () => {
  const base = customer(1, {
    firstName: "Ann",
    tags: ["a", "b"],
    taxExempt: true,
    identifiers: [email("ann@x.io")],
    addresses: [address("addr-1", "Paris")],
    attributes: [{ namespace: "", key: "k1", type: "t", value: 1 }],
  });

  it.each<[string, CustomerPatch, ListModes, Partial<ReturnType<typeof apply>>]>([
    ["absent leaves a field alone", {}, {}, { firstName: "Ann", tags: ["a", "b"] }],
    [
      "null clears to the empty value",
      { firstName: null, tags: null, taxExempt: null },
      {},
      { firstName: null, tags: [], taxExempt: false },
    ],
    ["a list replaces by default", { tags: ["c"] }, {}, { tags: ["c"] }],
    [
      "a list merges when asked",
      { tags: ["b", "c"] },
      { tags: "merge" },
      { tags: ["a", "b", "c"] },
    ],
    [
      "attributes merge key by key by default",
      { attributes: [{ key: "k2", type: "t", value: 2 }] },
      {},
      {
        attributes: [
          { namespace: "", key: "k1", type: "t", value: 1 },
          { namespace: "", key: "k2", type: "t", value: 2 },
        ],
      },
    ],
    [
      "attributes replace when asked",
      { attributes: [{ key: "k2", type: "t", value: 2 }] },
      { attributes: "replace" },
      {
        attributes: [{ namespace: "", key: "k2", type: "t", value: 2 }],
      },
    ],
    [
      "an attribute set to null is removed",
      { attributes: [{ key: "k1", type: "t", value: null }] },
      {},
      { attributes: [] },
    ],
  ])("%s", (_name, patch, lists, expected) => {
    expect(apply(base, patch, lists)).toMatchObject(expected);
  });

  it("identifiers replace their kind by default, and merge when asked", () => {
    const replaced = apply(base, { identifiers: [{ kind: "EMAIL", value: "new@x.io" }] });
    expect(replaced.identifiers.map((i) => [i.value, i.primary])).toEqual([["new@x.io", true]]);
    const merged = apply(
      base,
      { identifiers: [{ kind: "EMAIL", value: "new@x.io" }] },
      { identifiers: "merge" },
    );
    expect(merged.identifiers.map((i) => [i.value, i.primary])).toEqual([
      ["ann@x.io", true],
      ["new@x.io", false],
    ]);
  });

  it("addresses: an unchanged re-sent address keeps its id; replace drops the rest, merge keeps it", () => {
    const same = { address1: "1 Main St", city: "Paris" };
    expect(apply(base, { addresses: [same] }).addresses.map((a) => a.id)).toEqual(["addr-1"]);
    const replaced = apply(base, { addresses: [{ address1: "2 Rue", city: "Lyon" }] });
    expect(replaced.addresses.map((a) => a.city)).toEqual(["Lyon"]);
    const merged = apply(
      base,
      { addresses: [{ address1: "2 Rue", city: "Lyon" }] },
      { addresses: "merge" },
    );
    expect(merged.addresses.map((a) => [a.city, a.isDefault])).toEqual([
      ["Paris", true],
      ["Lyon", false],
    ]);
    expect(apply(base, { addresses: null }).addresses).toEqual([]);
  });

  it("addresses: the first becomes the default unless the write declines one for each address", () => {
    const none = customer(4, {});
    const first = apply(none, { addresses: [{ address1: "1 Main St", city: "Paris" }] });
    expect(first.addresses.map((a) => a.isDefault)).toEqual([true]);
    const declined = apply(none, {
      addresses: [{ address1: "1 Main St", city: "Paris", isDefault: false }],
    });
    expect(declined.addresses.map((a) => a.isDefault)).toEqual([false]);
    // Unsetting the stored default (every address sent with isDefault: false) leaves none.
    const unset = apply(base, {
      addresses: [{ id: "addr-1", address1: "1 Main St", isDefault: false }],
    });
    expect(unset.addresses.map((a) => a.isDefault)).toEqual([false]);
    // A write that says nothing keeps today's rule: a customer with addresses gets a default.
    const resent = apply(
      customer(5, { addresses: [{ ...address("addr-9", "Rome"), isDefault: false }] }),
      { addresses: [{ address1: "1 Main St", city: "Rome" }] },
    );
    expect(resent.addresses.map((a) => [a.id, a.isDefault])).toEqual([["addr-9", true]]);
  });

  it("addresses: members only some vendors have are kept when a write leaves them out", () => {
    const withFax = customer(3, {
      addresses: [{ ...address("addr-1", "Paris"), fax: "+33 1", vatId: "FR1", middleName: "Q" }],
    });
    // A dialect without them (Shopify) re-sends the address: same id, members kept.
    const resent = apply(withFax, { addresses: [{ address1: "1 Main St", city: "Paris" }] });
    expect(resent.addresses.map((a) => [a.id, a.fax, a.vatId, a.middleName])).toEqual([
      ["addr-1", "+33 1", "FR1", "Q"],
    ]);
    // Updated in place by id: the members it does not name stay, null clears one.
    const moved = apply(withFax, {
      addresses: [{ id: "addr-1", address1: "2 Rue", city: "Lyon", fax: null }],
    });
    expect(moved.addresses.map((a) => [a.city, a.fax, a.vatId])).toEqual([["Lyon", null, "FR1"]]);
    // A re-sent address naming another value is another address.
    const other = apply(withFax, {
      addresses: [{ address1: "1 Main St", city: "Paris", fax: "+33 2" }],
    });
    expect(other.addresses.map((a) => [a.id === "addr-1", a.fax])).toEqual([[false, "+33 2"]]);
  });

  it.each<
    [string, Partial<Customer>, CustomerPatch, [string | null, string | null, string | null]]
  >([
    [
      "a full name the given names no longer spell replaces them",
      { firstName: "Robert", lastName: "Smith" },
      { fullName: "Robert Smith Jr." },
      ["Robert Smith Jr.", "Robert", "Smith Jr."],
    ],
    [
      "a full name the given names spell leaves them",
      { firstName: "Robert", lastName: "Smith" },
      { fullName: " Robert  Smith " },
      ["Robert  Smith", "Robert", "Smith"],
    ],
    [
      "a full name alone stays alone",
      {},
      { fullName: "Ada Lovelace" },
      ["Ada Lovelace", null, null],
    ],
    [
      "a first name on a full name keeps the family name",
      { fullName: "Robert Smith Jr." },
      { firstName: "Bob" },
      ["Bob Smith Jr.", "Bob", "Smith Jr."],
    ],
    [
      "given names alone stay alone",
      {},
      { firstName: "Shop", lastName: "Ify" },
      [null, "Shop", "Ify"],
    ],
    [
      "both sides given are taken as given",
      { fullName: "A B" },
      { fullName: "Dr. X", firstName: "X", lastName: null },
      ["Dr. X", "X", null],
    ],
  ])("names: %s", (_name, stored, patch, [fullName, firstName, lastName]) => {
    expect(apply(customer(2, stored), patch)).toMatchObject({ fullName, firstName, lastName });
  });
});

describe("diffCustomer", () => {
  const c = customer(1, { firstName: "Ann", identifiers: [email("ann@x.io")] });
  it("no change → no changes (NOOP)", () => {
    const d = diffCustomer(
      stateOf(c),
      apply(c, { firstName: "Ann", identifiers: [{ kind: "EMAIL", value: "ANN@x.io" }] }),
    );
    expect(d.changes).toEqual([]);
    expect(d.identifiers).toEqual({ insert: [], update: [], remove: [] });
  });
  it("a scalar change is one change; a password hash never shows", () => {
    const d = diffCustomer(stateOf(c), apply(c, { firstName: "Bo", passwordHash: "$2b$x" }));
    expect(d.changes).toEqual([
      { field: "firstName", before: "Ann", after: "Bo" },
      { field: "passwordHash", before: null, after: "[set]" },
    ]);
    expect(d.scalarsChanged).toBe(true);
  });
  it("a replaced identifier is one insert and one remove", () => {
    const d = diffCustomer(
      stateOf(c),
      apply(c, { identifiers: [{ kind: "EMAIL", value: "b@x.io" }] }),
    );
    expect(d.identifiers.insert.map((i) => i.value)).toEqual(["b@x.io"]);
    expect(d.identifiers.remove).toEqual(["id-ann@x.io"]);
    expect(d.changes.map((x) => x.field)).toEqual(["identifiers"]);
  });
});

describe("planUpsert", () => {
  const ann = customer(1, { firstName: "Ann", identifiers: [email("ann@x.io")] });
  const bob = customer(2, { identifiers: [email("bob@x.io")] });
  const byEmail = (value: string, extra: Partial<UpsertInput> = {}): UpsertInput => ({
    lookup: [{ kind: "EMAIL", value }],
    ...extra,
  });

  it.each<[string, UpsertInput, Customer[], string, Record<string, unknown>?]>([
    ["no match → CREATED", byEmail("new@x.io"), [], "write", { result: "CREATED" }],
    [
      "a match, nothing changes → NOOP",
      byEmail("ann@x.io", { onUpdate: { firstName: "Ann" } }),
      [ann],
      "noop",
    ],
    [
      "a match, a change → UPDATED",
      byEmail("ann@x.io", { onUpdate: { firstName: "Bo" } }),
      [ann],
      "write",
      { result: "UPDATED", id: ann.id },
    ],
    [
      "update-only, no match → NOT_FOUND",
      byEmail("new@x.io", { mode: "update" }),
      [],
      "error",
      { kind: "NOT_FOUND" },
    ],
    [
      "an unknown ID → NOT_FOUND",
      { lookup: [{ kind: "ID", value: ULID(9) }] },
      [ann],
      "error",
      { kind: "NOT_FOUND" },
    ],
    [
      "an unknown NUMBER → NOT_FOUND",
      { lookup: [{ kind: "NUMBER", value: "99" }] },
      [ann],
      "error",
      { kind: "NOT_FOUND" },
    ],
    [
      "create-only, a match → ALREADY_EXISTS",
      byEmail("ann@x.io", { mode: "create" }),
      [ann],
      "error",
      { kind: "ALREADY_EXISTS", customerIds: [ann.id] },
    ],
    [
      "keys of two customers → CONFLICT",
      {
        lookup: [
          { kind: "EMAIL", value: "ann@x.io" },
          { kind: "EMAIL", value: "bob@x.io" },
        ],
      },
      [ann, bob],
      "error",
      { kind: "CONFLICT", customerIds: [ann.id, bob.id] },
    ],
    [
      "an identifier another customer owns → TAKEN",
      byEmail("ann@x.io", {
        onUpdate: { identifiers: [{ kind: "EMAIL", value: "bob@x.io", path: ["in", "email"] }] },
      }),
      [ann, bob],
      "error",
      {
        kind: "VALIDATION",
        fields: [expect.objectContaining({ path: ["in", "email"], code: "TAKEN" })],
      },
    ],
    [
      "a create without any identifier → REQUIRED",
      { lookup: [], onCreate: { firstName: "Nobody" } },
      [],
      "error",
      {
        kind: "VALIDATION",
        fields: [expect.objectContaining({ path: ["onCreate", "identifiers"], code: "REQUIRED" })],
      },
    ],
    [
      "… unless the dialect allows it",
      { lookup: [], onCreate: { firstName: "Nobody" }, allowNoIdentifier: true },
      [],
      "write",
      { result: "CREATED" },
    ],
  ])("%s", (_name, input, candidates, type, expected = {}) => {
    const d = plan(input, candidates);
    expect(d.type).toBe(type);
    if (d.type === "error") expect(d.error).toMatchObject(expected);
    else if (d.type === "write") expect(d).toMatchObject(expected);
  });

  it("a create writes its lookup's identifiers unless onCreate names that kind", () => {
    const d = plan({
      lookup: [
        { kind: "EMAIL", value: " ZZ1@x.io" },
        { kind: "EXTERNAL_ID", value: "e-1" },
      ],
      onCreate: { identifiers: [{ kind: "EXTERNAL_ID", value: "e-2" }] },
    });
    if (d.type !== "write") throw new Error(d.type);
    expect(d.state.identifiers.map((i) => [i.kind, i.value, i.primary])).toEqual([
      ["EXTERNAL_ID", "e-2", true],
      ["EMAIL", "zz1@x.io", true],
    ]);
    // The same call against what it created: NOOP.
    const created = customer(3, {
      identifiers: d.state.identifiers.map((i) => ({ ...i, createdAt: NOW })),
    });
    expect(plan({ lookup: [{ kind: "EMAIL", value: "zz1@x.io" }] }, [created]).type).toBe("noop");
  });

  it("requirements: a create must meet them; an update only those its patch touches", () => {
    const required = [
      { anyOf: ["firstName" as const, { identifier: "PHONE" }], path: [], message: "need one" },
    ];
    const create = plan(byEmail("new@x.io", { required }));
    expect(create.type === "error" && create.error.fields).toEqual([
      { path: [], code: "BLANK", message: "need one" },
    ]);
    expect(plan(byEmail("new@x.io", { required, onCreate: { firstName: "N" } })).type).toBe(
      "write",
    );
    const nameless = customer(4, { identifiers: [email("n@x.io")] });
    expect(plan(byEmail("n@x.io", { required, onUpdate: { note: "x" } }), [nameless]).type).toBe(
      "write",
    );
    const cleared = plan(byEmail("ann@x.io", { required, onUpdate: { firstName: null } }), [ann]);
    expect(cleared.type === "error" && cleared.error.fields[0]?.message).toBe("need one");
  });
});

describe("prepareUpsert", () => {
  const fullName = {
    anyOf: ["fullName" as const],
    path: { onCreate: ["onCreate", "fullName"], onUpdate: ["onUpdate", "fullName", "value"] },
    code: "REQUIRED" as const,
    message: "fullName is required",
  };
  it("a single-field requirement blanked by either patch is refused at that patch's path", () => {
    const p = prepareUpsert(
      ctx,
      {
        lookup: [{ kind: "EMAIL", value: "a@x.io" }],
        onCreate: { fullName: "A" },
        onUpdate: { fullName: "  " },
        required: [fullName],
      },
      new Map(),
      NOW,
    );
    expect(!p.ok && p.error.fields).toEqual([
      {
        path: ["onUpdate", "fullName", "value"],
        code: "REQUIRED",
        message: "fullName is required",
      },
    ]);
  });
  it.each([
    ["c_garbage", "NOT_FOUND"],
    [ULID(1), "NOT_FOUND"], // the dialect's prefix is missing
    ["   ", "VALIDATION"],
  ])("an ID key %j with the dialect's prefix → %s", (value, kind) => {
    const p = prepareUpsert(
      ctx,
      { lookup: [{ kind: "ID", value, idPrefix: "c_" }], mode: "update" },
      new Map(),
      NOW,
    );
    expect(!p.ok && p.error.kind).toBe(kind);
  });
  it("the dialect's prefix is stripped", () => {
    const p = prepareUpsert(
      ctx,
      { lookup: [{ kind: "ID", value: ` c_${ULID(1)}`, idPrefix: "c_" }] },
      new Map(),
      NOW,
    );
    expect(p.ok && p.value.lookup[0]?.value).toBe(ULID(1));
  });
});
