import { readFileSync } from "node:fs";
import http from "node:http";
import { connect, type Socket } from "node:net";
import path from "node:path";
import { createDb } from "@cg/db";
import { describe, expect, it } from "vitest";
import { spawnGateway } from "./spawn-gateway.ts";

type Outcome = "answered" | "refused" | "broken";

/** One request over `agent`: answered (whole response read), refused (no byte of a response), or broken. */
function upsert(
  agent: http.Agent,
  port: number,
  secret: string,
  email: string,
): Promise<{ outcome: Outcome; status?: number; body?: string }> {
  const body = JSON.stringify({
    lookup: [{ kind: "EMAIL", value: email }],
    onCreate: { identifiers: [{ kind: "EMAIL", value: email }] },
  });
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/trpc/customers.upsert",
        headers: {
          authorization: `Bearer ${secret}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () =>
          resolve(
            res.complete
              ? { outcome: "answered", status: res.statusCode!, body: text }
              : { outcome: "broken" },
          ),
        );
        res.on("error", () => resolve({ outcome: "broken" }));
      },
    );
    // An error before the 'response' event: no byte of an answer arrived (refused, or a kept-alive
    // socket the server closed as idle before this request reached it).
    req.on("error", () => resolve({ outcome: "refused" }));
    req.end(body);
  });
}

/** Raw socket: everything it receives, and when it closes. */
function raw(port: number) {
  const sock: Socket = connect(port, "127.0.0.1");
  let received = "";
  sock.on("data", (d) => (received += d.toString()));
  sock.on("error", () => {});
  const closed = new Promise<void>((ok) => sock.once("close", () => ok()));
  const connected = new Promise<void>((ok) => sock.once("connect", () => ok()));
  return { sock, connected, closed, received: () => received };
}

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((ok) => setTimeout(ok, 20));
};

describe("SIGTERM drains a gateway under keep-alive load", () => {
  it("answers or cleanly refuses every request, closes kept-alive sockets, exits 0 with the database closed", async () => {
    const gw = await spawnGateway();
    const { credential } = JSON.parse(
      readFileSync(path.join(gw.dataDir, "credentials.json"), "utf8"),
    ) as { credential: { secret: string } };
    const secret = credential.secret;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const tally: Record<Outcome, number> = { answered: 0, refused: 0, broken: 0 };
    const statuses = new Set<number>();
    // 16 kept-alive clients, each at most 400 upserts of its own new emails, until refused.
    const clients = Array.from({ length: 16 }, async (_, c) => {
      for (let i = 0; i < 400; i++) {
        const r = await upsert(agent, gw.port, secret, `c${c}-${i}@drain.io`);
        tally[r.outcome]++;
        if (r.status !== undefined) statuses.add(r.status);
        if (r.outcome !== "answered") return;
      }
    });
    await until(() => tally.answered >= 100);

    // One request caught mid-body and one caught mid-headers when the signal arrives.
    const body = JSON.stringify({
      lookup: [{ kind: "EMAIL", value: "inflight@drain.io" }],
      onCreate: { identifiers: [{ kind: "EMAIL", value: "inflight@drain.io" }] },
    });
    const a = raw(gw.port);
    const b = raw(gw.port);
    await Promise.all([a.connected, b.connected]);
    a.sock.write(
      `POST /trpc/customers.upsert HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${secret}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    b.sock.write("GET /readyz HTTP/1.1\r\nHost: x\r\n");
    await new Promise((ok) => setTimeout(ok, 200));

    const exited = gw.stop();
    await until(() => gw.output().includes("signal received"));
    a.sock.write(body.slice(10));
    b.sock.write("\r\n");
    await Promise.all([a.closed, b.closed]);
    await Promise.all(clients);
    expect(await exited).toBe(0);
    agent.destroy();

    // The in-flight request is answered, told the connection closes, and the server closes it
    // (the test never ends these sockets itself).
    expect(a.received()).toMatch(/^HTTP\/1.1 200 /);
    expect(a.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(a.received()).toContain('"result":"CREATED"');
    expect(b.received()).toMatch(/^HTTP\/1.1 503 /);
    expect(b.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(b.received()).toContain('{"ok":false,"draining":true}');

    expect(tally.broken).toBe(0);
    expect([...statuses]).toEqual([200]);
    expect(tally.answered).toBeGreaterThanOrEqual(100);
    const out = gw.output();
    expect(out).toContain('"msg":"stopped"');
    expect(out).not.toContain("drain bound reached");

    // Every acknowledged write is in the database, and nothing unacknowledged (the process closed
    // the database: the lock file is gone and the files open cleanly).
    const db = createDb({ url: "", dataDir: path.join(gw.dataDir, "pglite") });
    try {
      const [row] = await db.sql.query<{ n: string }>("SELECT count(*) AS n FROM customers");
      expect(Number(row!.n)).toBe(tally.answered + 1);
    } finally {
      await db.close();
    }
  });
});
