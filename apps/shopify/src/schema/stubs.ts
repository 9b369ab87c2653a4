import type { ArgBuilder } from "@pothos/core";
import type { Builder, Types } from "../builder.ts";
import type { ConnectionShape, Refs } from "./refs.ts";

// Types the Customer object references but whose data we do not hold (orders, payment methods…).
// They exist so that real queries validate; they always resolve to null or an empty list.
// Only `id` is modelled on them (listed in ../../README.md).
type StubRef = PothosSchemaTypes.ObjectRef<Types, { id: string }>;
const stubs = new WeakMap<Builder, Map<string, StubRef>>();

export function stubType(b: Builder, name: string) {
  const m = stubs.get(b) ?? new Map<string, StubRef>();
  stubs.set(b, m);
  const known = m.get(name);
  if (known) return known;
  const ref = b
    .objectRef<{ id: string }>(name)
    .implement({ fields: (t) => ({ id: t.exposeID("id", { nullable: false }) }) });
  m.set(name, ref);
  return ref;
}

export function emptyConnection<T>(
  b: Builder,
  refs: Refs,
  name: string,
  node: PothosSchemaTypes.ObjectRef<Types, T>,
) {
  const Edge = b.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor", { nullable: false }),
      node: t.field({ type: node, nullable: false, resolve: (e) => e.node as never }),
    }),
  });
  return b.objectRef<ConnectionShape<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], nullable: false, resolve: (c) => c.edges }),
      nodes: t.field({ type: [node], nullable: false, resolve: (c) => c.edges.map((e) => e.node) }),
      pageInfo: t.field({ type: refs.PageInfo, nullable: false, resolve: (c) => c.pageInfo }),
    }),
  });
}

/** after / before / first / last, as on every Shopify connection field. */
export function connectionArgs(t: { arg: ArgBuilder<Types> }) {
  return {
    after: t.arg.string({ required: false }),
    before: t.arg.string({ required: false }),
    first: t.arg.int({ required: false }),
    last: t.arg.int({ required: false }),
  };
}
