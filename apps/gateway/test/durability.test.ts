import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type GatewayProcess, spawnGateway } from "./spawn-gateway.ts";

// README (durability): on the embedded database an upsert is answered only after its commit was
// synced to disk. Seen from outside: strace attached to a real gateway process, one upsert over
// HTTP, and between reading the request and writing the answer the process calls fdatasync.
// With CG_PGLITE_SYNC=off (PGlite's own behaviour) it calls none. .ci/run installs strace.
const hasStrace = spawnSync("strace", ["-V"]).status === 0;

const secretOf = (gw: GatewayProcess) =>
  (
    JSON.parse(readFileSync(path.join(gw.dataDir, "credentials.json"), "utf8")) as {
      credential: { secret: string };
    }
  ).credential.secret;

const upsert = (gw: GatewayProcess, email: string) =>
  fetch(`http://127.0.0.1:${gw.port}/trpc/customers.upsert`, {
    method: "POST",
    headers: { authorization: `Bearer ${secretOf(gw)}`, "content-type": "application/json" },
    body: JSON.stringify({
      lookup: [{ kind: "EMAIL", value: email }],
      onCreate: { identifiers: [{ kind: "EMAIL", value: email }] },
    }),
  });

/** The syscalls the gateway made between reading one upsert request and writing its answer. */
async function tracedUpsert(gw: GatewayProcess): Promise<string[]> {
  expect((await upsert(gw, "warm@sync.io")).status).toBe(200);
  const file = path.join(gw.dataDir, "strace.txt");
  const st = spawn(
    "strace",
    ["-f", "-p", String(gw.child.pid), "-e", "trace=fsync,fdatasync,read,write,writev"].concat([
      "-s",
      "48",
      "-o",
      file,
    ]),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let err = "";
  st.stderr!.on("data", (d) => (err += d.toString()));
  const exited = new Promise((ok) => st.once("exit", ok));
  while (!/attached/.test(err)) await new Promise((ok) => setTimeout(ok, 20));
  const r = await upsert(gw, "traced@sync.io");
  expect(r.status).toBe(200);
  expect(await r.text()).toContain('"CREATED"');
  st.kill("SIGINT");
  await exited;
  const lines = readFileSync(file, "utf8").split("\n");
  const from = lines.findIndex((l) => l.includes("POST /trpc/customers.upsert"));
  const to = lines.findIndex((l, i) => i > from && /write.*HTTP\/1\.1 200/.test(l));
  expect(from, err).toBeGreaterThanOrEqual(0);
  expect(to, err).toBeGreaterThan(from);
  return lines.slice(from, to + 1);
}

describe.skipIf(!hasStrace)("embedded database durability (strace)", () => {
  it("syncs the commit to disk before answering an upsert; CG_PGLITE_SYNC=off does not", {
    timeout: 180_000,
  }, async () => {
    const [on, off] = await Promise.all([spawnGateway(), spawnGateway({ CG_PGLITE_SYNC: "off" })]);
    try {
      const synced = await tracedUpsert(on);
      expect(synced.filter((l) => /\bfdatasync\(\d+\)\s+= 0/.test(l)).length).toBeGreaterThan(0);
      const unsynced = await tracedUpsert(off);
      expect(unsynced.filter((l) => /f(data)?sync\(/.test(l))).toEqual([]);
    } finally {
      expect(await on.stop()).toBe(0);
      expect(await off.stop()).toBe(0);
    }
  });
});
