import { once } from "node:events";
import { appendFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describeFormats, exportPage, formatRegistry, importBatch } from "@cg/api";
import { type CallContext, type Core, createCore, createTenant } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../src/dialects.ts";
import { type FormatInfo, runExport, runImport } from "../src/import-file.ts";
import { writeShopifyCsv } from "./import-helpers.ts";

const ROWS = 2000;
const formats = formatRegistry(DIALECTS.flatMap((d) => d.formats ?? []));
const info = (name: string) => describeFormats(formats).find((f) => f.name === name) as FormatInfo;

describe.each(testEngines())("import and export (%s)", (engine) => {
  let t: TestDb;
  let core: Core;
  const dir = mkdtempSync(path.join(tmpdir(), "cg-import-"));
  beforeAll(async () => {
    t = await createTestDb(engine);
    core = createCore(t.db, { dialects: DIALECTS });
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const tenant = async (slug: string): Promise<CallContext> => {
    const r = await createTenant(t.db, slug);
    if (!r.ok) throw new Error(r.error.message);
    return { tenantId: r.value.id, actor: { dialect: "internal", credentialId: null } };
  };
  const count = async (call: CallContext) => {
    const p = await core.list(call, { first: 1, withTotal: true });
    if (!p.ok) throw new Error(p.error.message);
    return p.value.totalCount;
  };
  const importFile = (
    call: CallContext,
    file: string,
    format: string,
    o: { batchSize?: number; signal?: AbortSignal; onProgress?: () => void } = {},
  ) =>
    runImport({
      file,
      format: info(format),
      ...o,
      send: (b) => importBatch(core, call, formats.get(format)!, b),
    });
  const exportFile = async (call: CallContext, format: string, file: string) => {
    const out = createWriteStream(file);
    const n = await runExport({
      format: info(format),
      out,
      page: async (after) => {
        const p = await exportPage(core, call, formats.get(format)!, { first: 300, after });
        if (!p.ok) throw new Error(p.error.message);
        return p.value;
      },
    });
    out.end();
    await once(out, "close");
    return n;
  };
  const rejects = (file: string) =>
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            line: number;
            record: string;
            errors: { path: (string | number)[]; message: string }[];
          },
      );

  it("a Shopify customer CSV: written in batches, malformed rows rejected with line and column, a re-import all NOOP", async () => {
    const call = await tenant("shop-a");
    const file = path.join(dir, "customers.csv");
    const lines = writeShopifyCsv(file, ROWS, "a", {
      10: { Email: "not-an-email" },
      20: { "Accepts Email Marketing": "maybe" },
      30: "short",
      40: { "First Name": "", "Last Name": "", Email: "", Phone: "" },
    });
    const first = await importFile(call, file, "shopify-csv", { batchSize: 300 });
    expect(first).toMatchObject({
      records: ROWS,
      created: ROWS - 4,
      updated: 0,
      noop: 0,
      failed: 4,
      stopped: false,
      rejects: `${file}.rejects.jsonl`,
    });
    expect(await count(call)).toBe(ROWS - 4);
    const r = rejects(`${file}.rejects.jsonl`);
    expect(r.map((x) => x.line)).toEqual([lines[10], lines[20], lines[30], lines[40]]);
    expect(r[0]!.errors).toEqual([
      { path: ["Email"], message: "Email is invalid", code: "INVALID" },
    ]);
    expect(r[0]!.record).toContain("not-an-email");
    expect(r[1]!.errors[0]).toMatchObject({ path: ["Accepts Email Marketing"] });
    expect(r[2]).toMatchObject({ record: "Broken,Row,only three cells" });
    expect(r[2]!.errors[0]!.message).toBe("the row has 3 cells, the header 17");
    // Shopify's own rule, in its words: a customer needs a name, phone number or email.
    expect(r[3]!.errors).toEqual([
      {
        path: [],
        message: "A name, phone number, or email address must be present",
        code: "BLANK",
      },
    ]);
    // What the rows said, as Shopify's fields.
    const ann = await core.lookup(call, { kind: "EMAIL", value: "ann.a.7@example.com" });
    expect(ann.ok && ann.value).toMatchObject({
      firstName: "Ann7",
      lastName: "Smith",
      tags: ["vip", "newsletter"],
      note: 'said "hi", twice\nsecond line 7',
      marketing: { email: { state: "SUBSCRIBED" }, sms: { state: "NOT_SUBSCRIBED" } },
      addresses: [{ address1: "7 Elgin St", city: "Ottawa", countryCode: "CA", zip: "K2P 1L4" }],
    });

    // The same file again: every line was written by the first run (replayed: nothing twice).
    const again = await importFile(call, file, "shopify-csv", { batchSize: 300 });
    expect(again).toMatchObject({ created: 0, updated: 0, noop: ROWS - 4, failed: 4 });
    expect(again.replayed).toBe(ROWS - 4);
    expect(await count(call)).toBe(ROWS - 4);

    // Another file with the same rows: no key of it was used, each row is upserted by its
    // email or phone and changes nothing; only rows that name no one (no email, no phone) are
    // new customers again, as they would be in Shopify.
    const copy = path.join(dir, "copy.csv");
    appendFileSync(copy, readFileSync(file));
    appendFileSync(copy, "\n");
    const nameOnly = Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 97 === 5).length;
    const natural = await importFile(call, copy, "shopify-csv");
    expect(natural).toMatchObject({
      created: nameOnly,
      updated: 0,
      noop: ROWS - 4 - nameOnly,
      replayed: 0,
      failed: 4,
    });
  });

  it("an import stopped after two batches and run again writes every row once", async () => {
    const call = await tenant("shop-b");
    const file = path.join(dir, "resume.csv");
    writeShopifyCsv(file, 1200, "b");
    const ac = new AbortController();
    let batches = 0;
    const stopped = await importFile(call, file, "shopify-csv", {
      batchSize: 250,
      signal: ac.signal,
      onProgress: () => {
        if (++batches === 2) ac.abort();
      },
    });
    expect(stopped).toMatchObject({ stopped: true, records: 500, created: 500 });
    expect(await count(call)).toBe(500);
    const resumed = await importFile(call, file, "shopify-csv", { batchSize: 250 });
    expect(resumed).toMatchObject({
      stopped: false,
      records: 1200,
      created: 700,
      noop: 500,
      replayed: 500,
      failed: 0,
      rejects: null,
    });
    expect(await count(call)).toBe(1200);
  });

  it("export then import round-trips: shopify-csv and canonical-jsonl into a new tenant, and back as NOOP", async () => {
    const a = await tenant("round-a");
    const src = path.join(dir, "round.csv");
    // Every customer named by an email or phone: one named by nothing is a new customer on every
    // import of another file (the first test shows it), and the internal API cannot create one.
    writeShopifyCsv(src, 600, "r", {}, false);
    await importFile(a, src, "shopify-csv");

    for (const format of ["shopify-csv", "canonical-jsonl"]) {
      const b = await tenant(`round-${format}`);
      const outA = path.join(dir, `a.${format}`);
      const outB = path.join(dir, `b.${format}`);
      expect(await exportFile(a, format, outA)).toBe(600);
      const into = await importFile(b, outA, format);
      expect(into).toMatchObject({ records: 600, created: 600, failed: 0 });
      expect(await exportFile(b, format, outB)).toBe(600);
      // The same customers, field for field (Shopify's Customer ID is the tenant's own number;
      // on PostgreSQL a batch's halves are written side by side, so numbers follow no order).
      const records = (f: string) =>
        (format === "shopify-csv"
          ? (parse(readFileSync(f), { columns: true }) as Record<string, string>[]).map(
              ({ "Customer ID": _id, ...r }) => JSON.stringify(r),
            )
          : readFileSync(f, "utf8").trim().split("\n")
        ).sort();
      expect(records(outB)).toEqual(records(outA));
      // Importing a tenant's export into the same tenant changes nothing.
      const back = await importFile(a, outA, format);
      expect(back).toMatchObject({ created: 0, updated: 0, noop: 600, replayed: 0, failed: 0 });
    }
    expect(readFileSync(path.join(dir, "a.shopify-csv"), "utf8").split("\n")[0]).toBe(
      "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags",
    );
  });

  it("capillary-json and canonical-jsonl files: JSON Lines, a bad line rejected in the format's terms", async () => {
    const call = await tenant("json");
    const cap = path.join(dir, "capillary.jsonl");
    const items = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        profiles: [
          {
            firstName: `Cap${i}`,
            lastName: "K",
            source: "INSTORE",
            identifiers: [
              { type: "email", value: `cap${i}@example.com` },
              { type: "externalId", value: `EXT${i}` },
            ],
          },
        ],
        extendedFields: { gender: "Female" },
      }),
    );
    items.splice(5, 0, "{not json", "");
    items.push(JSON.stringify({ profiles: [{ source: "NOWHERE", identifiers: [] }] }));
    appendFileSync(cap, `${items.join("\n")}\n`);
    const c = await importFile(call, cap, "capillary-json");
    expect(c).toMatchObject({ records: 42, created: 40, failed: 2 });
    const cr = rejects(`${cap}.rejects.jsonl`);
    expect(cr.map((x) => x.line)).toEqual([6, 43]);
    expect(cr[0]!.errors[0]!.message).toMatch(/^not JSON/);
    expect(cr[1]!.errors).toEqual([{ path: [], code: "8003", message: "Invalid source passed" }]);
    const found = await core.lookup(call, {
      kind: "EXTERNAL_ID",
      namespace: "capillary:INSTORE",
      value: "EXT3",
    });
    expect(found.ok && found.value).toMatchObject({ firstName: "Cap3", gender: "Female" });

    const canon = path.join(dir, "canonical.jsonl");
    const lines = [
      {
        lookup: [{ kind: "EMAIL", value: "canon@example.com" }],
        onCreate: {
          firstName: "Canon",
          identifiers: [{ kind: "EMAIL", value: "canon@example.com" }],
        },
      },
      { lookup: [], onCreate: { firstName: "Nobody", surname: "x" } },
      { lookup: [{ kind: "EMAIL", value: "cap3@example.com" }], onUpdate: { tags: ["moved"] } },
    ].map((l) => JSON.stringify(l));
    appendFileSync(canon, `${lines.join("\n")}\n`);
    const k = await importFile(call, canon, "canonical-jsonl");
    expect(k).toMatchObject({ records: 3, created: 1, updated: 1, failed: 1 });
    const kr = rejects(`${canon}.rejects.jsonl`);
    expect(kr[0]).toMatchObject({ line: 2, errors: [{ path: ["onCreate"] }] });
    expect(await count(call)).toBe(41);
  });
});
