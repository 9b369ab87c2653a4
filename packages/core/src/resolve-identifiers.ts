import type { Customer, LookupKey } from "./model.ts";

export type Resolution =
  | { kind: "none" }
  | { kind: "one"; customer: Customer }
  | { kind: "conflict"; customerIds: string[] };

/** Does customer c own the key? */
export function owns(c: Customer, k: LookupKey): boolean {
  if (k.kind === "ID") return c.id === k.value;
  if (k.kind === "NUMBER") return String(c.number) === k.value;
  return c.identifiers.some(
    (i) => i.kind === k.kind && i.namespace === (k.namespace ?? "") && i.value === k.value,
  );
}

/**
 * Which customer the ordered lookup names, among the loaded candidates. No match → none; every
 * match on one customer → one; matches on different customers → conflict (nothing is written).
 */
export function resolveIdentifiers(
  lookup: readonly LookupKey[],
  candidates: readonly Customer[],
): Resolution {
  const matched: Customer[] = [];
  for (const k of lookup) {
    const c = candidates.find((x) => owns(x, k));
    if (c && !matched.includes(c)) matched.push(c);
  }
  if (matched.length === 0) return { kind: "none" };
  if (matched.length === 1) return { kind: "one", customer: matched[0]! };
  return { kind: "conflict", customerIds: matched.map((c) => c.id) };
}

export const keyString = (k: { kind: string; namespace?: string | undefined; value: string }) =>
  `${k.kind}\u0000${k.namespace ?? ""}\u0000${k.value}`;
