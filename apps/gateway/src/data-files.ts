import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// The files a gateway leaves in its data directory for the CLI. No @cg/* imports: the CLI
// loads this beside a running gateway, where it needs no database code.

/** What the first start (or the CLI's first run) saves, mode 0600. */
export interface FirstRunFile {
  tenant: string;
  tenantId: string;
  credential: { id: string; dialect: string; scopes: string[]; secret: string };
}

export const credentialsFile = (dataDir: string) => path.join(dataDir, "credentials.json");

/**
 * A gateway serving the embedded database says where it listens, so that the CLI (which cannot
 * open PGlite while the gateway holds it) goes through its admin API instead.
 */
export interface RunningFile {
  pid: number;
  url: string;
}

const runningFile = (dataDir: string) => path.join(dataDir, "gateway.json");

export function writeRunning(dataDir: string, r: RunningFile): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(runningFile(dataDir), `${JSON.stringify(r)}\n`);
}

export function removeRunning(dataDir: string): void {
  const r = readRunning(dataDir);
  if (r?.pid === process.pid) rmSync(runningFile(dataDir), { force: true });
}

/** The gateway serving this data directory, when its process is alive. */
export function readRunning(dataDir: string): RunningFile | null {
  let r: RunningFile;
  try {
    r = JSON.parse(readFileSync(runningFile(dataDir), "utf8")) as RunningFile;
  } catch {
    return null;
  }
  try {
    process.kill(r.pid, 0);
    return r;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM" ? r : null;
  }
}
