import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { compareWithAnchor } from "../src/testing.ts";

// The anchor subset: what a vendor documents for the types it defines.
const anchor = parse(`
  type Query { customer(id: ID!, first: Int = 10): Customer, legacy: String @deprecated(reason: "Use customer") }
  type Customer { id: ID!, email: String, tags: [String!]! }
  enum State { ENABLED DISABLED }
  input Key @oneOf { id: ID, email: String }
  union Owner = Customer
`);
const app = (sdl: string) => buildSchema(sdl);
const SAME = `
  type Query { customer(id: ID!, first: Int = 10): Customer, legacy: String @deprecated(reason: "Use customer") }
  type Customer { id: ID!, email: String, tags: [String!]! }
  enum State { ENABLED DISABLED }
  input Key @oneOf { id: ID, email: String }
  union Owner = Customer
`;

describe("compareWithAnchor (the one anchor comparator)", () => {
  it("passes a schema serving the anchor's signatures; counts what it compared", () => {
    const r = compareWithAnchor(app(SAME), anchor, []);
    expect(r.problems).toEqual([]);
    expect(r.compared).toEqual({ types: 5, fields: 7, args: 2, enumValues: 2 });
  });

  it("fails on drift: type, nullability, default, deprecation, enum value, @oneOf, union", () => {
    const drifted = SAME.replace("email: String, tags", "email: String!, tags")
      .replace("first: Int = 10", "first: Int = 20")
      .replace('@deprecated(reason: "Use customer")', "")
      .replace("ENABLED DISABLED", "ENABLED DISABLED ARCHIVED")
      .replace("input Key @oneOf", "input Key")
      .replace("union Owner = Customer", "type Other { x: Int }\n union Owner = Customer | Other");
    expect(compareWithAnchor(app(drifted), anchor, []).problems.sort()).toEqual(
      [
        "Customer.email: type String! ≠ String",
        "Query.customer(first): default 20 ≠ 10",
        "Query.legacy: deprecation null ≠ Use customer",
        "State.ARCHIVED: not in the anchor",
        "Key: @oneOf differs",
        "Owner: members Customer | Other ≠ Customer",
      ].sort(),
    );
  });

  it("a member the app lacks must be a listed omission, and a listed omission must be lacking", () => {
    const lacking = app(SAME.replace(", tags: [String!]!", ""));
    expect(compareWithAnchor(lacking, anchor, []).problems).toEqual([
      "Customer.tags: in the anchor, missing in the app (and not a listed omission)",
    ]);
    const r = compareWithAnchor(lacking, anchor, ["Customer.tags"]);
    expect(r.problems).toEqual([]);
    expect(r.missing).toEqual(["Customer.tags"]);
    expect(compareWithAnchor(app(SAME), anchor, ["Customer.tags"]).problems).toEqual([
      "Customer.tags: listed as omitted but exposed (or not in the anchor)",
    ]);
  });

  it("members beyond a subset anchor pass only when listed as ahead, and must then be served", () => {
    const extra = app(SAME.replace("tags: [String!]!", "tags: [String!]!, note: String"));
    expect(compareWithAnchor(extra, anchor, []).problems).toEqual([
      "Customer.note: not in the anchor",
    ]);
    expect(compareWithAnchor(extra, anchor, [], ["Customer.note"]).problems).toEqual([]);
    expect(compareWithAnchor(app(SAME), anchor, [], ["Customer.note"]).problems).toEqual([
      "Customer.note: listed as ahead of the anchor but not served",
    ]);
    // Types the anchor does not define are the app's own: not looked at.
    expect(compareWithAnchor(app(`${SAME} type Mine { a: Int }`), anchor, []).problems).toEqual([]);
  });
});
