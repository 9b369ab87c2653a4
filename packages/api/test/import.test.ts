import { type Core, createCore, createTenant, type Principal } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner } from "../src/index.ts";

async function principal(core: Core, tenant: string, scopes: string[]): Promise<Principal> {
  const c = await core.credentials.create({ tenant, dialect: "internal", scopes });
  if (!c.ok) throw new Error(c.error.message);
  const p = await core.authenticate(c.value.secret);
  if (!p) throw new Error("auth");
  return p;
}

const line = (n: number) => ({
  line: n,
  record: {
    lookup: [{ kind: "EMAIL", value: `imp${n}@example.com` }],
    onCreate: { firstName: `I${n}` },
  },
});

describe.each(testEngines())("customers.import / export / formats (%s)", (engine) => {
  let t: TestDb;
  let core: Core;
  beforeAll(async () => {
    t = await createTestDb(engine);
    core = createCore(t.db);
    for (const slug of ["imp-a", "imp-b"]) {
      const r = await createTenant(t.db, slug);
      if (!r.ok) throw new Error(r.error.message);
    }
  });
  afterAll(() => t?.dispose());

  it("imports a batch into the credential's tenant by idempotency keys, exports it, and keeps other tenants to admin", async () => {
    const writer = createCaller(
      createContextInner({
        core,
        principal: await principal(core, "imp-a", ["customers:read", "customers:write"]),
      }),
    );
    expect((await writer.customers.formats()).map((f) => f.name)).toEqual(["canonical-jsonl"]);
    const batch = {
      format: "canonical-jsonl",
      source: "test-file",
      records: [line(1), line(2), { line: 3, record: { lookup: [], bogus: 1 } }],
    };
    const first = await writer.customers.import(batch);
    expect(first).toMatchObject({ created: 2, noop: 0, replayed: 0, failed: 1 });
    expect(first.failures).toEqual([
      { line: 3, errors: [expect.objectContaining({ path: [], code: "INVALID" })] },
    ]);
    // The same lines of the same source: replayed, nothing written.
    expect(await writer.customers.import(batch)).toMatchObject({
      created: 0,
      noop: 2,
      replayed: 2,
      failed: 1,
    });
    const page = await writer.customers.export({ format: "canonical-jsonl", first: 1 });
    expect(page).toMatchObject({ hasNextPage: true, records: [{ onCreate: { firstName: "I1" } }] });
    const rest = await writer.customers.export({
      format: "canonical-jsonl",
      after: page.endCursor!,
    });
    expect(rest).toMatchObject({
      hasNextPage: false,
      records: [{ onCreate: { firstName: "I2" } }],
    });

    const refused = await writer.customers
      .import({ ...batch, tenant: "imp-b" })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    const unknown = await writer.customers
      .import({ ...batch, format: "excel" })
      .catch((e: unknown) => e);
    expect((unknown as TRPCError).code).toBe("BAD_REQUEST");

    // A tenant's admin manages its own tenant only: another tenant's customers need operator.
    const admin = createCaller(
      createContextInner({
        core,
        principal: await principal(core, "imp-a", ["customers:read", "customers:write", "admin"]),
      }),
    );
    const adminRefused = await admin.customers
      .import({ ...batch, tenant: "imp-b" })
      .catch((e: unknown) => e);
    expect((adminRefused as TRPCError).code).toBe("FORBIDDEN");
    const operator = createCaller(
      createContextInner({
        core,
        principal: await principal(core, "imp-a", [
          "customers:read",
          "customers:write",
          "operator",
        ]),
      }),
    );
    expect(await operator.customers.import({ ...batch, tenant: "imp-b" })).toMatchObject({
      created: 2,
    });
    expect(
      (await operator.customers.export({ format: "canonical-jsonl", tenant: "imp-b" })).records,
    ).toHaveLength(2);
  });
});
