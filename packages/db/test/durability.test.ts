import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb, testEngines } from "../src/testing.ts";

// README (durability): on PostgreSQL a write is acknowledged once its commit is on disk, because
// every session the gateway opens runs with synchronous_commit on (set at connect, whatever the
// server's default). PGlite's guarantee is shown by the gateway's strace test.
describe.each(testEngines())("synchronous_commit on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("is on in the plain pool, the prepared statements' pool and Prisma's", async () => {
    const plain = await t.db.sql.query<{ s: string }>(
      "SELECT current_setting('synchronous_commit') AS s",
    );
    const prepared = await t.db.sql.query<{ s: string }>(
      "SELECT current_setting($1) AS s",
      ["synchronous_commit"],
      "durability_probe",
    );
    const prisma = await t.db.prisma.$queryRaw<
      { s: string }[]
    >`SELECT current_setting('synchronous_commit') AS s`;
    expect([plain[0]?.s, prepared[0]?.s, prisma[0]?.s]).toEqual(["on", "on", "on"]);
  });
});
