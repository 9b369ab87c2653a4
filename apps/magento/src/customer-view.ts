import { type AddressRecord, type Customer, primaryEmail as corePrimaryEmail } from "@cg/core";
import { ATTR, GENDER_OPTION, MAGENTO_NS } from "./magento-input.ts";

/**
 * Core customer → the values Magento's Customer and CustomerAddress members read. Pure.
 * Magento's uids are the base64 of the numeric id (its UidEncoder), so `uid` and 2.4.9's `id`
 * are the customer's / address's number encoded.
 */
export const uidOf = (n: number | string) => Buffer.from(String(n)).toString("base64");
export const numberOfUid = (uid: string): number | null => {
  const s = Buffer.from(uid, "base64").toString("utf8");
  return /^[1-9][0-9]{0,15}$/.test(s) && uidOf(s) === uid ? Number(s) : null;
};

/** The customer's email as Magento shows it: core's primary email. */
export const primaryEmail = (c: Customer): string | null => corePrimaryEmail(c)?.value ?? null;

/** Magento's timestamp format (Y-m-d H:i:s, UTC). */
export const magentoTime = (iso: string) => iso.slice(0, 19).replace("T", " ");

export const gender = (c: Customer): number | null =>
  c.gender ? (GENDER_OPTION[c.gender.toLowerCase()] ?? null) : null;

export const isSubscribed = (c: Customer) => c.marketing.email?.state === "SUBSCRIBED";

const attr = (c: Customer, ns: string, key: string) =>
  c.attributes.find((a) => a.namespace === ns && a.key === key)?.value;

export const remoteAssistance = (c: Customer) =>
  attr(c, MAGENTO_NS, ATTR.remoteAssistance) === true;

/** The default billing address: the one Magento's default_billing names, if it still exists. */
export function defaultBilling(c: Customer): AddressRecord | null {
  const id = attr(c, MAGENTO_NS, ATTR.defaultBilling);
  return c.addresses.find((a) => a.id === id) ?? null;
}

/** The default shipping address is core's default address (Shopify's default address too). */
export const defaultShipping = (c: Customer): AddressRecord | null =>
  c.addresses.find((a) => a.isDefault) ?? null;

/** Magento's custom_attributes: the customer's unnamespaced core attributes. */
export function customAttributes(c: Customer, codes?: readonly string[] | null) {
  return c.attributes
    .filter((a) => a.namespace === "" && (!codes || codes.includes(a.key)))
    .map((a) =>
      Array.isArray(a.value)
        ? {
            code: a.key,
            selected_options: a.value.map((v) => ({ label: String(v), value: String(v) })),
          }
        : { code: a.key, value: a.value == null ? "" : String(a.value) },
    );
}

/** An address with the customer it belongs to (default flags, customer_id). */
export interface AddressView {
  address: AddressRecord;
  customer: Customer;
}
