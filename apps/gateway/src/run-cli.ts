import path from "node:path";
import {
  createCore,
  createDialectRegistry,
  DEFAULT_STORE_VERSION,
  type RegisteredDialect,
  type Result,
  STORE_VERSIONS,
} from "@cg/core";
import { createDb, migrate } from "@cg/db";
import { type AdminOps, type CliIo, dispatch, type Outcome, processIo } from "./cli-commands.ts";
import { DEFAULT_DATA_DIR } from "./config.ts";
import { DIALECTS } from "./dialects.ts";
import { firstRun } from "./first-run.ts";

const help = (dialects: readonly RegisteredDialect[]) => {
  const registry = [...createDialectRegistry(dialects).values()];
  return `Usage: npm run cg -- <command> [options]      (or: npx --yes pnpm@10.34.8 cg <command>)

Commands:
  migrate                                  apply pending SQL migrations
  tenants create <slug> [--name <name>]    create a tenant
  tenants list                             list tenants
  credentials create --tenant <slug> --dialect <${registry.map((d) => d.name).join("|")}>
                     [--scope <scope>]... [--name <name>]
                                           create a credential; prints its secret (and, for a
                                           dialect that has one, its login) once
  credentials list [--tenant <slug>]       list credentials (never their secrets)
  credentials revoke <id>                  revoke a credential
  stores create --tenant <slug> --code <code> [--version <${STORE_VERSIONS.join("|")}>]
                                           a storefront store code (Magento's Store header)
                                           the tenant owns; version default ${DEFAULT_STORE_VERSION}
  stores list [--tenant <slug>]            list store codes with their tenant and version

Database: DATABASE_URL (PostgreSQL) when set, else the embedded PGlite database in
CG_DATA_DIR (default ${DEFAULT_DATA_DIR}). PGlite allows one process at a time: while a
gateway serves it, the CLI sends the same commands to that gateway's tRPC admin API
(tenants.*, credentials.*, stores.*) with the first-run credential in
CG_DATA_DIR/credentials.json.
On an empty database the CLI migrates and bootstraps it as the gateway's first start does
(the "default" tenant and that credential).

The CLI manages every tenant. Over the tRPC API, an internal credential with scope "admin"
manages its own tenant only (its credentials and stores); "operator" manages every tenant and
creates tenants. Only the first-run credential holds operator (the CLI beside a running gateway
acts as it); only an operator can grant it, and an admin grants internal scopes it holds.

Scopes per dialect (a new credential gets the defaults unless --scope names some):
${registry
  .map((d) => {
    const extra = d.scopes.all.filter((s) => !d.scopes.defaults.includes(s));
    return `  ${d.name.padEnd(10)} ${d.scopes.defaults.join(", ")}${extra.length ? `  (${extra.join(", ")} only when asked for)` : ""}`;
  })
  .join("\n")}
`;
};

/** The help text with the gateway's registered dialects. */
export const cliHelp = () => help(DIALECTS);

const outcome = (r: Result<unknown>): Outcome =>
  r.ok ? r : { ok: false, message: r.error.message, fields: r.error.fields };

/**
 * `npm run cg -- …` on the database itself (cli.ts sends it to a running gateway's admin API
 * instead when one holds the embedded database). `dialects`: the registry's entries, by default
 * the gateway's (dialects.ts).
 */
export async function runCli(
  argv: string[],
  opts: {
    dialects?: readonly RegisteredDialect[];
    io?: CliIo;
    /** Default: DATABASE_URL, else PGlite under CG_DATA_DIR, bootstrapped when empty. */
    database?: { url: string; dataDir: string };
  } = {},
): Promise<number> {
  const dialects = opts.dialects ?? DIALECTS;
  const io = opts.io ?? processIo;
  const open = async (): Promise<AdminOps> => {
    const dataDir = process.env.CG_DATA_DIR || DEFAULT_DATA_DIR;
    const db = createDb(
      opts.database ?? {
        url: process.env.DATABASE_URL ?? "",
        dataDir: path.join(dataDir, "pglite"),
      },
    );
    try {
      const m = await migrate(db.sql);
      // As the gateway's first start would (tests that pass a database bootstrap it themselves).
      const boot = opts.database ? null : await firstRun(db, dataDir);
      if (boot)
        io.stderr(
          `First run: created tenant "${boot.body.tenant}" and an internal credential (saved to ${boot.file}, mode 0600)\n`,
        );
      const core = createCore(db, { dialects });
      return {
        "tenants.create": async (i) => outcome(await core.tenants.create(i.slug, i.name)),
        "tenants.list": async () => ({ ok: true, value: await core.tenants.list() }),
        "credentials.create": async (i) => outcome(await core.credentials.create(i)),
        "credentials.list": async (i) => ({
          ok: true,
          value: await core.credentials.list(i.tenant),
        }),
        "credentials.revoke": async (i) => outcome(await core.credentials.revoke(i.id)),
        "stores.create": async (i) => outcome(await core.stores.create(i)),
        "stores.list": async (i) => ({ ok: true, value: await core.stores.list(i.tenant) }),
        migrate: async () =>
          `applied: ${m.applied.join(", ") || "(none)"}; already applied: ${m.alreadyApplied.length}`,
        close: () => db.close(),
      };
    } catch (err) {
      await db.close();
      throw err;
    }
  };
  return dispatch(argv, open, io, () => help(dialects));
}
