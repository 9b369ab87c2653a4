import {
  applyWritePlan,
  type Db,
  emptyPlan,
  isContention,
  isUniqueViolation,
  loadCustomers,
  loadGroupsByRef,
  loadIdempotencyRecords,
  type MembershipRecord,
  planNoopIdempotency,
} from "@cg/db";
import { ErrorKind, fail, ok, type Result } from "./errors.ts";
import type { Logger } from "./logger.ts";
import type {
  CallContext,
  Customer,
  GroupRef,
  LookupKey,
  UpsertInput,
  UpsertOutcome,
} from "./model.ts";
import {
  addToPlan,
  type Decision,
  loadKeys,
  type PreparedUpsert,
  planUpsert,
  touchedKeys,
  writtenCustomer,
} from "./plan-upsert.ts";
import { prepareUpsert } from "./prepare-upsert.ts";
import { keyString } from "./resolve-identifiers.ts";
import { stableHash } from "./stable-hash.ts";

/**
 * After this many lost races an item gives up with BUSY; in practice two or three suffice
 * (CoreOptions.writeAttempts).
 */
export const MAX_WRITE_ATTEMPTS = 30;

const BUSY_MESSAGE = "Too much contention on this customer; try again";

export interface Pending {
  index: number;
  prep: PreparedUpsert;
  touch: string[];
  attempts: number;
  exhausted?: boolean;
  /** Planned once without a read and found taken: from now on it is read first. */
  guessed?: boolean;
  /**
   * The customer as the caller read it (UpsertCall.current), planned against instead of a read
   * while it may stand for one; dropped once a write of it found the version moved.
   */
  current?: Customer | undefined;
}

/** One upsert of a batch: `current` is the customer the caller has just read, if it has. */
export interface UpsertCall {
  ctx: CallContext;
  input: UpsertInput;
  current?: Customer | undefined;
}

type GroupInfo = Omit<MembershipRecord, "createdAt">;

/**
 * Runs upserts as batches: one read for all of a round's keys, one statement for all of its
 * writes. Items that share a key run in later rounds, in order; an item that loses a race
 * (unique violation, version moved) is planned again from a fresh read. One item's failure never
 * undoes another's write.
 */
export async function runUpserts(
  db: Db,
  log: Logger,
  calls: UpsertCall[],
  clock: () => number = Date.now,
  maxAttempts: number = MAX_WRITE_ATTEMPTS,
): Promise<Result<UpsertOutcome>[]> {
  const results: Result<UpsertOutcome>[] = new Array(calls.length);
  const groupInfo = new Map<string, GroupInfo>();
  const prepared = await prepareAll(db, calls, groupInfo, new Date(clock()).toISOString());
  let pending: Pending[] = [];
  prepared.forEach((p, index) => {
    if (!p.ok) results[index] = p;
    else
      pending.push({
        index,
        prep: p.value,
        touch: touchedKeys(p.value),
        attempts: 0,
        current: calls[index]!.current,
      });
  });
  pending = await replayIdempotent(db, pending, results);
  // Independent bins run side by side (the database has more than one core); items that share a
  // key always land in one bin, so their order holds.
  await Promise.all(
    bins(pending, binsFor(pending.length, db.engine)).map((bin) =>
      runRounds(db, log, bin, results, groupInfo, maxAttempts),
    ),
  );
  return results;
}

/**
 * Two bins on PostgreSQL from 32 items: the gateway plans one bin while the database works on the
 * other. More bins cost more statements than they save on this 2-core machine (4 bins were 10–20%
 * slower than 2 for upsertMany, measured interleaved in one process). PGlite runs one statement at
 * a time, so bins only add statements there.
 */
const binsFor = (n: number, engine: Db["engine"]) => (engine === "pglite" ? 1 : n >= 32 ? 2 : 1);

async function runRounds(
  db: Db,
  log: Logger,
  items: Pending[],
  results: Result<UpsertOutcome>[],
  groupInfo: Map<string, GroupInfo>,
  maxAttempts: number,
): Promise<void> {
  let pending = items;
  // Customers written by this bin's earlier rounds: a caller's `current` of one is stale.
  const written = new Set<string>();
  while (pending.length) {
    const round: Pending[] = [];
    const later: Pending[] = [];
    const used = new Set<string>();
    for (const item of pending) {
      const clash = item.touch.some((k) => used.has(k));
      item.touch.forEach((k) => used.add(k));
      (clash ? later : round).push(item);
    }
    const before = new Map(round.map((r) => [r, r.attempts]));
    const retry = await runRound(db, log, round, results, groupInfo, maxAttempts, written);
    for (const r of retry) if (r.exhausted) results[r.index] = fail(ErrorKind.BUSY, BUSY_MESSAGE);
    pending = [...retry.filter((r) => !r.exhausted), ...later].sort((a, b) => a.index - b.index);
    const lost = retry.filter((r) => !r.exhausted && r.attempts > (before.get(r) ?? 0));
    if (lost.length) await backoff(Math.max(...lost.map((r) => r.attempts)));
  }
}

/**
 * A random pause before an item that lost a race is planned again. Two writers whose rounds
 * (read, then write) run in lockstep on one customer would otherwise keep beating the same one:
 * each reads, the other writes, its own write then finds the version moved, and so on until it
 * gives up. Jitter breaks the lockstep; it grows with the losses, capped at 8 ms, and costs
 * nothing when no race was lost.
 */
const backoff = (attempts: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(8, 2 ** Math.min(attempts, 3))));

/**
 * Splits items into at most `n` bins such that items sharing any touched key (identifier,
 * idempotency key) are in the same bin: union-find over keys, then components dealt to the
 * lightest bin. Each bin keeps input order.
 */
export function bins(items: Pending[], n: number): Pending[][] {
  if (n <= 1 || items.length < 2) return [items];
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const owner = new Map<string, number>();
  items.forEach((item, i) => {
    for (const k of item.touch) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const components = new Map<number, Pending[]>();
  items.forEach((item, i) => {
    const r = find(i);
    const c = components.get(r);
    if (c) c.push(item);
    else components.set(r, [item]);
  });
  const out: Pending[][] = Array.from({ length: n }, () => []);
  for (const c of [...components.values()].sort((a, b) => b.length - a.length))
    out.reduce((min, b) => (b.length < min.length ? b : min)).push(...c);
  return out.filter((b) => b.length).map((b) => b.sort((x, y) => x.index - y.index));
}

async function runRound(
  db: Db,
  log: Logger,
  round: Pending[],
  results: Result<UpsertOutcome>[],
  groupInfo: Map<string, GroupInfo>,
  maxAttempts: number,
  written: Set<string>,
): Promise<Pending[]> {
  const bump = (item: Pending) => bumpAttempt(item, results, maxAttempts);
  // Creates planned without a read: an item none of whose keys this process has met before, and
  // whose every key the read would probe is an identifier its create inserts, is planned as a
  // create against no candidates. The write statement skips such a create if an identifier of it
  // is held (`guessedCreates`, write-plan.ts), and the item comes back here to be read and
  // planned again; a race past the statement's snapshot ends in the unique index as before. So
  // a batch of new keys is one statement, and a key another process wrote costs one more once.
  const { known, odds } = guessState(db);
  const guessing = odds.missed < 8 || odds.missed < odds.hit;
  const guessed = new Map<Pending, Extract<Decision, { type: "write" }>>();
  // Items whose caller has just read their customer (UpsertCall.current) and whose read would
  // probe nothing but that customer's id are planned against it: the write carries its version,
  // so if the customer moved since, nothing is written and the item is read and planned again.
  const given = new Map<Pending, Customer[]>();
  const toRead: Pending[] = [];
  for (const item of round) {
    const keys = loadKeys(item.prep).map((k) => `${item.prep.ctx.tenantId}\u0000${keyString(k)}`);
    const current = item.current && standsForRead(item.prep, item.current, written);
    const d =
      current || !guessing || item.guessed || keys.some((k) => known.has(k))
        ? null
        : guessCreate(item.prep);
    if (current) given.set(item, [current]);
    else if (d) guessed.set(item, d);
    else toRead.push(item);
    for (const k of keys) known.add(k);
  }
  if (known.size > MAX_KNOWN_KEYS) known.clear();
  const candidates = toRead.length ? await loadFor(db, toRead) : new Map<string, Customer[]>();
  const retry: Pending[] = [];
  const writes: { item: Pending; d: Extract<Decision, { type: "write" }> }[] = [];
  const claimed = new Set<string>();
  const plan = emptyPlan();
  const noopIdem: Pending[] = [];
  for (const item of round) {
    const d =
      guessed.get(item) ??
      planUpsert(item.prep, given.get(item) ?? candidates.get(item.prep.ctx.tenantId) ?? []);
    if (d.type === "error") results[item.index] = { ok: false, error: d.error };
    else if (d.type === "noop") {
      results[item.index] = ok({ result: "NOOP", customer: d.customer, changes: [] });
      if (item.prep.input.idempotencyKey) noopIdem.push(item);
    } else if (claimed.has(d.id))
      retry.push(item); // two items reached one customer by different keys
    else {
      claimed.add(d.id);
      writes.push({ item, d });
      addToPlan(plan, item.prep, d);
      if (guessed.has(item)) plan.guessedCreates.push(d.id);
    }
  }
  for (const item of noopIdem) {
    const v = results[item.index];
    if (v?.ok)
      planNoopIdempotency(plan, {
        tenantId: item.prep.ctx.tenantId,
        key: item.prep.input.idempotencyKey!,
        requestHash: item.prep.requestHash!,
        customerId: v.value.customer.id,
      });
  }
  if (writes.length === 0 && plan.idempotency.length === 0) return retry;
  try {
    const out = await applyWritePlan(db.sql, plan);
    for (const { item, d } of writes) {
      const meta = out.customers.get(d.id);
      if (guessed.has(item)) odds[meta ? "hit" : "missed"]++;
      if (meta) written.add(d.id);
      if (!meta && guessed.has(item)) {
        item.guessed = true; // an identifier was held after all: read, then plan again
        retry.push(item);
      } else if (!meta && given.has(item)) {
        item.current = undefined; // the customer moved since the caller read it: read it now
        retry.push(item);
      } else if (!meta) retry.push(bump(item));
      else
        results[item.index] = ok({
          result: d.result,
          customer: writtenCustomer(item.prep, d, meta, out, groupInfo),
          changes: d.diff.changes,
        });
    }
  } catch (err) {
    // Someone else took an identifier (or idempotency key) since we read, or the database
    // refused the statement because of another writer (serialization failure, deadlock, lock
    // timeout): nothing of it was written. Plan every item again from a fresh read.
    if (isUniqueViolation(err) || isContention(err)) {
      if (!isUniqueViolation(err)) log.warn({ err }, "upsert batch met contention; retrying");
      return [...retry, ...writes.map((w) => bump(w.item)), ...noopIdem.map((i) => bump(i))];
    }
    log.error({ err }, "upsert batch failed");
    for (const { item } of writes) results[item.index] = fail(ErrorKind.INTERNAL, "Internal error");
    for (const item of noopIdem) results[item.index] = fail(ErrorKind.INTERNAL, "Internal error");
    return retry;
  }
  return retry;
}

/**
 * Per database: the keys (tenant, kind, namespace, value) this process has read or written, and
 * how recent guesses fared. When most guesses miss (a process updating customers it has not met
 * since it started, e.g. after a restart), guessing stops until the odds decay back: a missed
 * guess costs the item one statement more than a read would have.
 */
const guessByDb = new WeakMap<Db, { known: Set<string>; odds: { hit: number; missed: number } }>();
const MAX_KNOWN_KEYS = 500_000;
function guessState(db: Db) {
  const s = guessByDb.get(db) ?? { known: new Set<string>(), odds: { hit: 0, missed: 0 } };
  guessByDb.set(db, s);
  // Decayed per round: a process that stopped guessing tries again some 50 rounds later.
  s.odds.hit /= 1.05;
  s.odds.missed /= 1.05;
  return s;
}

/**
 * The item's plan against no candidates, if that is a create that inserts every key the read
 * would probe (no ID or NUMBER lookup, no identifier the create would not hold): then "none of
 * its keys is held" is exactly what the write statement checks before creating it.
 */
function guessCreate(p: PreparedUpsert): Extract<Decision, { type: "write" }> | null {
  const keys = loadKeys(p);
  if (keys.some((k) => k.kind === "ID" || k.kind === "NUMBER")) return null;
  const d = planUpsert(p, []);
  if (d.type !== "write" || d.result !== "CREATED") return null;
  const inserted = new Set(d.diff.identifiers.insert.map(keyString));
  return keys.every((k) => inserted.has(keyString(k))) ? d : null;
}

/**
 * The caller's `current` when it may stand for the item's read: the same tenant, every key the
 * read would probe is its id (no identifier to check for TAKEN, no other customer to find), and
 * no earlier round of this bin wrote it.
 */
function standsForRead(
  p: PreparedUpsert,
  current: Customer,
  written: ReadonlySet<string>,
): Customer | undefined {
  if (current.tenantId !== p.ctx.tenantId || written.has(current.id)) return undefined;
  const keys = loadKeys(p);
  return keys.length > 0 && keys.every((k) => k.kind === "ID" && k.value === current.id)
    ? current
    : undefined;
}

function bumpAttempt(
  item: Pending,
  results: Result<UpsertOutcome>[],
  maxAttempts: number,
): Pending {
  item.current = undefined; // planned again from a fresh read
  item.attempts++;
  if (item.attempts >= maxAttempts) item.exhausted = true;
  delete results[item.index];
  return item;
}

async function loadFor(db: Db, items: Pending[]): Promise<Map<string, Customer[]>> {
  // An item's lookup is usually also an identifier it writes: each key is probed once.
  const byTenant = new Map<string, Map<string, LookupKey>>();
  for (const i of items) {
    const l = byTenant.get(i.prep.ctx.tenantId) ?? new Map<string, LookupKey>();
    byTenant.set(i.prep.ctx.tenantId, l);
    for (const k of loadKeys(i.prep)) l.set(keyString(k), k);
  }
  const out = new Map<string, Customer[]>();
  await Promise.all(
    [...byTenant].map(async ([tenantId, unique]) => {
      const keys = [...unique.values()];
      const ids = keys.filter((k) => k.kind === "ID").map((k) => k.value);
      const numbers = keys.filter((k) => k.kind === "NUMBER").map((k) => Number(k.value));
      const idKeys = keys
        .filter((k) => k.kind !== "ID" && k.kind !== "NUMBER")
        .map((k) => ({ kind: k.kind, namespace: k.namespace ?? "", value: k.value }));
      out.set(tenantId, await loadCustomers(db.sql, tenantId, { keys: idKeys, ids, numbers }));
    }),
  );
  return out;
}

async function prepareAll(
  db: Db,
  calls: UpsertCall[],
  groupInfo: Map<string, GroupInfo>,
  now: string,
): Promise<Result<PreparedUpsert>[]> {
  const refs = new Map<string, GroupRef[]>();
  for (const { ctx, input } of calls) {
    const all = [
      ...(input.onCreate?.groups ?? []),
      ...(input.onUpdate?.groups ?? []),
      ...(input.onUpdate?.removeGroups ?? []),
    ];
    if (all.length) refs.set(ctx.tenantId, [...(refs.get(ctx.tenantId) ?? []), ...all]);
  }
  const groups = await resolveGroups(db, refs);
  for (const [, byRef] of groups) for (const g of byRef.values()) groupInfo.set(g.groupId, g);
  return calls.map(({ ctx, input }) => {
    const p = prepareUpsert(ctx, input, groups.get(ctx.tenantId) ?? new Map(), now);
    if (p.ok && input.idempotencyKey)
      p.value.requestHash = stableHash({ ...input, idempotencyKey: undefined });
    return p;
  });
}

async function resolveGroups(
  db: Db,
  refs: Map<string, GroupRef[]>,
): Promise<Map<string, Map<string, GroupInfo>>> {
  const out = new Map<string, Map<string, GroupInfo>>();
  for (const [tenantId, list] of refs) {
    const rows = await loadGroupsByRef(db.sql, tenantId, {
      ids: list.flatMap((r) => ("id" in r ? [r.id] : [])),
      keys: list.flatMap((r) => ("key" in r ? [r.key] : [])),
      externalIds: list.flatMap((r) => ("externalId" in r ? [r.externalId] : [])),
    });
    const m = new Map<string, GroupInfo>();
    for (const r of rows) {
      const info = { groupId: r.id, key: r.key, name: r.name, externalId: r.externalId };
      m.set(`id:${r.id}`, info);
      m.set(`key:${r.key}`, info);
      if (r.externalId) m.set(`ext:${r.externalId}`, info);
    }
    out.set(tenantId, m);
  }
  return out;
}

/** Items whose idempotency key was seen: same payload → the stored result; else an error. */
async function replayIdempotent(
  db: Db,
  items: Pending[],
  results: Result<UpsertOutcome>[],
): Promise<Pending[]> {
  const keyed = items.filter((i) => i.prep.input.idempotencyKey);
  if (!keyed.length) return items;
  const rows = await loadIdempotencyRecords(
    db.sql,
    keyed.map((i) => ({ tenantId: i.prep.ctx.tenantId, key: i.prep.input.idempotencyKey! })),
  );
  if (!rows.length) return items;
  const byKey = new Map(rows.map((r) => [`${r.tenantId}\u0000${r.key}`, r]));
  const rest: Pending[] = [];
  for (const i of items) {
    const rec = i.prep.input.idempotencyKey
      ? byKey.get(`${i.prep.ctx.tenantId}\u0000${i.prep.input.idempotencyKey}`)
      : undefined;
    if (!rec) {
      rest.push(i);
      continue;
    }
    if (rec.requestHash !== i.prep.requestHash) {
      results[i.index] = fail(
        ErrorKind.IDEMPOTENCY_MISMATCH,
        "This idempotency key was already used with a different request",
      );
      continue;
    }
    const [customer] = await loadCustomers(db.sql, i.prep.ctx.tenantId, { ids: [rec.customerId] });
    results[i.index] = customer
      ? ok({
          result: rec.result as UpsertOutcome["result"],
          customer,
          changes: rec.changes as UpsertOutcome["changes"],
          replayed: true,
        })
      : fail(
          ErrorKind.NOT_FOUND,
          "The customer this request created or updated has since been deleted",
        );
  }
  return rest;
}
