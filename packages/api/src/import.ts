import {
  type CallContext,
  type Core,
  type Customer,
  type CustomerPatch,
  type DomainError,
  ErrorKind,
  FILTERABLE_FIELDS,
  FieldCode,
  type RecordError,
  type RecordFormat,
  type UpsertInput,
} from "@cg/core";
import { z } from "zod";
import { upsertInput } from "./schemas.ts";

/**
 * Import and export of customer files in batches (`cg import` / `cg export`, and tRPC
 * `customers.import` / `customers.export` for any other client, the admin console's too). The
 * client streams the file and sends its records a batch at a time (a CSV row as an object of
 * column → text, a JSON line's value); each batch is translated by the format and written with one
 * `core.upsertMany`. Every record's upsert carries an idempotency key made of the format, the
 * file's identity (`source`, chosen by the client: the CLI's is a hash of the file's bytes) and
 * the record's line, so a stopped import run again writes nothing twice: records already written
 * are replayed (counted as NOOP, `replayed`), the rest written.
 */

/** The most records one `customers.import` call takes. */
export const IMPORT_BATCH_MAX = 1000;
/** The most customers one `customers.export` page holds. */
export const EXPORT_PAGE_MAX = 500;

/** Core's field errors (or the error itself) as record errors. */
const coreErrors = (e: DomainError): RecordError[] =>
  e.fields.length
    ? e.fields.map((f) => ({ path: [...f.path], code: f.code, message: f.message }))
    : [{ path: [], code: e.kind, message: e.message }];

const zodPath = (p: PropertyKey[]) => p.map((x) => (typeof x === "symbol" ? String(x) : x));

/** A stored customer as the upsert that recreates it (canonical-jsonl's export record). */
export function canonicalRecord(c: Customer): z.infer<typeof upsertInput> {
  const ids = c.identifiers.map((i) => ({
    kind: i.kind,
    ...(i.namespace ? { namespace: i.namespace } : {}),
    value: i.value,
    primary: i.primary,
    verified: i.verified,
  }));
  const patch: CustomerPatch = {};
  // Every text scalar but the password hash (FILTERABLE_FIELDS: its type makes a missing one an
  // error), so an exported record carries each field the customer has.
  for (const f of FILTERABLE_FIELDS) if (c[f] !== null) patch[f] = c[f];
  if (c.tags.length) patch.tags = c.tags;
  if (c.taxExempt) patch.taxExempt = true;
  if (c.taxExemptions.length) patch.taxExemptions = c.taxExemptions;
  if (Object.keys(c.marketing).length) patch.marketing = c.marketing;
  if (Object.keys(c.loyalty).length) patch.loyalty = c.loyalty;
  if (ids.length) patch.identifiers = ids;
  if (c.addresses.length)
    patch.addresses = c.addresses.map(({ id: _i, number: _n, position: _p, ...a }) => a);
  if (c.attributes.length)
    patch.attributes = c.attributes.map((a) => ({
      namespace: a.namespace,
      key: a.key,
      type: a.type,
      value: a.value,
    }));
  return {
    // By its identifiers; one with none by its id (its own tenant finds it; another tenant
    // cannot create it, since the internal API requires an identifier).
    lookup: ids.length
      ? ids.slice(0, 10).map((i) => ({
          kind: i.kind,
          ...(i.namespace ? { namespace: i.namespace } : {}),
          value: i.value,
        }))
      : [{ kind: "ID", value: c.id }],
    onCreate: patch,
    onUpdate: patch,
  } as z.infer<typeof upsertInput>;
}

/**
 * `canonical-jsonl`: one `customers.upsert` input per line, exactly as the internal API takes it
 * (strict: unknown fields are errors). Export writes each customer as the upsert that recreates
 * it: looked up by its identifiers, every field but the password hash and group memberships.
 */
export const canonicalJsonl: RecordFormat = {
  name: "canonical-jsonl",
  description: "one customers.upsert input per line (the internal API's shape)",
  syntax: "jsonl",
  read(record) {
    const r = upsertInput.safeParse(record);
    if (r.success) return { ok: true, input: r.data as UpsertInput };
    return {
      ok: false,
      errors: r.error.issues.map((i) => ({
        path: zodPath(i.path),
        code: FieldCode.INVALID,
        message: i.message,
      })),
    };
  },
  explain: coreErrors,
  write: canonicalRecord,
};

/** The formats a gateway offers: canonical-jsonl and every dialect's. */
export function formatRegistry(dialectFormats: readonly RecordFormat[] = []) {
  const m = new Map<string, RecordFormat>([[canonicalJsonl.name, canonicalJsonl]]);
  for (const f of dialectFormats) {
    if (m.has(f.name)) throw new Error(`import format ${f.name} is registered twice`);
    m.set(f.name, f);
  }
  return m as ReadonlyMap<string, RecordFormat>;
}
export type FormatRegistry = ReturnType<typeof formatRegistry>;

/** A file's identity as the client names it: part of every record's idempotency key. */
export const importSource = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, "1–128 characters of A-Z a-z 0-9 . _ : -");

export const importBatchInput = z.strictObject({
  /** Slug or id; default the credential's tenant. */
  tenant: z.string().min(1).max(64).optional(),
  format: z.string().min(1).max(64),
  source: importSource,
  records: z
    .array(z.strictObject({ line: z.number().int().min(1), record: z.unknown() }))
    .min(1)
    .max(IMPORT_BATCH_MAX),
});
export type ImportBatchInput = z.infer<typeof importBatchInput>;

export interface ImportBatchResult {
  created: number;
  updated: number;
  /** Unchanged, and (counted here too) records an earlier run of the same file already wrote. */
  noop: number;
  /** Of `noop`: records an earlier run of the same file wrote (replayed by their key). */
  replayed: number;
  failed: number;
  /** Each failed record, by line, with why in the format's field terms. */
  failures: { line: number; errors: RecordError[] }[];
}

/** The idempotency key of one record: format, file identity, line. */
export const importKey = (format: string, source: string, line: number) =>
  `import:${format}:${source}:${line}`;

/** One batch: translate each record, one core.upsertMany for those that translate. */
export async function importBatch(
  core: Core,
  call: CallContext,
  format: RecordFormat,
  input: Pick<ImportBatchInput, "source" | "records">,
): Promise<ImportBatchResult> {
  const out: ImportBatchResult = {
    created: 0,
    updated: 0,
    noop: 0,
    replayed: 0,
    failed: 0,
    failures: [],
  };
  const defaultCountry = (await core.tenantSettings.get(call.tenantId))?.defaultCountry ?? null;
  const upserts: UpsertInput[] = [];
  const lines: number[] = [];
  for (const r of input.records) {
    const t = format.read(r.record, { line: r.line, defaultCountry });
    if (!t.ok) {
      out.failures.push({ line: r.line, errors: t.errors });
      continue;
    }
    upserts.push({ ...t.input, idempotencyKey: importKey(format.name, input.source, r.line) });
    lines.push(r.line);
  }
  const results = upserts.length ? await core.upsertMany(call, upserts) : [];
  results.forEach((r, i) => {
    if (!r.ok) {
      out.failures.push({ line: lines[i]!, errors: format.explain(r.error) });
      return;
    }
    if (r.value.replayed) {
      out.noop++;
      out.replayed++;
    } else if (r.value.result === "CREATED") out.created++;
    else if (r.value.result === "UPDATED") out.updated++;
    else out.noop++;
  });
  out.failures.sort((a, b) => a.line - b.line);
  out.failed = out.failures.length;
  return out;
}

export const exportPageInput = z.strictObject({
  tenant: z.string().min(1).max(64).optional(),
  format: z.string().min(1).max(64),
  first: z.number().int().min(1).max(EXPORT_PAGE_MAX).optional(),
  after: z.string().max(512).optional(),
});
export type ExportPageInput = z.infer<typeof exportPageInput>;

/** One page of customers (oldest first) as the format's records. */
export async function exportPage(
  core: Core,
  ctx: Pick<CallContext, "tenantId">,
  format: RecordFormat,
  input: Pick<ExportPageInput, "first" | "after">,
) {
  const write = format.write;
  if (!write) throw new Error(`format ${format.name} cannot be exported`);
  const page = await core.list(ctx, {
    first: input.first ?? 100,
    ...(input.after ? { after: input.after } : {}),
    sort: "number",
    maxPageSize: EXPORT_PAGE_MAX,
  });
  if (!page.ok) return page;
  return {
    ok: true as const,
    value: {
      records: page.value.items.map((i) => write(i.customer)),
      hasNextPage: page.value.hasNextPage,
      endCursor: page.value.items.at(-1)?.cursor ?? input.after ?? null,
    },
  };
}

/** The formats as a client needs to know them (to split a file, to write a header). */
export const describeFormats = (formats: FormatRegistry) =>
  [...formats.values()].map((f) => ({
    name: f.name,
    description: f.description,
    syntax: f.syntax,
    columns: f.columns ? [...f.columns] : null,
    exports: Boolean(f.write),
  }));

/** An unknown format, as a VALIDATION error on `format`. */
export const unknownFormat = (formats: FormatRegistry, name: string): DomainError => ({
  kind: ErrorKind.VALIDATION,
  message: `Unknown format ${JSON.stringify(name)}: one of ${[...formats.keys()].join(", ")}`,
  fields: [
    {
      path: ["format"],
      code: FieldCode.INCLUSION,
      message: `one of ${[...formats.keys()].join(", ")}`,
    },
  ],
});
