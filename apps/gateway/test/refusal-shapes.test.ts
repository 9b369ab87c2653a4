import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
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
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cg-shapes-"));
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

  it("431: a header section over Node's cap, answered before any handler, still in the envelope", async () => {
    const sock = connect(gw.port, "127.0.0.1");
    let got = "";
    sock.on("data", (d) => (got += d.toString()));
    const closed = new Promise((ok) => sock.once("close", ok));
    sock.write(
      `GET /trpc/customers.list?input=%7B%7D HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    await closed;
    expect(got).toMatch(/^HTTP\/1.1 431 /);
    const body = JSON.parse(got.slice(got.indexOf("\r\n\r\n") + 4)) as unknown;
    expect(body).toEqual(envelope("BAD_REQUEST", 431));
    expect((body as { error: { data: { path: string } } }).error.data.path).toBe("customers.list");
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
