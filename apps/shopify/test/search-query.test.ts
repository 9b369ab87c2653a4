import { describe, expect, it } from "vitest";
import { parseCustomerQuery } from "../src/search-query.ts";

const w = (q: string | null) => {
  const r = parseCustomerQuery(q);
  if ("error" in r) throw new Error(r.error);
  return r.where;
};
const email = (v: string) => ({
  identifier: { kind: "EMAIL", namespace: "", match: { equals: v } },
});

describe("Shopify search syntax → core filter", () => {
  it("an empty query matches everyone; bare words are free text; AND is implied", () => {
    expect(w(null)).toEqual({ all: [] });
    expect(w("   ")).toEqual({ all: [] });
    expect(w("Bob")).toEqual({ text: "Bob" });
    expect(w("John Smith")).toEqual({ all: [{ text: "John" }, { text: "Smith" }] });
    expect(w("John AND Smith")).toEqual(w("John Smith"));
    expect(w('"John Smith"')).toEqual({ text: "John Smith" });
  });

  it("OR binds looser than AND; parentheses group", () => {
    expect(w("tag:a OR tag:b")).toEqual({
      any: [{ any: [{ tag: "a" }] }, { any: [{ tag: "b" }] }],
    });
    expect(w("Ann Bob OR Cy")).toEqual({
      any: [{ all: [{ text: "Ann" }, { text: "Bob" }] }, { text: "Cy" }],
    });
    expect(w("Ann (Bob OR Cy)")).toEqual({
      all: [{ text: "Ann" }, { any: [{ text: "Bob" }, { text: "Cy" }] }],
    });
  });

  it("- and NOT negate a term or a group", () => {
    expect(w("-first_name:Bob")).toEqual({ not: { field: "firstName", match: { equals: "Bob" } } });
    expect(w("NOT first_name:Bob")).toEqual(w("-first_name:Bob"));
    expect(w("-(Ann OR Bob)")).toEqual({ not: { any: [{ text: "Ann" }, { text: "Bob" }] } });
  });

  it("comparators, quotes (single or double), escapes and wildcards", () => {
    expect(w("id:>=1234")).toEqual({ number: { op: ">=", value: 1234 } });
    expect(w("customer_date:<'2024-03-15T14:30:00Z'")).toEqual({
      time: "createdAt",
      op: "<",
      value: "2024-03-15T14:30:00.000Z",
    });
    expect(w("customer_date: >='2024-01-01'")).toEqual({
      time: "createdAt",
      op: ">=",
      value: "2024-01-01T00:00:00.000Z",
    });
    expect(w("updated_at:2024-01-01")).toEqual({
      all: [
        { time: "updatedAt", op: ">=", value: "2024-01-01T00:00:00.000Z" },
        { time: "updatedAt", op: "<", value: "2024-01-02T00:00:00.000Z" },
      ],
    });
    expect(w("first_name:Bo*")).toEqual({ field: "firstName", match: { prefix: "Bo" } });
    expect(w("email:*")).toEqual({ identifier: { kind: "EMAIL", match: { present: true } } });
    expect(w('email:"Bo.Wang@Example.com"')).toEqual(email("bo.wang@example.com"));
    expect(w("email:gmail.com")).toEqual({
      identifier: { kind: "EMAIL", match: { contains: "gmail.com" } },
    });
    expect(w("tag:'Wholesale,Repeat'")).toEqual({ any: [{ tag: "Wholesale" }, { tag: "Repeat" }] });
    expect(w("tag_not:'Test,Internal'")).toEqual({
      not: { any: [{ tag: "Test" }, { tag: "Internal" }] },
    });
    expect(w("last_name:O\\'Brien")).toEqual({ field: "lastName", match: { equals: "O'Brien" } });
  });

  it("fields the gateway has no data for answer as Shopify would for a shop without accounts or orders", () => {
    expect(w("state:DISABLED")).toEqual({ all: [] });
    expect(w("state:enabled")).toEqual({ any: [] });
    expect(w("orders_count:0")).toEqual({ all: [] });
    expect(w("orders_count:>3")).toEqual({ any: [] });
    expect(w("total_spent:<100.50")).toEqual({ all: [] });
    expect(w("order_date:>='2024-01-01'")).toEqual({ any: [] });
    expect(w("phone:not-a-phone")).toEqual({ any: [] });
  });

  it("ids beyond any customer number, dates outside years 1–9999, and nesting past 32 levels", () => {
    expect(w("id:<10000000000000000")).toEqual({ all: [] });
    expect(w("id:>=0010000000000000000")).toEqual({ any: [] });
    expect(w("id:007")).toEqual({ number: { op: "=", value: 7 } });
    expect(w("id:abc")).toEqual({ any: [] });
    expect(w("customer_date:+275760-09-13 Bob")).toEqual({ text: "Bob" });
    expect(w("customer_date:<0000-01-01 Bob")).toEqual({ text: "Bob" });
    expect(w("customer_date:>+010000-01-01 Bob")).toEqual({ text: "Bob" });
    expect(w(`${"(".repeat(31)}Bob`)).toEqual({ text: "Bob" });
    expect(w("customer_date:9999-12-31")).toEqual({
      time: "createdAt",
      op: ">=",
      value: "9999-12-31T00:00:00.000Z",
    });
    expect(w("customer_date:0050-01-01")).toEqual({
      all: [
        { time: "createdAt", op: ">=", value: "0050-01-01T00:00:00.000Z" },
        { time: "createdAt", op: "<", value: "0050-01-02T00:00:00.000Z" },
      ],
    });
    expect(parseCustomerQuery("a ".repeat(150))).toHaveProperty("where");
    expect(parseCustomerQuery("a ".repeat(66_000))).toEqual({
      error: "Search query has more than 200 terms",
    });
    expect(parseCustomerQuery(`tag:${"x,".repeat(300)}`)).toEqual({
      error: "Search query has more than 200 terms",
    });
    for (const deep of [
      "(".repeat(3000),
      `${"-".repeat(5000)}a`,
      `${"NOT ".repeat(40)}a`,
      `${"-(".repeat(20)}a`,
    ])
      expect(parseCustomerQuery(deep)).toEqual({
        error: "Search query is nested more than 32 levels deep",
      });
  });

  it("a term on an unknown field is dropped, also under a modifier", () => {
    expect(w("flavour:mint")).toEqual({ all: [] });
    for (const inherited of [
      "constructor:x",
      "__proto__:x",
      "toString:x",
      "hasOwnProperty:x",
      "valueOf:1",
    ])
      expect(w(inherited)).toEqual({ all: [] });
    expect(w("-flavour:mint Bob")).toEqual({ text: "Bob" });
    expect(w("flavour:mint OR Bob")).toEqual({ text: "Bob" });
  });
});
