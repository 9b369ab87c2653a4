import type { AddressRecord, Customer } from "@cg/core";
import type { ConnectionShape } from "./schema/refs.ts";

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

export interface PageArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
  reverse?: boolean | null | undefined;
}

/** Relay pagination over an in-memory list (a customer's addresses). */
export function paginate<T>(all: T[], args: PageArgs, key: (t: T) => string): ConnectionShape<T> {
  const cursor = (t: T) => Buffer.from(key(t)).toString("base64url");
  let items = args.reverse ? [...all].reverse() : [...all];
  const total = items.length;
  let start = 0;
  let end = total;
  if (args.after) {
    const i = items.findIndex((t) => cursor(t) === args.after);
    if (i >= 0) start = i + 1;
  }
  if (args.before) {
    const i = items.findIndex((t) => cursor(t) === args.before);
    if (i >= 0) end = i;
  }
  items = items.slice(start, end);
  const windowStart = start;
  let from = 0;
  let to = items.length;
  if (args.first != null) to = Math.min(to, Math.max(0, args.first));
  if (args.last != null) from = Math.max(0, to - Math.max(0, args.last));
  const page = items.slice(from, to);
  const edges = page.map((node) => ({ cursor: cursor(node), node }));
  return {
    edges,
    pageInfo: {
      hasPreviousPage: windowStart + from > 0,
      hasNextPage: windowStart + to < total,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
