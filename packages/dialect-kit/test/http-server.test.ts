import http from "node:http";
import { connect, type Socket } from "node:net";
import { silentLogger } from "@cg/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_HTTP_LIMITS,
  type HttpLimits,
  type HttpServer,
  httpLimitsFromEnv,
  listen,
} from "../src/http-server.ts";
import {
  type DialectDefinition,
  defineDialect,
  headerOverflowRefusal,
  type Route,
} from "../src/index.ts";

// Small limits so closures happen within a test; every assertion is on closure within a generous
// bound, never on latency.
const SMALL: HttpLimits = {
  ...DEFAULT_HTTP_LIMITS,
  headersTimeoutMs: 400,
  requestTimeoutMs: 1000,
  keepAliveTimeoutMs: 2000,
  idleTimeoutMs: 600,
  maxConnections: 200,
  maxConnectionsPerAddress: 100,
  maxPipelined: 8,
};
const GENEROUS_MS = 15_000;

let servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.drain()));
  servers = [];
});

/**
 * A server answering `ok`, or `size` bytes for ?size=; counts the requests it ran, and how many
 * ran at once at most on /hold (which holds its body for 5 ms).
 */
async function start(limits: Partial<HttpLimits> = {}) {
  const counts = { handled: 0, holding: 0, peakHolding: 0 };
  const s = await listen(
    async (req) => {
      counts.handled++;
      if (new URL(req.url).pathname === "/hold") {
        counts.peakHolding = Math.max(counts.peakHolding, ++counts.holding);
        await req.text();
        await new Promise((ok) => setTimeout(ok, 5));
        counts.holding--;
        return new Response("ok");
      }
      if (req.body) await req.text();
      const size = Number(new URL(req.url).searchParams.get("size") ?? 0);
      return new Response(size ? "x".repeat(size) : "ok");
    },
    { port: 0, host: "127.0.0.1", limits: { ...SMALL, ...limits }, log: silentLogger },
  );
  servers.push(s);
  return { ...s, counts };
}

function raw(port: number) {
  const sock: Socket = connect(port, "127.0.0.1");
  let received = "";
  sock.on("data", (d) => (received += d.toString()));
  sock.on("error", () => {});
  const closed = new Promise<void>((ok) => sock.once("close", () => ok()));
  const connected = new Promise<void>((ok) => sock.once("connect", () => ok()));
  return { sock, closed, connected, received: () => received };
}

const within = <T>(p: Promise<T>, ms = GENEROUS_MS) =>
  Promise.race([
    p.then(() => "closed" as const),
    new Promise<"open">((ok) => setTimeout(() => ok("open"), ms).unref()),
  ]);

/** A normal kept-alive client: `n` requests one after another; every status it saw. */
async function normalClient(port: number, n: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const statuses: number[] = [];
  for (let i = 0; i < n; i++)
    statuses.push(
      await new Promise<number>((ok, fail) =>
        http
          .get({ agent, host: "127.0.0.1", port, path: "/" }, (res) => {
            res.resume();
            res.on("end", () => ok(res.statusCode!));
          })
          .on("error", fail),
      ),
    );
  agent.destroy();
  return statuses;
}

describe("socket limits", () => {
  it("closes slowloris sockets (a header line every 100 ms) after the header timeout while a normal client is served", async () => {
    const s = await start();
    const slow = Array.from({ length: 20 }, () => raw(s.port));
    await Promise.all(slow.map((c) => c.connected));
    for (const c of slow) c.sock.write("GET / HTTP/1.1\r\nHost: x\r\n");
    const drip = setInterval(() => {
      for (const c of slow) if (!c.sock.destroyed) c.sock.write("X-Drip: 1\r\n");
    }, 100);
    try {
      const normal = normalClient(s.port, 50);
      expect(await within(Promise.all(slow.map((c) => c.closed)))).toBe("closed");
      for (const c of slow) expect(c.received()).toMatch(/^HTTP\/1.1 408 /);
      expect(await normal).toEqual(Array(50).fill(200));
      expect(s.counts.handled).toBe(50);
    } finally {
      clearInterval(drip);
    }
  });

  it("closes sockets that never send a byte", async () => {
    const s = await start();
    const idle = Array.from({ length: 50 }, () => raw(s.port));
    const normal = normalClient(s.port, 20);
    expect(await within(Promise.all(idle.map((c) => c.closed)))).toBe("closed");
    expect(await normal).toEqual(Array(20).fill(200));
  });

  it("closes a kept-alive socket after the keep-alive timeout", async () => {
    const s = await start({ keepAliveTimeoutMs: 300 });
    const c = raw(s.port);
    await c.connected;
    c.sock.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await within(c.closed)).toBe("closed");
    expect(c.received()).toMatch(/^HTTP\/1.1 200 /);
  });

  it("closes a socket whose client stops reading a large answer (idle timeout)", async () => {
    const s = await start();
    const c = raw(s.port);
    await c.connected;
    c.sock.pause();
    c.sock.write("GET /big?size=33554432 HTTP/1.1\r\nHost: x\r\n\r\n");
    // The client, not reading, would see the close only behind the unread bytes: watch the server.
    await until(() => s.counts.handled === 1);
    expect(await within(until(async () => (await connections(s)) === 0))).toBe("closed");
    c.sock.resume();
    await c.closed;
    expect(c.received().length).toBeLessThan(32 * 1024 * 1024);
    expect(await normalClient(s.port, 5)).toEqual(Array(5).fill(200));
  });

  it("caps connections per client address: one over is closed on accept, room frees on close", async () => {
    const s = await start({ maxConnectionsPerAddress: 5 });
    const five = Array.from({ length: 5 }, () => raw(s.port));
    await Promise.all(five.map((c) => c.connected));
    // The server counts a connection when it accepts it: one round trip on each makes sure.
    for (const c of five) c.sock.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await Promise.all(five.map((c) => until(() => c.received().includes("\r\n\r\nok"))));
    const sixth = raw(s.port);
    expect(await within(sixth.closed)).toBe("closed");
    expect(sixth.received()).toBe("");
    five[0]!.sock.destroy();
    await five[0]!.closed;
    const again = raw(s.port);
    await again.connected;
    again.sock.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await again.closed;
    expect(again.received()).toMatch(/^HTTP\/1.1 200 /);
  });

  it("caps connections in all", async () => {
    const s = await start({ maxConnections: 3 });
    const three = Array.from({ length: 3 }, () => raw(s.port));
    for (const c of three) {
      await c.connected;
      c.sock.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    await Promise.all(three.map((c) => until(() => c.received().includes("\r\n\r\nok"))));
    const fourth = raw(s.port);
    expect(await within(fourth.closed)).toBe("closed");
    expect(fourth.received()).toBe("");
  });

  it("a client pipelining requests for large answers it never reads: no more is run than its socket holds, and it is closed", async () => {
    const s = await start({ idleTimeoutMs: 1500, maxPipelined: 1000 });
    const c = raw(s.port);
    await c.connected;
    c.sock.pause();
    // 200 pipelined requests, each for 1 MB, each with a 32 KB body: 200 MB of answers.
    const body = "y".repeat(32 * 1024);
    const one = `POST /big?size=1048576 HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    for (let i = 0; i < 200; i++) c.sock.write(one);
    const normal = normalClient(s.port, 20);
    expect(await within(c.closed)).toBe("closed");
    // The kernel's socket buffers hold a few answers; the server ran no more than it could write.
    expect(s.counts.handled - 20).toBeLessThan(60);
    expect(await normal).toEqual(Array(20).fill(200));
  });

  it("runs one connection's pipelined requests one at a time, leaving the unread bodies in the socket", async () => {
    const s = await start();
    const c = raw(s.port);
    await c.connected;
    const body = "y".repeat(256 * 1024);
    const one = `POST /hold HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    for (let i = 0; i < 100; i++) c.sock.write(one);
    const normal = normalClient(s.port, 20);
    await until(() => (c.received().match(/HTTP\/1.1 200 /g) ?? []).length === 100);
    expect((c.received().match(/HTTP\/1.1 200 /g) ?? []).length).toBe(100);
    expect(s.counts.peakHolding).toBe(1);
    expect(await normal).toEqual(Array(20).fill(200));
  });

  it("closes a connection that queues more pipelined requests than the cap", async () => {
    const s = await start({ maxPipelined: 8 });
    const c = raw(s.port);
    await c.connected;
    c.sock.write("GET /?size=100000 HTTP/1.1\r\nHost: x\r\n\r\n".repeat(40));
    expect(await within(c.closed)).toBe("closed");
    expect(s.counts.handled).toBeLessThanOrEqual(8);
  });

  it("an answer sent before its request body has all arrived says Connection: close", async () => {
    const s = await start();
    const c = raw(s.port);
    await c.connected;
    // GET / answers "ok" without reading the body: the rest of the body is still on its way.
    c.sock.write(`GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n\r\n${"z".repeat(1000)}`);
    await until(() => c.received().includes("\r\n\r\nok"));
    expect(c.received()).toMatch(/^HTTP\/1.1 200 /);
    expect(c.received()).toMatch(/\r\nconnection: close\r\n/i);
    c.sock.destroy();
  });

  it("reads its limits from CG_* variables and refuses nonsense", () => {
    expect(
      httpLimitsFromEnv({ CG_HEADERS_TIMEOUT_MS: "500", CG_MAX_CONNECTIONS_PER_ADDRESS: "3" }),
    ).toMatchObject({ headersTimeoutMs: 500, maxConnectionsPerAddress: 3, drainTimeoutMs: 10_000 });
    expect(() => httpLimitsFromEnv({ CG_IDLE_TIMEOUT_MS: "soon" })).toThrow(/CG_IDLE_TIMEOUT_MS/);
    expect(() => httpLimitsFromEnv({ CG_MAX_CONNECTIONS: "0" })).toThrow(/CG_MAX_CONNECTIONS/);
    expect(() => httpLimitsFromEnv({ CG_HEADERS_TIMEOUT_MS: "60000" })).toThrow(/must not exceed/);
  });
});

/** Polls `cond` every 10 ms (at most 20 s; the callers' assertions say what was expected). */
async function until(cond: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 2000 && !(await cond()); i++) await new Promise((ok) => setTimeout(ok, 10));
}

const connections = (s: HttpServer) =>
  new Promise<number>((ok, fail) => s.server.getConnections((e, n) => (e ? fail(e) : ok(n))));

describe("a header section over the cap (431)", () => {
  // As runStandalone mounts a dialect (root ""): Node refuses before any handler, and the
  // dialect's HEADERS_TOO_LARGE refusal is the answer, status, headers and body.
  const def = defineDialect({
    name: "toy",
    prefix: "/toy",
    standalonePort: 0,
    scopes: { all: ["read"], defaults: ["read"] },
    bodyLimit: 16,
    routes: [{ name: "item", methods: ["GET"], path: "/items/:id", auth: "none" }],
    refuse: (r, req) =>
      Response.json(
        { refused: r.kind, path: new URL(req.url).pathname },
        { status: r.kind === "HEADERS_TOO_LARGE" ? 431 : 499, headers: { "x-toy": "1" } },
      ),
    setup: () => ({ authenticate: async () => null, serve: async () => new Response("ok") }),
  });

  it.each([
    ["", "/items/1", "/items/1"],
    ["/toy", "/toy/items/1?q=1", "/toy/items/1"],
  ])("root %j, %s: the dialect's refusal", async (root, path, seen) => {
    const overflow = headerOverflowRefusal([{ def: def as DialectDefinition<Route>, root }]);
    const s = await listen(() => new Response("never"), {
      port: 0,
      host: "127.0.0.1",
      limits: { ...SMALL, maxHeaderBytes: 2048 },
      log: silentLogger,
      headerOverflow: (p) => overflow(p) ?? new Response("other", { status: 431 }),
    });
    servers.push(s);
    const sock = connect(s.port, "127.0.0.1");
    let got = "";
    sock.on("data", (d) => (got += d.toString()));
    const closed = new Promise((ok) => sock.once("close", ok));
    sock.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(8000)}\r\n\r\n`);
    await closed;
    const [head, body] = got.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1.1 431 Request Header Fields Too Large\r\n/);
    expect(head!.toLowerCase()).toContain("x-toy: 1");
    expect(head!.toLowerCase()).toContain("connection: close");
    expect(JSON.parse(body!)).toEqual({ refused: "HEADERS_TOO_LARGE", path: seen });
  });
});
