import {
  type AttributeInput,
  type CustomerPatch,
  type IdentifierInput,
  type LookupKey,
  msisdnToE164,
  type Path,
  type UpsertInput,
} from "@cg/core";
import { type CapMessage, msg } from "./errors.ts";
import {
  type ChangeIdentifierIn,
  type CustomerIn,
  MULTI_ACCOUNT_SOURCES,
  type ProfileIn,
  SOURCES,
} from "./schemas.ts";

/**
 * Pure translators from Capillary payloads to core upserts, keeping Capillary's field paths
 * (`profiles.0.identifiers.1.value`) so core's errors point at what the client sent.
 */

/**
 * Identifier types → core kinds. mobile and email are the tenant's phone and email, shared with
 * every dialect (Capillary merges customers across sources on them); the others are unique per
 * source account, so they live in the account's namespace.
 */
export const IDENTIFIER_TYPES: Record<string, { kind: string; scoped: boolean }> = {
  mobile: { kind: "PHONE", scoped: false },
  email: { kind: "EMAIL", scoped: false },
  externalId: { kind: "EXTERNAL_ID", scoped: true },
  cardnumber: { kind: "CARD", scoped: true },
  card: { kind: "CARD", scoped: true },
  wechat: { kind: "WECHAT", scoped: true },
  martjackId: { kind: "MARTJACK_ID", scoped: true },
  fbId: { kind: "FB_ID", scoped: true },
  tmall_uname: { kind: "TMALL_UNAME", scoped: true },
  cuid: { kind: "CUID", scoped: true },
  ali_uname: { kind: "ALI_UNAME", scoped: true },
  jd_uname: { kind: "JD_UNAME", scoped: true },
  vip_uname: { kind: "VIP_UNAME", scoped: true },
  mobilePush: { kind: "MOBILE_PUSH", scoped: true },
  line: { kind: "LINE", scoped: true },
  unionId: { kind: "UNION_ID", scoped: true },
};
const TYPE_BY_LOWER = new Map(Object.keys(IDENTIFIER_TYPES).map((t) => [t.toLowerCase(), t]));
/** The documented spelling of an identifier type given in any case (`externalID`), or null. */
export const identifierType = (t: string) => TYPE_BY_LOWER.get(t.trim().toLowerCase()) ?? null;
/** Core kind → Capillary type (the first spelling in the table). */
export const TYPE_OF_KIND = new Map(
  Object.entries(IDENTIFIER_TYPES)
    .reverse()
    .map(([t, k]) => [k.kind, t]),
);

/** Comm channel types Capillary accepts; mobile and email ones are identifiers too. */
const CHANNELS = ["mobile", "email", "wechat", "ios", "android", "line", "mobilePush"];

/** Where a source account's scoped identifiers live, and the key of its profile. */
export interface SourceAccount {
  source: string;
  accountId: string;
}
export const namespaceOf = (a: SourceAccount) =>
  a.accountId ? `capillary:${a.source}:${a.accountId}` : `capillary:${a.source}`;
/** Core attribute namespace holding one entry per source account (the customer's profiles[]). */
export const PROFILES_NS = "capillary.profiles";
export const FIELDS_NS = "capillary.fields";
export const EXTENDED_NS = "capillary.extendedFields";
export const profileKey = (a: SourceAccount) => `${a.source}:${a.accountId}`;

/** Status labels an org has by default (3017 for any other). */
export const STATUS_LABELS = ["Active", "Inactive", "Suspended", "Blocked", "Deleted"];

/** Reads and checks a source and account id (from the profile, else the query string). */
export function readSource(
  given: { source?: string | undefined; accountId?: string | undefined },
  op: "add" | "upsert" | "lookup",
): SourceAccount | CapMessage {
  const source = given.source?.trim().toUpperCase() ?? "";
  if (!source) return msg(op === "lookup" ? 8001 : 8004);
  if (!(SOURCES as readonly string[]).includes(source)) return msg(8003);
  const accountId = given.accountId?.trim() ?? "";
  if (!accountId && MULTI_ACCOUNT_SOURCES.includes(source))
    return msg(op === "lookup" ? 8015 : 8045);
  return { source, accountId };
}

/** One identifier as a core identifier (mobile in MSISDN form read with the org's country). */
export function toIdentifier(
  type: string,
  value: string,
  account: SourceAccount,
  path: Path,
  defaultCountry: string | null,
): IdentifierInput | null {
  const t = identifierType(type);
  if (!t) return null;
  const { kind, scoped } = IDENTIFIER_TYPES[t]!;
  return {
    kind,
    namespace: scoped ? namespaceOf(account) : "",
    value: kind === "PHONE" ? msisdnToE164(value, defaultCountry) : value,
    path,
  };
}

const attrType = (v: unknown) =>
  typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "string";

/** Fields of the customer an add, update or upsert writes (identifiers apart). */
function fieldsPatch(c: CustomerIn, p: ProfileIn, account: SourceAccount): CustomerPatch {
  const patch: CustomerPatch = {};
  if (p.firstName !== undefined) patch.firstName = p.firstName;
  if (p.lastName !== undefined) patch.lastName = p.lastName;
  const attributes: AttributeInput[] = [
    { namespace: PROFILES_NS, key: profileKey(account), type: "json", value: account },
  ];
  for (const [key, value] of Object.entries(p.fields ?? {}))
    attributes.push({ namespace: FIELDS_NS, key, type: "string", value });
  for (const [key, value] of Object.entries(c.extendedFields ?? {})) {
    if (key === "gender") patch.gender = value === null ? null : String(value);
    else if (key === "dateOfBirth" || key === "dob")
      patch.dateOfBirth = value === null ? null : String(value).slice(0, 10);
    else attributes.push({ namespace: EXTENDED_NS, key, type: attrType(value), value });
  }
  patch.attributes = attributes;
  const loyalty: Record<string, unknown> = {};
  if (c.loyaltyInfo?.loyaltyType) loyalty.loyaltyType = c.loyaltyInfo.loyaltyType;
  const label = c.statusLabel?.trim();
  const known = label && STATUS_LABELS.find((l) => l.toLowerCase() === label.toLowerCase());
  if (known) loyalty.statusLabel = known;
  if (Object.keys(loyalty).length) patch.loyalty = loyalty;
  const subs = c.subscriptionInfo?.subscriptions ?? [];
  if (subs.length)
    patch.marketing = Object.fromEntries(
      subs.map((s) => [
        s.channel.toLowerCase() === "mobile" ? "sms" : s.channel.toLowerCase(),
        { state: s.type === "OPTIN" ? "SUBSCRIBED" : "UNSUBSCRIBED" },
      ]),
    );
  return patch;
}

export interface Translated {
  input: UpsertInput;
  account: SourceAccount;
  /** Failures that do not stop the write (Capillary answers them beside the result: 3017). */
  itemErrors: CapMessage[];
}

/**
 * A customer of a bulk upsert, or the body of an add: lookup by every identifier of its first
 * profile, create with all of them; an update writes identifiers only when the identifier
 * change is on (`skipChangeIdentifier=false`), replacing those of the same type.
 */
export function toUpsertInput(
  c: CustomerIn,
  o: {
    op: "upsert" | "add";
    changeIdentifiers: boolean;
    defaultCountry: string | null;
    query?: { source?: string | undefined; accountId?: string | undefined };
  },
): Translated | CapMessage[] {
  const p = c.profiles[0]!;
  const at: Path = ["profiles", 0];
  const account = readSource(
    { source: p.source ?? o.query?.source, accountId: p.accountId ?? o.query?.accountId },
    o.op,
  );
  if ("code" in account) return [account];
  const errors: CapMessage[] = [];
  const lookup: LookupKey[] = [];
  const ids: IdentifierInput[] = [];
  for (const [i, x] of (p.identifiers ?? []).entries()) {
    const id = toIdentifier(
      x.type,
      x.value,
      account,
      [...at, "identifiers", i, "value"],
      o.defaultCountry,
    );
    if (!id) {
      errors.push(msg(8005));
      continue;
    }
    lookup.push(id);
    ids.push(id);
  }
  for (const [i, ch] of (p.commChannels ?? []).entries()) {
    if (!CHANNELS.includes(ch.type)) {
      errors.push(msg(8010));
      continue;
    }
    if (ch.type !== "mobile" && ch.type !== "email") continue;
    const id = toIdentifier(
      ch.type,
      ch.value,
      account,
      [...at, "commChannels", i, "value"],
      o.defaultCountry,
    )!;
    const flags = {
      ...(ch.primary !== undefined ? { primary: ch.primary } : {}),
      ...(ch.verified !== undefined ? { verified: ch.verified } : {}),
    };
    const same = ids.find((x) => x.kind === id.kind && x.value === id.value);
    if (same) Object.assign(same, flags);
    else ids.push({ ...id, ...flags });
  }
  if (errors.length) return errors;
  if (!lookup.length) return [msg(8005)];
  const fields = fieldsPatch(c, p, account);
  const label = c.statusLabel?.trim();
  const itemErrors =
    label && !STATUS_LABELS.some((l) => l.toLowerCase() === label.toLowerCase()) ? [msg(3017)] : [];
  const input: UpsertInput = {
    lookup,
    mode: o.op === "add" ? "create" : "upsert",
    onCreate: { ...fields, identifiers: ids },
    onUpdate: o.changeIdentifiers ? { ...fields, identifiers: ids } : fields,
    defaultCountry: o.defaultCountry,
  };
  return { input, account, itemErrors };
}

/**
 * Add found the customer in another source: that source's account joins the customer (its
 * identifiers added, nothing else changed — add never updates details), as Capillary combines.
 */
export function combineInput(t: Translated, customerId: string): UpsertInput {
  const attrs = (t.input.onCreate?.attributes ?? []).filter((a) => a.namespace === PROFILES_NS);
  return {
    lookup: [{ kind: "ID", value: customerId }],
    mode: "update",
    onUpdate: { identifiers: t.input.onCreate?.identifiers ?? [], attributes: attrs },
    lists: { identifiers: "merge" },
    defaultCountry: t.input.defaultCountry,
  };
}

/** PUT /v2/customers/{id}: details only (identifiers cannot change here). */
export function toUpdateInput(
  c: CustomerIn,
  number: number,
  o: { defaultCountry: string | null; query: { source?: string; accountId?: string } },
): UpsertInput | CapMessage[] {
  const p = c.profiles[0]!;
  const account = readSource(
    { source: p.source ?? o.query.source, accountId: p.accountId ?? o.query.accountId },
    "upsert",
  );
  if ("code" in account) return [account];
  return {
    lookup: [{ kind: "NUMBER", value: String(number) }],
    mode: "update",
    onUpdate: fieldsPatch(c, p, account),
    defaultCountry: o.defaultCountry,
  };
}

/** POST|PUT /v2/customers/{id}/changeIdentifier: add and remove identifiers of one account. */
export function toChangeIdentifierInput(
  body: ChangeIdentifierIn,
  number: number,
  o: { defaultCountry: string | null; account: SourceAccount },
): UpsertInput | CapMessage[] {
  const errors: CapMessage[] = [];
  const read = (list: ChangeIdentifierIn["add"], name: string) =>
    (list ?? []).flatMap((x, i) => {
      const id = toIdentifier(x.type, x.value, o.account, [name, i, "value"], o.defaultCountry);
      if (!id) errors.push(msg(8005));
      return id ? [id] : [];
    });
  const add = read(body.add, "add");
  const remove = read(body.remove, "remove");
  if (errors.length) return errors;
  return {
    lookup: [{ kind: "NUMBER", value: String(number) }],
    mode: "update",
    onUpdate: {
      identifiers: add,
      removeIdentifiers: remove.map((r) => ({
        kind: r.kind,
        namespace: r.namespace,
        value: r.value,
        path: r.path,
      })),
    },
    lists: { identifiers: "merge" },
    defaultCountry: o.defaultCountry,
  };
}

/** A positive integer id as Capillary's clients send it, or null. */
export function parseUserId(s: string): number | null {
  return /^[1-9]\d{0,15}$/.test(s) ? Number(s) : null;
}
