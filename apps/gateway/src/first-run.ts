import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { bootstrap } from "@cg/core";
import type { Db } from "@cg/db";
import { credentialsFile, type FirstRunFile } from "./data-files.ts";

/**
 * On an empty database: the `default` tenant and an internal credential with every internal scope
 * (`operator` among them: it manages every tenant), its secret saved to
 * `<dataDir>/credentials.json`; the CLI beside a running gateway acts as it. The gateway's first start and the CLI both call this, so
 * whichever a newcomer runs first leaves the same state. Null when the database had tenants.
 */
export async function firstRun(
  db: Db,
  dataDir: string,
): Promise<{ file: string; body: FirstRunFile } | null> {
  const boot = await bootstrap(db);
  if (!boot) return null;
  const file = credentialsFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const c = boot.credential;
  const body: FirstRunFile = {
    tenant: boot.tenant.slug,
    tenantId: boot.tenant.id,
    credential: { id: c.id, dialect: c.dialect, scopes: c.scopes, secret: c.secret },
  };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { file, body };
}
