import { it } from "vitest";
import { type Engine, testEngines } from "../src/testing.ts";

export const engines: Engine[] = testEngines();
export const hasPostgres = engines.includes("postgres");

/**
 * Without TEST_DATABASE_URL the PostgreSQL half of a file does not run; say so in the report as a
 * skipped test instead of leaving it out silently.
 */
export function markPostgresSkipped(): void {
  if (!hasPostgres) it.skip("on postgres: not run, TEST_DATABASE_URL is not set", () => {});
}

/** Schema-qualified existence check in the connection's current schema. */
export const TABLES_IN_SCHEMA = `SELECT table_name FROM information_schema.tables
  WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`;
