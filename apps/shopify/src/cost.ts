import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/** Leaky bucket limits per credential (Shopify's calculated query cost). */
export interface CostLimits {
  /** Bucket size in points. */
  maximumAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
  /** A single query above this cost is refused (MAX_COST_EXCEEDED). */
  maxQueryCost: number;
}

/**
 * Defaults. Shopify's own plans range from 100 points/s (Standard) to 10 000 points/s (Enterprise);
 * we default to the top of that range so a single busy integration (or `pnpm bench`) is not throttled,
 * and tests or operators lower it (handler option `costLimits`, env SHOPIFY_COST_BUCKET /
 * SHOPIFY_COST_RESTORE / SHOPIFY_COST_MAX_QUERY).
 */
export const DEFAULT_COST_LIMITS: CostLimits = {
  maximumAvailable: 20_000,
  restoreRate: 10_000,
  maxQueryCost: 1_000,
};

export function costLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<CostLimits> {
  const n = (v: string | undefined) =>
    v !== undefined && v !== "" && Number.isFinite(Number(v)) && Number(v) > 0
      ? Number(v)
      : undefined;
  const out: Partial<CostLimits> = {};
  const max = n(env.SHOPIFY_COST_BUCKET);
  const rate = n(env.SHOPIFY_COST_RESTORE);
  const q = n(env.SHOPIFY_COST_MAX_QUERY);
  if (max) out.maximumAvailable = max;
  if (rate) out.restoreRate = rate;
  if (q) out.maxQueryCost = q;
  return out;
}

const MUTATION_COST = 10;
const CONNECTION_BASE = 2;

/**
 * Shopify's calculated query cost: scalars and enums 0, objects 1, connections 2 + nodes × the
 * cost of one node, mutation fields 10. Without `data` it is the requested cost (a connection
 * counts first|last nodes); with the executed result's `data` it is the actual cost (the nodes
 * returned; an object that came back null costs nothing). Null when the operation cannot be found
 * (yoga then reports the document's own errors).
 */
export function queryCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  data?: unknown,
): number | null {
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName
    ? ops.find((o) => o.name?.value === operationName)
    : ops.length === 1
      ? ops[0]
      : undefined;
  if (!op) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const vars = variables ?? {};
  const intArg = (v: ValueNode | undefined): number | null => {
    if (!v) return null;
    if (v.kind === Kind.INT) return Number(v.value);
    if (v.kind === Kind.VARIABLE) {
      const x = vars[v.name.value];
      return typeof x === "number" ? x : null;
    }
    return null;
  };
  // `value` undefined = requested (static) cost; otherwise the object the selection was applied to.
  const get = (value: unknown, sel: FieldNode): unknown =>
    value && typeof value === "object"
      ? (value as Record<string, unknown>)[sel.alias?.value ?? sel.name.value]
      : null;
  const seen = new Set<string>();
  const walk = (
    set: SelectionSetNode,
    type: GraphQLCompositeType,
    depth: number,
    value?: unknown,
  ): number => {
    if (depth > 30) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition
          ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType | undefined)
          : type;
        if (t) total += walk(sel.selectionSet, t, depth + 1, value);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(sel.name.value);
        if (!f || seen.has(f.name.value)) continue;
        seen.add(f.name.value);
        const t = schema.getType(f.typeCondition.name.value) as GraphQLCompositeType | undefined;
        if (t) total += walk(f.selectionSet, t, depth + 1, value);
        seen.delete(f.name.value);
        continue;
      }
      if (isAbstractType(type) || !("getFields" in type)) continue;
      const def = type.getFields()[sel.name.value];
      if (!def) continue;
      const named = getNamedType(def.type);
      if (isLeafType(named) || !sel.selectionSet) continue;
      const v = value === undefined ? undefined : get(value, sel);
      if (value !== undefined && v == null) continue;
      if (isObjectType(named) && named.name.endsWith("Connection")) {
        if (v === undefined) {
          const args = new Map(sel.arguments?.map((a) => [a.name.value, a.value]));
          const n = intArg(args.get("first")) ?? intArg(args.get("last")) ?? 0;
          total += CONNECTION_BASE + n * perNode(sel.selectionSet, named, depth + 1);
        } else total += CONNECTION_BASE + returnedNodes(sel.selectionSet, named, depth + 1, v);
      } else {
        // A plain list costs as one object, as requested.
        const child = v === undefined ? undefined : Array.isArray(v) ? (v[0] ?? null) : v;
        total += 1 + walk(sel.selectionSet, named as GraphQLCompositeType, depth + 1, child);
      }
    }
    return total;
  };
  // The `edges { node }` and `nodes` selections of a connection, with each node's type.
  const nodeSelections = (set: SelectionSetNode, conn: GraphQLObjectType) => {
    const out: { path: FieldNode[]; type: GraphQLObjectType; set: SelectionSetNode }[] = [];
    for (const sel of set.selections) {
      if (sel.kind !== Kind.FIELD || !sel.selectionSet) continue;
      const t =
        conn.getFields()[sel.name.value] && getNamedType(conn.getFields()[sel.name.value]!.type);
      if (!t || !isObjectType(t)) continue;
      if (sel.name.value === "nodes") out.push({ path: [sel], type: t, set: sel.selectionSet });
      if (sel.name.value === "edges")
        for (const e of sel.selectionSet.selections) {
          const nodeType =
            e.kind === Kind.FIELD && e.name.value === "node"
              ? getNamedType(t.getFields().node?.type ?? t)
              : null;
          if (e.kind === Kind.FIELD && e.selectionSet && nodeType && isObjectType(nodeType))
            out.push({ path: [sel, e], type: nodeType, set: e.selectionSet });
        }
    }
    return out;
  };
  // One node of a connection, requested: the dearer of `edges { node }` and `nodes`.
  const perNode = (set: SelectionSetNode, conn: GraphQLObjectType, depth: number): number =>
    Math.max(0, ...nodeSelections(set, conn).map((n) => 1 + walk(n.set, n.type, depth + 1)));
  // The nodes a connection returned, each costed on what came back.
  const returnedNodes = (
    set: SelectionSetNode,
    conn: GraphQLObjectType,
    depth: number,
    value: unknown,
  ): number =>
    Math.max(
      0,
      ...nodeSelections(set, conn).map((n) => {
        const list = get(value, n.path[0]!);
        if (!Array.isArray(list)) return 0;
        const nodes = n.path.length === 2 ? list.map((edge) => get(edge, n.path[1]!)) : list;
        return nodes.reduce<number>(
          (sum, node) => sum + (node == null ? 0 : 1 + walk(n.set, n.type, depth + 1, node)),
          0,
        );
      }),
    );
  const root =
    op.operation === "mutation"
      ? schema.getMutationType()
      : op.operation === "query"
        ? schema.getQueryType()
        : null;
  if (!root) return null;
  if (op.operation === "mutation")
    return (
      op.selectionSet.selections.filter(
        (s) => s.kind === Kind.FIELD && !s.name.value.startsWith("__"),
      ).length * MUTATION_COST
    );
  return walk(op.selectionSet, root, 0, data === undefined ? undefined : (data ?? null));
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** One leaky bucket per credential, in this process. */
export function createCostBuckets(limits: CostLimits, now: () => number = Date.now) {
  const buckets = new Map<string, { available: number; at: number }>();
  const refill = (key: string) => {
    const t = now();
    const b = buckets.get(key) ?? { available: limits.maximumAvailable, at: t };
    b.available = Math.min(
      limits.maximumAvailable,
      b.available + ((t - b.at) / 1000) * limits.restoreRate,
    );
    b.at = t;
    buckets.set(key, b);
    return b;
  };
  const status = (available: number): ThrottleStatus => ({
    maximumAvailable: limits.maximumAvailable,
    currentlyAvailable: Math.floor(available),
    restoreRate: limits.restoreRate,
  });
  return {
    /** Gives back points taken for work that was not done (requested − actual cost). */
    refund(key: string, points: number): ThrottleStatus {
      const b = refill(key);
      b.available = Math.min(limits.maximumAvailable, b.available + Math.max(0, points));
      return status(b.available);
    },
    /** Takes `cost` points when available; otherwise takes nothing and says so. */
    take(key: string, cost: number): { ok: boolean; status: ThrottleStatus } {
      const b = refill(key);
      if (cost > b.available) return { ok: false, status: status(b.available) };
      b.available -= cost;
      return { ok: true, status: status(b.available) };
    },
  };
}
