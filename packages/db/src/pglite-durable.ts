import { spawnSync } from "node:child_process";
import { existsSync, fdatasyncSync, fstatSync, fsyncSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * PGlite on a directory, made durable. What PGlite 0.5 does by itself (read in its dist): it
 * starts PostgreSQL with `-F` (fsync off), and its Node filesystem (Emscripten's NODEFS) has no
 * fsync at all: `fdatasync` is a no-op and `fsync` finds no stream operation. Every commit is a
 * pwrite into the page cache and nothing more, so `kill -9` loses nothing but an OS crash or a
 * power cut can lose acknowledged commits, or leave data files behind a recycled WAL.
 *
 * Here: fsync on, `wal_sync_method=fsync` (the WAL flush at commit goes through fsync, which this
 * filesystem implements, rather than fdatasync, which it cannot), and NODEFS's streams get an
 * fsync that calls the kernel's (fdatasync for files, fsync for directories). A commit returns
 * only after its WAL is on disk; checkpoints sync the data files and directories before the WAL
 * behind them is recycled. Group commit (core's batcher) shares one sync among the upserts of a
 * batch. `sync: false` keeps PGlite's own behaviour (for throwaway data).
 */
export interface PgliteFileOptions {
  sync: boolean;
}

/** 32 MB instead of 128: PostgreSQL touches its buffer pool at start (~100 MB of RSS saved). */
const SHARED_BUFFERS = "32MB";

export function pgliteStartParams(opts: PgliteFileOptions): string[] {
  const base = PGlite.defaultStartParams.filter((p) => !(opts.sync && p === "-F"));
  return [
    ...base,
    "-c",
    `shared_buffers=${SHARED_BUFFERS}`,
    ...(opts.sync ? ["-c", "wal_sync_method=fsync"] : []),
  ];
}

class SyncingNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]) {
    const r = await super.init(pg, opts);
    const preRun = r.emscriptenOpts.preRun ?? [];
    r.emscriptenOpts.preRun = [
      ...preRun,
      (mod) => {
        const ops = mod.NODEFS.stream_ops as { fsync?: (s: { nfd: number }) => number };
        ops.fsync = (stream) => {
          if (fstatSync(stream.nfd).isDirectory()) fsyncSync(stream.nfd);
          else fdatasyncSync(stream.nfd);
          return 0;
        };
      },
    ];
    return r;
  }
}

/** Opens (creating on first use) the PGlite cluster in `dataDir`. */
export function openPgliteDir(dataDir: string, opts: PgliteFileOptions): PGlite {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) initInChild(dataDir, opts.sync);
  const options: PGliteOptions = { dataDir, startParams: pgliteStartParams(opts) };
  if (opts.sync) options.fs = new SyncingNodeFS(dataDir);
  return new PGlite(options);
}

/**
 * initdb in a short-lived child process. PGlite runs initdb as a second WebAssembly module in
 * the calling process, and the ~500 MB it touches stay resident after it is done (RSS 858 MB at
 * first start, 307 MB when opening an existing cluster). Blocking, once, at first start only.
 * pglite-initdb.mjs sits beside this file, and beside the gateway's bundle (scripts/build.mjs).
 */
function initInChild(dataDir: string, sync: boolean): void {
  // Beside this file in the source; in the gateway's bundle this code may sit in dist/chunks/.
  const script = ["./pglite-initdb.mjs", "../pglite-initdb.mjs"]
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((f) => existsSync(f));
  if (!script) throw new Error("pglite-initdb.mjs is missing beside the database module");
  const args = [script, dataDir, ...(sync ? [] : ["nosync"])];
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(`creating the embedded database in ${dataDir} failed: ${r.stderr || r.error}`);
}
