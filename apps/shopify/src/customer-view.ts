import type { AddressRecord, Customer } from "@cg/core";
import {
  base64Cursor,
  type ConnectionShape,
  emptyPageInfo,
  type PageArgs,
  type PageRules,
  paginateInMemory,
} from "@cg/graphql-kit";

export const defaultAddress = (c: Customer): AddressRecord | null =>
  c.addresses.find((a) => a.isDefault) ?? c.addresses[0] ?? null;

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** Country name for an address: stored, or derived from its ISO code. */
export function countryName(a: AddressRecord): string | null {
  if (a.country) return a.country;
  if (!a.countryCode) return null;
  try {
    return regionNames.of(a.countryCode) ?? null;
  } catch {
    return null;
  }
}

/** Shopify's MailingAddress.formatted lines. */
export function formatted(a: AddressRecord, withName: boolean, withCompany: boolean): string[] {
  const lines = [
    withName ? [a.firstName, a.lastName].filter(Boolean).join(" ") : "",
    withCompany ? (a.company ?? "") : "",
    a.address1 ?? "",
    a.address2 ?? "",
    [a.city, [a.provinceCode ?? a.province, a.zip].filter(Boolean).join(" ")]
      .filter(Boolean)
      .join(" "),
    countryName(a) ?? "",
  ];
  return lines.filter((l) => l.trim() !== "");
}

/** "less than a minute", "5 minutes", "about 3 hours", "12 days", "about 2 years" (as Shopify words it). */
export function lifetimeDuration(createdAt: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(createdAt)) / 1000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (s < 60) return "less than a minute";
  if (s < 3600) return plural(Math.round(s / 60), "minute");
  if (s < 86400) return `about ${plural(Math.round(s / 3600), "hour")}`;
  if (s < 86400 * 30) return plural(Math.round(s / 86400), "day");
  if (s < 86400 * 365) return `about ${plural(Math.round(s / (86400 * 30)), "month")}`;
  return `about ${plural(Math.round(s / (86400 * 365)), "year")}`;
}

/**
 * Shopify's paging of in-memory lists (addresses, metafields): base64url cursors of the item's
 * key; an unknown cursor bounds nothing and no page size applies unless asked (as before).
 */
export const SHOPIFY_PAGES: PageRules = { cursor: base64Cursor() };

/** A Shopify connection over an in-memory list (the lenient rules cannot fail). */
export function paginate<T>(
  all: readonly T[],
  args: PageArgs & { reverse?: boolean | null | undefined },
  key: (t: T) => string,
): ConnectionShape<T> {
  const p = paginateInMemory(all, key, args, SHOPIFY_PAGES);
  return p.ok ? { edges: p.edges, pageInfo: p.pageInfo } : { edges: [], pageInfo: emptyPageInfo };
}
