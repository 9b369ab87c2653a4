// Creates a PGlite cluster in argv[2] and exits (run by pglite-durable.ts in a child process, so
// initdb's memory goes away with the process). Then, unless argv[3] is "nosync", syncs every file
// and directory of it: PGlite itself never syncs, and the cluster must be on disk before the
// first durable commit into it (a one-time cost of about a thousand fdatasync calls).
import { closeSync, fdatasyncSync, fsyncSync, openSync, readdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

const dir = process.argv[2];
const pg = new PGlite(dir);
await pg.waitReady;
await pg.close();

const syncTree = (p) => {
  for (const e of readdirSync(p, { withFileTypes: true })) {
    const child = path.join(p, e.name);
    if (e.isDirectory()) syncTree(child);
    else if (e.isFile()) {
      const fd = openSync(child, "r");
      fdatasyncSync(fd);
      closeSync(fd);
    }
  }
  const fd = openSync(p, "r");
  fsyncSync(fd);
  closeSync(fd);
};
if (process.argv[3] !== "nosync") syncTree(dir);
