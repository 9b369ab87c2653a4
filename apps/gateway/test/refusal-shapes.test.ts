import { mkdtempSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path_ from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../src/index.ts";

// Every refusal under /trpc comes in tRPC's error envelope, whichever layer refuses it: tRPC
// itself (unknown procedure, wrong content type), the gateway's body cap, or Node's header cap.
const envelope = (code: string, httpStatus: number) => ({
  error: expect.objectContaining({
    message: expect.any(String),
    code: expect.any(Number),
    data: expect.objectContaining({ code, httpStatus }),
  }),
});

describe("refusal shapes on /trpc, request ids", () => {
  let gw: RunningGateway;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path_.join(tmpdir(), "cg-shapes-"));
    gw = await startGateway(
      { port: 0, host: "127.0.0.1", databaseUrl: undefined, dataDir: dir, development: false },
      pino({ level: "silent" }),
      { quiet: true },
    );
  });
  afterAll(async () => {
    await gw.stop();
  });

  it("404: no procedure, and /trpc itself", async () => {
    for (const p of ["/trpc/nope.nope", "/trpc"]) {
      const r = await fetch(`${gw.url}${p}`);
      expect(r.status).toBe(404);
      expect(r.headers.get("content-type")).toContain("application/json");
      expect(await r.json()).toEqual(envelope("NOT_FOUND", 404));
    }
  });

  it("413: a body over the cap, with the procedure it was sent to", async () => {
    const r = await fetch(`${gw.url}/trpc/customers.upsert`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(2 * 1024 * 1024),
    });
    expect(r.status).toBe(413);
    const body = (await r.json()) as { error: { data: { path: string } } };
    expect(body).toEqual(envelope("PAYLOAD_TOO_LARGE", 413));
    expect(body.error.data.path).toBe("customers.upsert");
  });

  it("415: a content type tRPC does not read, answered as JSON", async () => {
    const r = await fetch(`${gw.url}/trpc/customers.upsert`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(r.status).toBe(415);
    expect(r.headers.get("content-type")).toContain("application/json");
    expect(await r.json()).toEqual(envelope("UNSUPPORTED_MEDIA_TYPE", 415));
  });

  /** Sends a header section over the cap on a raw socket; the status line and JSON body. */
  const overflow = async (path: string) => {
    const sock = connect(gw.port, "127.0.0.1");
    let got = "";
    sock.on("data", (d) => (got += d.toString()));
    const closed = new Promise((ok) => sock.once("close", ok));
    sock.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    await closed;
    const head = got.slice(0, got.indexOf("\r\n\r\n"));
    return {
      status: head.split("\r\n", 1)[0],
      head: head.toLowerCase(),
      body: JSON.parse(got.slice(got.indexOf("\r\n\r\n") + 4)) as unknown,
    };
  };

  it("431: a header section over Node's cap, answered before any handler, still in the envelope", async () => {
    const got = await overflow("/trpc/customers.list?input=%7B%7D");
    expect(got.status).toMatch(/^HTTP\/1.1 431 /);
    const body = got.body;
    expect(body).toEqual(envelope("BAD_REQUEST", 431));
    expect((body as { error: { data: { path: string } } }).error.data.path).toBe("customers.list");
  });

  // #16: on a dialect's paths the 431 is that vendor's (each errors table's HEADERS_TOO_LARGE).
  it.each([
    [
      "/plain/graphql/v1",
      { errors: [{ message: expect.any(String), extensions: { code: "BAD_USER_INPUT" } }] },
    ],
    ["/shopify/admin/api/2025-10/graphql.json", { errors: "Request Header Fields Too Large" }],
    [
      "/fluent/graphql",
      { error: "request_header_fields_too_large", error_description: expect.any(String) },
    ],
    [
      "/fluent/oauth/token",
      { error: "request_header_fields_too_large", error_description: expect.any(String) },
    ],
    [
      "/magento/graphql",
      { errors: [{ message: expect.any(String), extensions: { category: "graphql" } }] },
    ],
    [
      "/capillary/v2/customers/lookup",
      {
        errors: [{ status: false, code: 431, message: "Request header fields too large" }],
        warnings: [],
      },
    ],
  ])("431 on %s: in the vendor's shape", async (path, shape) => {
    const got = await overflow(path);
    expect(got.status).toMatch(/^HTTP\/1.1 431 /);
    expect(got.head).toContain("content-type: application/json");
    expect(got.head).toContain("connection: close");
    expect(got.body).toEqual(shape);
  });

  it("431 elsewhere: the gateway's own JSON", async () => {
    const got = await overflow("/nowhere");
    expect(got.status).toMatch(/^HTTP\/1.1 431 /);
    expect(got.body).toEqual({ error: "Request header fields too large" });
  });

  // #16 fuzz: yoga answered a content type it has no parser for with an empty 415.
  it.each([
    [
      "plain",
      "/plain/graphql/v1",
      { errors: [{ message: expect.any(String), extensions: { code: "BAD_USER_INPUT" } }] },
    ],
    ["shopify", "/shopify/admin/api/2025-10/graphql.json", { errors: "Unsupported Media Type" }],
  ])("415 on %s: in the vendor's shape", async (dialect, path, shape) => {
    // A credential of the dialect, made with the first-run (operator) credential.
    const first = JSON.parse(readFileSync(path_.join(dir, "credentials.json"), "utf8")) as {
      credential: { secret: string };
    };
    const made = await fetch(`${gw.url}/trpc/credentials.create`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${first.credential.secret}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ tenant: "default", dialect }),
    });
    const secret = ((await made.json()) as { result: { data: { secret: string } } }).result.data
      .secret;
    for (const type of ["text/plain", "application/xml"]) {
      const r = await fetch(`${gw.url}${path}`, {
        method: "POST",
        headers: {
          "content-type": type,
          authorization: `Bearer ${secret}`,
          "x-shopify-access-token": secret,
        },
        body: "{}",
      });
      expect(r.status).toBe(415);
      expect(await r.json()).toEqual(shape);
    }
  });

  it("keeps a client's x-request-id only in a safe charset and length", async () => {
    const echo = async (id: string) =>
      (await fetch(`${gw.url}/healthz`, { headers: { "x-request-id": id } })).headers.get(
        "x-request-id",
      );
    expect(await echo("abc-123_X.y:z")).toBe("abc-123_X.y:z");
    for (const bad of ["has space", "<script>", "a".repeat(129), "ann@example.com", "a\tb"])
      expect(await echo(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
