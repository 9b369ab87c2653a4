import type { Customer } from "@cg/core";
import { FLUENT_KEYS, FLUENT_NS, type Json } from "./fluent-input.ts";

/** Fluent's Customer object as the schema resolves it (anchors/fluent Customer). */
export interface FluentCustomer {
  id: string;
  createdOn: string;
  updatedOn: string;
  ref: string | null;
  status: string | null;
  attributes: { name: string; type: string; value: Json }[];
  title: string | null;
  department: string | null;
  country: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  timezone: string | null;
  promotionOptIn: boolean | null;
  retailerId: number | null;
}

const attr = (c: Customer, namespace: string, key: string) =>
  c.attributes.find((a) => a.namespace === namespace && a.key === key)?.value;
const text = (v: unknown) => (typeof v === "string" ? v : null);
const identifier = (c: Customer, kind: string) => {
  const own = c.identifiers.filter((i) => i.kind === kind && i.namespace === "");
  return (own.find((i) => i.primary) ?? own[0])?.value ?? null;
};

/**
 * The canonical customer as Fluent shows it. `id` is the customer's number; `ref` mirrors the
 * username; primaryEmail/primaryPhone/country are the Fluent text core kept when it could not
 * link or map them, else the canonical email/phone identifier and ISO country.
 */
export function toFluentCustomer(c: Customer): FluentCustomer {
  const username = identifier(c, "USERNAME");
  const consent = c.marketing.email?.state;
  const retailer = attr(c, FLUENT_NS, FLUENT_KEYS.retailer);
  return {
    id: String(c.number),
    createdOn: c.createdAt,
    updatedOn: c.updatedAt,
    ref: username,
    status: c.status,
    attributes: c.attributes
      .filter((a) => a.namespace === "")
      .map((a) => ({ name: a.key, type: a.type, value: a.value })),
    title: c.title,
    department: c.department,
    country: text(attr(c, FLUENT_NS, FLUENT_KEYS.country)) ?? c.country,
    firstName: c.firstName,
    lastName: c.lastName,
    username,
    primaryEmail: text(attr(c, FLUENT_NS, FLUENT_KEYS.primaryEmail)) ?? identifier(c, "EMAIL"),
    primaryPhone: text(attr(c, FLUENT_NS, FLUENT_KEYS.primaryPhone)) ?? identifier(c, "PHONE"),
    timezone: c.timezone,
    promotionOptIn: consent === undefined ? null : consent === "SUBSCRIBED",
    retailerId: typeof retailer === "number" ? retailer : null,
  };
}
