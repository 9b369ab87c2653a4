import type { LookupKey } from "./model.ts";

const ULID = "[0-9A-HJKMNP-TV-Z]{26}";

/**
 * Every form a customer's id takes across the dialects, and the key it names in core: our own id
 * (a ULID), Plain's `c_<id>`, Shopify's `gid://shopify/Customer/<number>` (the customer number).
 * The internal API accepts any of them, so an operator can paste whatever a dialect showed.
 */
const FORMS: readonly { form: string; pattern: RegExp; key: (m: RegExpExecArray) => LookupKey }[] =
  [
    { form: "id", pattern: new RegExp(`^(${ULID})$`), key: (m) => ({ kind: "ID", value: m[1]! }) },
    {
      form: "plain",
      pattern: new RegExp(`^c_(${ULID})$`),
      key: (m) => ({ kind: "ID", value: m[1]! }),
    },
    {
      form: "shopify",
      pattern: /^gid:\/\/shopify\/Customer\/(\d{1,15})(?:\?.*)?$/,
      key: (m) => ({ kind: "NUMBER", value: String(Number(m[1])) }),
    },
  ];

/** The lookup key a customer id of any dialect names, or null when it is none of them. */
export function customerRef(id: string): LookupKey | null {
  const s = id.trim();
  for (const f of FORMS) {
    const m = f.pattern.exec(s);
    if (m) return f.key(m);
  }
  return null;
}

/** The forms customerRef accepts, for error messages and docs. */
export const CUSTOMER_REF_FORMS =
  "our id (26-character ULID), Plain's c_<id>, Shopify's gid://shopify/Customer/<number>";
