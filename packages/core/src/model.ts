import type {
  Actor,
  AddressRecord,
  CustomerRecord,
  CustomerScalars,
  FieldChange,
  MarketingConsent,
} from "@cg/db";
import type { Path } from "./errors.ts";

export type {
  Actor,
  AddressRecord,
  AttributeRecord,
  CustomerScalars,
  EventRecord,
  FieldChange,
  IdentifierRecord,
  MarketingConsent,
  MembershipRecord,
} from "@cg/db";

import type { FieldCode } from "./errors.ts";

export {
  type Comparator,
  type CustomerFilter,
  FILTERABLE_FIELDS,
  type FilterableField,
  filterShape,
  type TextMatch,
} from "@cg/db";

/** The canonical customer (DESIGN.md "Canonical model"): every dialect reads and writes this. */
export type Customer = CustomerRecord;

/** Identifier kinds; a dialect may use others, but these are the ones core normalises. */
export const IdentifierKind = {
  EMAIL: "EMAIL",
  PHONE: "PHONE",
  EXTERNAL_ID: "EXTERNAL_ID",
  USERNAME: "USERNAME",
  CUSTOM_ID: "CUSTOM_ID",
  CARD: "CARD",
  WECHAT: "WECHAT",
} as const;
export type IdentifierKind = (typeof IdentifierKind)[keyof typeof IdentifierKind] | (string & {});

/** A lookup key: an identifier, or the customer's own `ID` or numeric `NUMBER`. */
export interface LookupKey {
  kind: IdentifierKind | "ID" | "NUMBER";
  namespace?: string | undefined;
  value: string;
  /**
   * ID only: the dialect's prefix on its customer ids (Plain's `c_`). Core strips it; an ID
   * without it, or not of the form core gives its ids, names no customer (NOT_FOUND).
   */
  idPrefix?: string | undefined;
  /** The dialect's path for this value, echoed in errors about it. */
  path?: Path | undefined;
}

export interface IdentifierInput {
  kind: IdentifierKind;
  namespace?: string | undefined;
  value: string;
  primary?: boolean | undefined;
  verified?: boolean | undefined;
  path?: Path | undefined;
  /**
   * Link it only if it can be (vendors that neither validate nor deduplicate the value: Fluent's
   * primaryEmail/primaryPhone). When the value is invalid, or another customer of the tenant
   * holds it, the write still succeeds without it: the patch's replacement of this kind and
   * namespace stands (the customer holds no identifier of it), the text as given is kept in the
   * `fallback` attribute, and the change list (event) gets an `unlinked` entry. When it is linked,
   * the fallback attribute is removed. See ARCHITECTURE.md "Identifiers linked if free".
   */
  ifFree?:
    | {
        fallback: { namespace: string; key: string };
        /** The text as given, before normalisation (core fills it in). */
        text?: string | undefined;
      }
    | undefined;
}

/** An identifier an `ifFree` input did not link, as the change list records it. */
export interface UnlinkedIdentifier {
  kind: string;
  namespace: string;
  /** The text as given. */
  value: string;
  /** INVALID (not a valid value of its kind) or TAKEN (another customer holds it). */
  reason: "INVALID" | "TAKEN";
}

export type AddressInput = Partial<Omit<AddressRecord, "id" | "number" | "position">> & {
  /** An existing address to update in place (keeps its id and number). */
  id?: string | undefined;
  /** The same, by the address's number (dialects with numeric ids: Shopify's MailingAddress gid). */
  number?: number | undefined;
};

export interface AttributeInput {
  namespace?: string | undefined;
  key: string;
  type: string;
  /** null removes the attribute */
  value: unknown;
}

export type GroupRef = { id: string } | { key: string } | { externalId: string };

type Nullable<T> = { [K in keyof T]?: T[K] | null | undefined };

/**
 * What to write. Absent (undefined) = leave alone; null = clear (non-nullable columns fall back
 * to their empty value: [] / false / {}).
 */
export interface CustomerPatch extends Nullable<Omit<CustomerScalars, "marketing" | "loyalty">> {
  /** Per channel; a channel set to null is removed. Other channels are left alone. */
  marketing?: Record<string, MarketingConsent | null> | null | undefined;
  /** Merged key by key; a key set to null is removed. */
  loyalty?: Record<string, unknown> | null | undefined;
  identifiers?: IdentifierInput[] | undefined;
  removeIdentifiers?: LookupKey[] | undefined;
  /** Removes every stored identifier of these kinds (+ namespace), whatever its value (e.g. Plain's `externalId: { value: null }`). */
  clearIdentifiers?: { kind: IdentifierKind; namespace?: string | undefined }[] | undefined;
  addresses?: AddressInput[] | null | undefined;
  attributes?: AttributeInput[] | undefined;
  groups?: GroupRef[] | undefined;
  removeGroups?: GroupRef[] | undefined;
}

export type ListMode = "replace" | "merge";

/**
 * How list fields combine with what is stored. Defaults: tags, taxExemptions, addresses and
 * groups are replaced wholesale; identifiers replace the stored ones of the same kind and
 * namespace; attributes merge key by key.
 */
export interface ListModes {
  tags?: ListMode;
  taxExemptions?: ListMode;
  addresses?: ListMode;
  identifiers?: ListMode;
  attributes?: ListMode;
  groups?: ListMode;
}

/** What a requirement asks for: a scalar field, or an identifier of a kind. */
export type RequiredTarget = keyof CustomerScalars | { identifier: IdentifierKind };

/**
 * A dialect's rule on the customer (UpsertInput.required). Met when any one of `anyOf` is
 * non-blank on the customer the call leaves behind. Checked where a call can break it:
 * - a patch (onCreate or onUpdate, whichever branch runs) that sets a single-field requirement to
 *   blank or null is refused at that patch's path;
 * - a create must meet every requirement; an update, those whose fields its patch touches.
 */
export interface Requirement {
  anyOf: RequiredTarget[];
  /** Where the error points: one path, or one per patch. Default: the patch's path to the field. */
  path?: Path | { onCreate: Path; onUpdate: Path } | undefined;
  /** Default BLANK. */
  code?: FieldCode | undefined;
  /** Default "<field> can't be blank". */
  message?: string | undefined;
}

export interface UpsertInput {
  /** Ordered identifiers that name the customer. Empty = always create. */
  lookup: LookupKey[];
  /** upsert (default), create-only (ALREADY_EXISTS on a match) or update-only (NOT_FOUND when none). */
  mode?: "upsert" | "create" | "update" | undefined;
  onCreate?: CustomerPatch | undefined;
  onUpdate?: CustomerPatch | undefined;
  lists?: ListModes | undefined;
  /** The dialect's required fields (see Requirement). */
  required?: Requirement[] | undefined;
  /**
   * A create may leave the customer without any identifier (e.g. Shopify's customerCreate with
   * only a name). Default false: such a create is refused (VALIDATION, REQUIRED at
   * onCreate.identifiers), so a repeated call cannot create the same unnamed customer twice.
   * A create writes its lookup's identifiers unless onCreate names identifiers of that kind.
   */
  allowNoIdentifier?: boolean | undefined;
  idempotencyKey?: string | undefined;
  /**
   * ISO 3166-1 alpha-2: phones without a country code (in the lookup and the patches) are read
   * in this country when the patch names none. Dialects pass the tenant's default country
   * (core.tenantSettings) where their vendor does the same (Fluent, Capillary).
   */
  defaultCountry?: string | null | undefined;
  /**
   * The vendor's own length limits, tighter than core's: a scalar field name, an identifier kind
   * (checked on the text as given, before normalisation) or `attribute:<namespace>.<key>` (a
   * string value) → maximum characters. Longer is VALIDATION with code TOO_LONG at its path.
   */
  maxLengths?: Partial<Record<string, number>> | undefined;
}

export type UpsertResult = "CREATED" | "UPDATED" | "NOOP";

export interface UpsertOutcome {
  result: UpsertResult;
  customer: Customer;
  changes: FieldChange[];
  /**
   * True when the idempotency key had been used with the same request: nothing was written now,
   * and `result` and `changes` are those of the first call (a resumed import counts it as done).
   */
  replayed?: true;
}

export interface CallContext {
  tenantId: string;
  actor: Actor;
}
