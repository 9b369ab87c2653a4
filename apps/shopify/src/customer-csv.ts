import {
  type Customer,
  type CustomerPatch,
  customerNames,
  type DomainError,
  primaryEmail,
  primaryPhone,
  type UpsertInput,
} from "@cg/core";
import type { RecordError, RecordFormat, RecordRead } from "@cg/dialect-kit";
import { CONTACT_REQUIRED } from "./customer-input.ts";
import { type CustomerInputShape, fullPatch } from "./customer-mutations.ts";
import { defaultAddress } from "./customer-view.ts";
import { userErrors } from "./errors.ts";

/**
 * Shopify's customer CSV (Admin → Customers → Export / Import): the columns of its export, in its
 * order. Import reads the same header (any order; Customer ID, Total Spent and Total Orders are
 * export-only and ignored, as Shopify's import ignores them; other unknown columns are ignored).
 */
export const SHOPIFY_CSV_COLUMNS = [
  "Customer ID",
  "First Name",
  "Last Name",
  "Email",
  "Accepts Email Marketing",
  "Default Address Company",
  "Default Address Address1",
  "Default Address Address2",
  "Default Address City",
  "Default Address Province Code",
  "Default Address Country Code",
  "Default Address Zip",
  "Default Address Phone",
  "Phone",
  "Accepts SMS Marketing",
  "Total Spent",
  "Total Orders",
  "Note",
  "Tax Exempt",
  "Tags",
] as const;
type Column = (typeof SHOPIFY_CSV_COLUMNS)[number];

/** Default Address columns → MailingAddressInput fields. */
const ADDRESS: [Column, string][] = [
  ["Default Address Company", "company"],
  ["Default Address Address1", "address1"],
  ["Default Address Address2", "address2"],
  ["Default Address City", "city"],
  ["Default Address Province Code", "provinceCode"],
  ["Default Address Country Code", "countryCode"],
  ["Default Address Zip", "zip"],
  ["Default Address Phone", "phone"],
];

/** Shopify input fields (userErrors.field after `input`) → the column a row gave them in. */
const COLUMN_OF: Record<string, Column> = {
  firstName: "First Name",
  lastName: "Last Name",
  email: "Email",
  phone: "Phone",
  note: "Note",
  tags: "Tags",
  taxExempt: "Tax Exempt",
  marketing: "Accepts Email Marketing",
  ...Object.fromEntries(ADDRESS.map(([col, f]) => [`addresses.${f}`, col])),
};

/** A Shopify userErrors field (["input", "addresses", "0", "city"]) as its CSV column. */
function columnOf(field: string[] | null): (string | number)[] {
  if (!field?.length) return [];
  const [head, ...rest] = field;
  const f = head === "input" || head === "identifier" ? rest : field;
  if (f[0] === "addresses") return [COLUMN_OF[`addresses.${f[2]}`] ?? f.join(".")];
  if (f[0] === "marketing")
    return [f[1] === "sms" ? "Accepts SMS Marketing" : "Accepts Email Marketing"];
  return [COLUMN_OF[f[0] ?? ""] ?? f.join(".")];
}

/** A cell as text, trimmed; blank is absent (leaves the field alone). The apostrophe a spreadsheet
 * export puts before numbers and phone numbers (`'+16135550100`) is not part of the value. */
function cell(row: Record<string, unknown>, col: Column): string | undefined {
  const v = row[col];
  if (typeof v !== "string") return undefined;
  const t = v.trim().replace(/^'/, "");
  return t === "" ? undefined : t;
}

const YES = new Set(["yes", "true", "y", "1"]);
const NO = new Set(["no", "false", "n", "0"]);

/** yes / no (Shopify's values; true / false too), else an error for that column. */
function yesNo(row: Record<string, unknown>, col: Column, errors: RecordError[]) {
  const v = cell(row, col)?.toLowerCase();
  if (v === undefined) return undefined;
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  errors.push({ path: [col], code: "INVALID", message: `${col} must be yes or no` });
  return undefined;
}

/**
 * One row as customerCreate / customerSet input: the row names the customer by Email, else Phone
 * (an existing customer with it is updated, as Shopify's "overwrite existing customers" import
 * does); a row with neither creates one (a name is enough). Blank cells leave a field alone. Tags
 * are comma-separated and replace the customer's; the default address is added unless the
 * customer already has the same one. Accepts Email/SMS Marketing yes|no are the consent states
 * SUBSCRIBED | NOT_SUBSCRIBED.
 */
export function readShopifyCsvRow(record: unknown): RecordRead {
  if (typeof record !== "object" || record === null || Array.isArray(record))
    return { ok: false, errors: [{ path: [], message: "not a CSV row" }] };
  const row = record as Record<string, unknown>;
  const errors: RecordError[] = [];
  const input: CustomerInputShape = {};
  const email = cell(row, "Email");
  const phone = cell(row, "Phone");
  const firstName = cell(row, "First Name");
  const lastName = cell(row, "Last Name");
  const note = typeof row.Note === "string" && row.Note.trim() !== "" ? row.Note : undefined;
  if (firstName !== undefined) input.firstName = firstName;
  if (lastName !== undefined) input.lastName = lastName;
  if (email !== undefined) input.email = email;
  if (phone !== undefined) input.phone = phone;
  if (note !== undefined) input.note = note;
  const tags = cell(row, "Tags");
  if (tags !== undefined)
    input.tags = tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  const taxExempt = yesNo(row, "Tax Exempt", errors);
  if (taxExempt !== undefined) input.taxExempt = taxExempt;
  const state = (b: boolean) => ({ marketingState: b ? "SUBSCRIBED" : "NOT_SUBSCRIBED" });
  const emailOk = yesNo(row, "Accepts Email Marketing", errors);
  if (emailOk !== undefined) input.emailMarketingConsent = state(emailOk);
  const smsOk = yesNo(row, "Accepts SMS Marketing", errors);
  if (smsOk !== undefined) input.smsMarketingConsent = state(smsOk);
  const address: Record<string, string> = {};
  for (const [col, f] of ADDRESS) {
    const v = cell(row, col);
    if (v !== undefined) address[f] = v;
  }
  if (Object.keys(address).length) input.addresses = [address];
  if (errors.length) return { ok: false, errors };
  const patch: CustomerPatch = fullPatch(input);
  const key = email
    ? { kind: "EMAIL", value: email, path: ["input", "email"] }
    : phone
      ? { kind: "PHONE", value: phone, path: ["input", "phone"] }
      : null;
  const out: UpsertInput = key
    ? {
        lookup: [key],
        mode: "upsert",
        onCreate: patch,
        onUpdate: patch,
        lists: { addresses: "merge" },
      }
    : {
        lookup: [],
        mode: "create",
        onCreate: patch,
        required: CONTACT_REQUIRED,
        allowNoIdentifier: true,
      };
  return { ok: true, input: out };
}

/** A failed row's upsert as Shopify's userErrors, each pointing at the row's column. */
export function explainShopifyCsv(e: DomainError): RecordError[] {
  let errs: ReturnType<typeof userErrors>;
  try {
    errs = userErrors(e);
  } catch {
    // Kinds Shopify answers outside userErrors (INTERNAL, …): the error itself.
    return [{ path: [], code: e.kind, message: e.message }];
  }
  return errs.map((u) => ({
    path: columnOf(u.field),
    message: u.message,
    ...(u.code ? { code: u.code } : {}),
  }));
}

const yn = (b: boolean) => (b ? "yes" : "no");

/** One customer as a row of Shopify's export (no orders are kept here: totals are 0). */
export function writeShopifyCsvRow(c: Customer): Record<Column, string> {
  const a = defaultAddress(c);
  const names = customerNames(c);
  return {
    "Customer ID": String(c.number),
    "First Name": names.firstName ?? "",
    "Last Name": names.lastName ?? "",
    Email: primaryEmail(c)?.value ?? "",
    "Accepts Email Marketing": yn(c.marketing.email?.state === "SUBSCRIBED"),
    "Default Address Company": a?.company ?? "",
    "Default Address Address1": a?.address1 ?? "",
    "Default Address Address2": a?.address2 ?? "",
    "Default Address City": a?.city ?? "",
    "Default Address Province Code": a?.provinceCode ?? "",
    "Default Address Country Code": a?.countryCode ?? "",
    "Default Address Zip": a?.zip ?? "",
    "Default Address Phone": a?.phone ?? "",
    Phone: primaryPhone(c)?.value ?? "",
    "Accepts SMS Marketing": yn(c.marketing.sms?.state === "SUBSCRIBED"),
    "Total Spent": "0.00",
    "Total Orders": "0",
    Note: c.note ?? "",
    "Tax Exempt": yn(c.taxExempt),
    Tags: c.tags.join(", "),
  };
}

/** `cg import|export --format shopify-csv`. */
export const shopifyCsvFormat: RecordFormat = {
  name: "shopify-csv",
  description: "Shopify's customer CSV (Admin → Customers → Export/Import)",
  syntax: "csv",
  columns: SHOPIFY_CSV_COLUMNS,
  read: (record) => readShopifyCsvRow(record),
  explain: explainShopifyCsv,
  write: writeShopifyCsvRow,
};
