import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authHeaders, call, type Env, type Json, setup, tenant } from "./helpers.ts";

// The document is generated from the schemas the handlers validate with; every example in it is
// sent to the app, which must accept it (200/201).
describe("capillary OpenAPI document", () => {
  let env: Env;
  let doc: Json;
  beforeAll(async () => {
    env = await setup("pglite");
    doc = (await call(env, "GET", "/openapi.json")).body;
  });
  afterAll(() => env.close());

  it("is a valid OpenAPI 3.1 document", async () => {
    const v = new Validator();
    const res = await v.validate(doc);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(v.version).toBe("3.1");
    expect(doc.servers).toEqual([{ url: "/" }]);
  });

  it("accepts each documented example", async () => {
    const order = [
      "generateToken",
      "upsertBulk",
      "lookupCustomerDetails",
      "lookupCustomerId",
      "addCustomer",
      "getCustomer",
      "updateCustomer",
      "changeIdentifier",
    ];
    const ops: { path: string; method: string; op: Json }[] = [];
    for (const [path, item] of Object.entries<Json>(doc.paths))
      for (const [method, op] of Object.entries<Json>(item)) ops.push({ path, method, op });
    expect(ops.map((o) => o.op.operationId).sort()).toEqual([...order].sort());
    ops.sort((a, b) => order.indexOf(a.op.operationId) - order.indexOf(b.op.operationId));

    let id = "";
    for (const kind of ["basic", "oauth"] as const) {
      // A tenant per round: the add example adds once.
      const l = await tenant(env, { defaultCountry: "IN" });
      const headers = await authHeaders(env, l, kind);
      for (const { path, method, op } of ops) {
        const query = new URLSearchParams();
        for (const p of op.parameters ?? [])
          if (p.in === "query" && p.schema?.example !== undefined)
            query.set(p.name, String(p.schema.example));
          else if (p.in === "query" && p.example !== undefined)
            query.set(p.name, String(p.example));
        let body = op.requestBody?.content?.["application/json"]?.example;
        // The token example's key and secret are placeholders for a real API client's.
        if (op.operationId === "generateToken") body = { key: l.key, secret: l.secret };
        const url = `${path.replace("{id}", id)}${query.size ? `?${query}` : ""}`;
        const r = await call(env, method.toUpperCase(), url, {
          headers: op.operationId === "generateToken" ? {} : headers,
          ...(body !== undefined ? { body } : {}),
        });
        expect([200, 201], `${op.operationId}: ${JSON.stringify(r.body)}`).toContain(r.status);
        if (op.operationId === "addCustomer") id = String(r.body.createdId);
      }
    }
  });

  it("serves the docs page and its files from the installed package", async () => {
    const page = await fetch(`${env.url}/docs`);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain(`src="/docs/swagger-ui-bundle.js"`);
    expect(html).not.toMatch(/https?:\/\//);
    for (const f of ["swagger-ui-bundle.js", "swagger-ui.css", "init.js"])
      expect((await fetch(`${env.url}/docs/${f}`)).status).toBe(200);
    expect((await fetch(`${env.url}/docs/package.json`)).status).toBe(404);
  });
});
