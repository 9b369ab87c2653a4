import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, rmSync, statSync, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";

// `cg import` / `cg export` on the client side: the file is streamed (never read whole), split
// into records by the format's syntax, and sent in batches to whatever carries out the import
// (the database itself, or a running gateway's tRPC `customers.import`). No @cg/* imports: beside
// a running gateway the CLI loads nothing of the database layer.

/** A format as the client needs to know it (tRPC `customers.formats`). */
export interface FormatInfo {
  name: string;
  description: string;
  syntax: "csv" | "jsonl";
  columns: string[] | null;
  exports: boolean;
}

export interface RecordErrorInfo {
  path: (string | number)[];
  message: string;
  code?: string;
}

/** One batch's answer (packages/api import.ts ImportBatchResult). */
export interface BatchResult {
  created: number;
  updated: number;
  noop: number;
  replayed: number;
  failed: number;
  failures: { line: number; errors: RecordErrorInfo[] }[];
}

/** One record of the file: its first line, the text it was read from, and the parsed value. */
type FileRecord =
  | { line: number; raw: string; record: unknown; bytes: number }
  | { line: number; raw: string; error: RecordErrorInfo; bytes: number };

/** The file's identity in idempotency keys: sha256 of its bytes (read once, streamed). */
export async function fileIdentity(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return `sha256-${h.digest("hex").slice(0, 32)}`;
}

const newlines = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * A CSV file's rows as objects of header column → cell (RFC 4180: quoted cells may hold commas,
 * quotes and newlines; a BOM is dropped; blank lines skipped). A row whose number of cells is not
 * the header's is a record error, not the end of the import; a broken quote ends the file there
 * (the parser's error, with its line, is thrown).
 */
async function* csvRecords(file: string): AsyncGenerator<FileRecord> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: true, raw: true, info: true, skip_empty_lines: true }),
  );
  let header: string[] | null = null;
  for await (const item of parser as AsyncIterable<{
    record: string[];
    raw: string;
    info: { lines: number; bytes: number };
  }>) {
    const { record, info } = item;
    const raw = item.raw.replace(/^[\r\n]+/, "").replace(/[\r\n]+$/, "");
    if (!header) {
      header = record.map((c) => c.trim());
      continue;
    }
    // A blank line the record delimiter did not take (a lone \n in a \r\n file): no record.
    if (record.length === 1 && record[0]!.trim() === "") continue;
    const line = info.lines - record.reduce((n, c) => n + newlines(c), 0);
    if (record.length !== header.length) {
      yield {
        line,
        raw,
        bytes: info.bytes,
        error: {
          path: [],
          code: "INVALID",
          message: `the row has ${record.length} cells, the header ${header.length}`,
        },
      };
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((col, i) => (row[col] = record[i]!));
    yield { line, raw, record: row, bytes: info.bytes };
  }
}

/** A JSON Lines file's values, one per line (blank lines skipped; a line that is not JSON is a
 * record error). */
async function* jsonlRecords(file: string): AsyncGenerator<FileRecord> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  let bytes = 0;
  for await (const text of lines) {
    line++;
    bytes += Buffer.byteLength(text) + 1;
    if (text.trim() === "") continue;
    try {
      yield { line, raw: text, record: JSON.parse(text) as unknown, bytes };
    } catch (err) {
      yield {
        line,
        raw: text,
        bytes,
        error: { path: [], code: "INVALID", message: `not JSON: ${(err as Error).message}` },
      };
    }
  }
}

export interface ImportProgress {
  /** Records read so far (written or failed). */
  records: number;
  bytes: number;
  totalBytes: number;
  /** Records per second since the start. */
  rate: number;
  /** Seconds left at that rate, by bytes; null before the first batch. */
  etaSeconds: number | null;
}

export interface ImportSummary extends Omit<BatchResult, "failures"> {
  records: number;
  /** Where the failed records were written (null: none failed). */
  rejects: string | null;
  /** True when stopped (signal) before the end of the file: run the same command to resume. */
  stopped: boolean;
  seconds: number;
}

export interface ImportOptions {
  file: string;
  format: FormatInfo;
  /** Carries out one batch (through core or the admin API). */
  send: (batch: {
    source: string;
    records: { line: number; record: unknown }[];
  }) => Promise<BatchResult>;
  /** Records per batch (default 500); a batch is also cut at ~700 KB of JSON (the API's 1 MiB cap). */
  batchSize?: number;
  /** Default `<file>.rejects.jsonl`. */
  rejects?: string;
  /** Called after each batch. */
  onProgress?: (p: ImportProgress) => void;
  /** Stops before the next batch (the one in flight completes). */
  signal?: AbortSignal;
}

const MAX_BATCH_CHARS = 700_000;

/**
 * Streams `file` through the format's syntax into batches and sends them one after another. Each
 * failed record (unreadable, untranslatable or refused by core) goes to the rejects file as one
 * JSON line `{line, record, errors: [{path, message, code}]}`, `record` the text it was read from.
 */
export async function runImport(o: ImportOptions): Promise<ImportSummary> {
  const start = performance.now();
  const totalBytes = statSync(o.file).size;
  const source = await fileIdentity(o.file);
  const rejectsPath = o.rejects ?? `${o.file}.rejects.jsonl`;
  rmSync(rejectsPath, { force: true });
  let rejects: WriteStream | null = null;
  const reject = async (line: number, raw: string, errors: RecordErrorInfo[]) => {
    rejects ??= createWriteStream(rejectsPath);
    if (!rejects.write(`${JSON.stringify({ line, record: raw, errors })}\n`))
      await once(rejects, "drain");
  };
  const sum: ImportSummary = {
    records: 0,
    created: 0,
    updated: 0,
    noop: 0,
    replayed: 0,
    failed: 0,
    rejects: null,
    stopped: false,
    seconds: 0,
  };
  const size = o.batchSize ?? 500;
  let batch: { line: number; record: unknown; raw: string }[] = [];
  /** Records of this batch that could not be read: written with the batch's, in line order. */
  let unread: { line: number; raw: string; errors: RecordErrorInfo[] }[] = [];
  let chars = 0;
  let bytes = 0;
  const flush = async () => {
    const sent = batch;
    const failed = unread;
    batch = [];
    unread = [];
    chars = 0;
    const r = sent.length
      ? await o.send({ source, records: sent.map(({ line, record }) => ({ line, record })) })
      : { created: 0, updated: 0, noop: 0, replayed: 0, failed: 0, failures: [] };
    sum.created += r.created;
    sum.updated += r.updated;
    sum.noop += r.noop;
    sum.replayed += r.replayed;
    const raw = new Map(sent.map((s) => [s.line, s.raw]));
    const all = [
      ...failed,
      ...r.failures.map((f) => ({ line: f.line, raw: raw.get(f.line) ?? "", errors: f.errors })),
    ].sort((a, b) => a.line - b.line);
    for (const f of all) {
      sum.failed++;
      await reject(f.line, f.raw, f.errors);
    }
    sum.records += sent.length + failed.length;
    if (!sent.length && !failed.length) return;
    const seconds = (performance.now() - start) / 1000;
    const byteRate = bytes / seconds;
    o.onProgress?.({
      records: sum.records,
      bytes,
      totalBytes,
      rate: sum.records / seconds,
      etaSeconds: byteRate > 0 ? Math.max(0, (totalBytes - bytes) / byteRate) : null,
    });
  };
  try {
    const records = o.format.syntax === "csv" ? csvRecords(o.file) : jsonlRecords(o.file);
    for await (const r of records) {
      if (o.signal?.aborted) {
        sum.stopped = true;
        break;
      }
      bytes = r.bytes;
      if ("error" in r) {
        unread.push({ line: r.line, raw: r.raw, errors: [r.error] });
        continue;
      }
      batch.push({ line: r.line, record: r.record, raw: r.raw });
      chars += r.raw.length * 3;
      if (batch.length >= size || chars >= MAX_BATCH_CHARS) await flush();
    }
    if (!sum.stopped) await flush();
  } finally {
    if (rejects) {
      const w = rejects as WriteStream;
      await new Promise<void>((resolve) => w.end(resolve));
      sum.rejects = rejectsPath;
    }
  }
  sum.seconds = (performance.now() - start) / 1000;
  return sum;
}

const duration = (s: number) =>
  s < 60
    ? `${Math.ceil(s)}s`
    : `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, "0")}s`;

/** The plain progress line (not a terminal): records, percent, rate, ETA. */
export const progressLine = (p: ImportProgress) =>
  `import: ${p.records} records, ${p.totalBytes ? Math.floor((100 * p.bytes) / p.totalBytes) : 100}% of the file, ${Math.round(p.rate)} records/s, ETA ${p.etaSeconds === null ? "?" : duration(p.etaSeconds)}\n`;

export interface ExportOptions {
  format: FormatInfo;
  /** One page of the export (tRPC `customers.export`). */
  page: (after: string | undefined) => Promise<{
    records: unknown[];
    hasNextPage: boolean;
    endCursor: string | null;
  }>;
  /** Where to write (a file stream, stdout). */
  out: NodeJS.WritableStream;
}

/**
 * Pages of customers as CSV (the format's columns as header; one page stringified at a time) or
 * JSON Lines, written as they come; returns the number of customers.
 */
export async function runExport(o: ExportOptions): Promise<number> {
  const write = async (s: string) => {
    if (s && !o.out.write(s)) await once(o.out, "drain");
  };
  const columns = o.format.columns ?? undefined;
  if (o.format.syntax === "csv")
    await write(stringify([columns ?? []], { record_delimiter: "\n" }));
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const p = await o.page(after);
    await write(
      o.format.syntax === "csv"
        ? stringify(p.records as Record<string, unknown>[], { columns, record_delimiter: "\n" })
        : p.records.map((r) => `${JSON.stringify(r)}\n`).join(""),
    );
    count += p.records.length;
    if (!p.hasNextPage || !p.endCursor) break;
    after = p.endCursor;
  }
  return count;
}
