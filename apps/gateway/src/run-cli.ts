import path from "node:path";
import { describeFormats, exportPage, formatRegistry, importBatch } from "@cg/api";
import {
  createCore,
  createDialectRegistry,
  DEFAULT_STORE_VERSION,
  type RecordFormat,
  type RegisteredDialect,
  type Result,
  STORE_VERSIONS,
} from "@cg/core";
import { createDb, migrate } from "@cg/db";
import { type AdminOps, type CliIo, dispatch, type Outcome, processIo } from "./cli-commands.ts";
import { DEFAULT_DATA_DIR } from "./config.ts";
import { DIALECTS } from "./dialects.ts";
import { firstRun } from "./first-run.ts";

/** A dialect as the CLI knows it: its credentials and its import/export formats. */
type CliDialect = RegisteredDialect & { formats?: readonly RecordFormat[] | undefined };

const help = (dialects: readonly CliDialect[]) => {
  const registry = [...createDialectRegistry(dialects).values()];
  const formats = [...formatRegistry(dialects.flatMap((d) => d.formats ?? [])).values()];
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
  import <file> --tenant <slug> --format <${formats.map((f) => f.name).join("|")}>
         [--rejects <path>] [--batch-size <n>]
                                           upsert the file's customers in batches (default 500,
                                           at most 1000), streamed; a progress bar on a terminal,
                                           else a line every 2 s; prints CREATED / UPDATED / NOOP /
                                           failed. Stopped (Ctrl-C, a kill) and run again, it
                                           writes nothing twice: each record's idempotency key is
                                           the file's sha256 and its line. Failed records go to
                                           <file>.rejects.jsonl (or --rejects): {line, record,
                                           errors: [{path, message, code}]}. Exit 0, 2 when some
                                           failed, 130 when stopped
  export --tenant <slug> --format <${formats
    .filter((f) => f.write)
    .map((f) => f.name)
    .join("|")}> [--out <file>]
                                           every customer, oldest first, to the file or stdout

Database: DATABASE_URL (PostgreSQL) when set, else the embedded PGlite database in
CG_DATA_DIR (default ${DEFAULT_DATA_DIR}). PGlite allows one process at a time: while a
gateway serves it, the CLI sends the same commands to that gateway's tRPC admin API
(tenants.*, credentials.*, stores.*, customers.import|export batch by batch) with the
first-run credential in CG_DATA_DIR/credentials.json.
On an empty database the CLI migrates and bootstraps it as the gateway's first start does
(the "default" tenant and that credential).

The CLI manages every tenant. Over the tRPC API, an internal credential with scope "admin"
manages its own tenant only (its credentials and stores); "operator" manages every tenant and
creates tenants. Only the first-run credential holds operator (the CLI beside a running gateway
acts as it); only an operator can grant it, and an admin grants internal scopes it holds.

Formats:
${formats.map((f) => `  ${f.name.padEnd(16)} ${f.description}${f.write ? "" : " (import only)"}`).join("\n")}

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
    dialects?: readonly CliDialect[];
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
      const formats = formatRegistry(dialects.flatMap((d) => d.formats ?? []));
      // Imports and exports by the CLI itself: any tenant, written as the internal dialect with
      // no credential (the audit trail's actor).
      const tenantCall = async (tenant: string) => {
        const t = await core.tenants.get(tenant);
        return t ? { tenantId: t.id, actor: { dialect: "internal", credentialId: null } } : null;
      };
      const noTenant = (tenant: string): Outcome => ({
        ok: false,
        message: `Unknown tenant ${JSON.stringify(tenant)}`,
        fields: [{ path: ["tenant"], code: "NOT_FOUND", message: "no such tenant" }],
      });
      return {
        "customers.formats": async () => ({ ok: true, value: describeFormats(formats) }),
        "customers.import": async (i) => {
          const call = await tenantCall(i.tenant);
          if (!call) return noTenant(i.tenant);
          return { ok: true, value: await importBatch(core, call, formats.get(i.format)!, i) };
        },
        "customers.export": async (i) => {
          const call = await tenantCall(i.tenant);
          if (!call) return noTenant(i.tenant);
          return outcome(await exportPage(core, call, formats.get(i.format)!, i));
        },
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
