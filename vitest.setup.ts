import { connect } from "node:net";

// Says once which engines the database-backed tests run on, so a run without PostgreSQL is
// visible rather than silently half as strong. When TEST_DATABASE_URL is set (.ci/run sets it)
// PostgreSQL is expected: the run stops here if it cannot be reached instead of skipping.
export default async function setup() {
  const pg = process.env.TEST_DATABASE_URL;
  if (!pg) {
    process.stdout.write(
      "PostgreSQL tests skipped (TEST_DATABASE_URL unset): the postgres half of every database test and apps/gateway two-processes; run them with TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> npx vitest run, or .ci/run\n",
    );
    return;
  }
  const u = new URL(pg);
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: u.hostname || "127.0.0.1", port: Number(u.port || 5432) });
    socket.setTimeout(10_000, () => socket.destroy(new Error("timed out after 10 s")));
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("error", (err) =>
      reject(
        new Error(
          `TEST_DATABASE_URL is set but PostgreSQL at ${u.host} is not reachable: ${err.message}`,
        ),
      ),
    );
  });
  process.stdout.write(`database tests: PGlite and PostgreSQL (${u.host}${u.pathname})\n`);
}
