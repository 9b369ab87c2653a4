import type { DomainError } from "./errors.ts";
import type { Customer, UpsertInput } from "./model.ts";

/**
 * A file format of customer records (`cg import`, and `cg export` when it can write): a
 * translation table between one record of a vendor's export file and core's upsert, like a
 * dialect's API translators (whose functions it reuses). Dialects declare theirs in their
 * definition (`formats`); the internal API has `canonical-jsonl`. The gateway streams the file and
 * splits it into records by `syntax`; the format only sees one record at a time.
 */
export interface RecordFormat {
  /** `--format` name, `<dialect>-<syntax>`: "shopify-csv", "capillary-json". */
  name: string;
  /** One line for `--help`. */
  description: string;
  /**
   * How the file splits into records: `csv` (RFC 4180 with a header row; each record an object
   * of column → cell text) or `jsonl` (JSON Lines: one JSON value per line, blank lines skipped).
   */
  syntax: "csv" | "jsonl";
  /** csv: the columns export writes, in order (the vendor's documented header). */
  columns?: readonly string[];
  /**
   * One record as an upsert, or why not in the format's own terms. `line` is the record's first
   * line in the file (for messages); `defaultCountry` the tenant's (national phone numbers).
   */
  read(record: unknown, at: { line: number; defaultCountry: string | null }): RecordRead;
  /** A failed upsert of a record this format read, in the format's field terms. */
  explain(error: DomainError): RecordError[];
  /** Export: one customer as one record (csv: column → cell text). Absent: import only. */
  write?(customer: Customer): unknown;
}

/** One thing wrong with a record: where (the format's field path, e.g. ["Email"]) and why. */
export interface RecordError {
  path: (string | number)[];
  message: string;
  code?: string;
}

export type RecordRead = { ok: true; input: UpsertInput } | { ok: false; errors: RecordError[] };
