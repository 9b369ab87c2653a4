import { describe, expect, it } from "vitest";
import { bins, type Pending } from "../src/upsert-engine.ts";

const item = (index: number, touch: string[]) =>
  ({ index, touch, attempts: 0 }) as unknown as Pending;

describe("bins", () => {
  it("keeps items that share any key in one bin, in input order, and balances the rest", () => {
    const items = [
      item(0, ["a"]),
      item(1, ["b"]),
      item(2, ["c", "a"]),
      item(3, ["d"]),
      item(4, ["c"]),
      item(5, ["e"]),
    ];
    const out = bins(items, 2);
    expect(out).toHaveLength(2);
    const withA = out.find((b) => b.some((x) => x.index === 0))!;
    expect(withA.map((x) => x.index)).toEqual([0, 2, 4]);
    const other = out.find((b) => b !== withA)!;
    expect(other.map((x) => x.index)).toEqual([1, 3, 5]);
  });
  it("one bin when asked for one or given one item", () => {
    expect(bins([item(0, ["a"]), item(1, ["b"])], 1)).toHaveLength(1);
    expect(bins([item(0, ["a"])], 4)).toHaveLength(1);
  });
});
