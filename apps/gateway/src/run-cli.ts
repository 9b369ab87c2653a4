import path from "node:path";
import { parseArgs } from "node:util";
import { createCore, createDialectRegistry, type RegisteredDialect, type Result } from "@cg/core";
import { createDb, migrate } from "@cg/db";
import { DEFAULT_DATA_DIR } from "./config.ts";

const help = (dialects: readonly RegisteredDialect[]) => {
  const registry = [...createDialectRegistry(dialects).values()];
  return `Usage: pnpm cg <command> [options]

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

Database: DATABASE_URL (PostgreSQL) when set, else the embedded PGlite database in
CG_DATA_DIR (default ${DEFAULT_DATA_DIR}). PGlite allows one process at a time: stop the
gateway first, or use the tRPC admin procedures (tenants.*, credentials.*) while it runs.

Scopes per dialect (a new credential gets the defaults unless --scope names some):
${registry
  .map((d) => {
    const extra = d.scopes.all.filter((s) => !d.scopes.defaults.includes(s));
    return `  ${d.name.padEnd(10)} ${d.scopes.defaults.join(", ")}${extra.length ? `  (${extra.join(", ")} only when asked for)` : ""}`;
  })
  .join("\n")}
`;
};

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout: (s: string) => unknown;
  stderr: (s: string) => unknown;
}
const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/**
 * `pnpm cg …` (cli.ts runs it on process.argv). `dialects`: those credentials may be created
 * for, by default the gateway's (dialects.ts).
 */
export async function runCli(
  argv: string[],
  opts: {
    dialects?: readonly RegisteredDialect[];
    io?: CliIo;
    /** Default: DATABASE_URL, else PGlite under CG_DATA_DIR. */
    database?: { url: string; dataDir: string };
  } = {},
): Promise<number> {
  // Loaded only when run: the dialect apps (their schemas) are not needed before that.
  const dialects = opts.dialects ?? (await import("./dialects.ts")).DIALECTS;
  const io = opts.io ?? processIo;
  const out = (r: Result<unknown>): number => {
    if (r.ok) {
      io.stdout(`${JSON.stringify(r.value, null, 2)}\n`);
      return 0;
    }
    io.stderr(`error: ${r.error.message}\n`);
    for (const f of r.error.fields) io.stderr(`  ${f.path.join(".")}: ${f.message} (${f.code})\n`);
    return 1;
  };
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      tenant: { type: "string" },
      dialect: { type: "string" },
      scope: { type: "string", multiple: true },
      name: { type: "string" },
    },
  });
  const [cmd, sub, arg] = positionals;
  if (values.help || !cmd) {
    io.stdout(help(dialects));
    return values.help ? 0 : 1;
  }
  const db = createDb(
    opts.database ?? {
      url: process.env.DATABASE_URL ?? "",
      dataDir: path.join(DEFAULT_DATA_DIR, "pglite"),
    },
  );
  try {
    if (cmd === "migrate") {
      const r = await migrate(db.sql);
      io.stdout(
        `applied: ${r.applied.join(", ") || "(none)"}; already applied: ${r.alreadyApplied.length}\n`,
      );
      return 0;
    }
    await migrate(db.sql);
    const core = createCore(db, { dialects });
    if (cmd === "tenants" && sub === "create" && arg)
      return out(await core.tenants.create(arg, values.name));
    if (cmd === "tenants" && sub === "list")
      return out({ ok: true, value: await core.tenants.list() });
    if (cmd === "credentials" && sub === "create") {
      if (!values.tenant || !values.dialect) {
        io.stderr("credentials create needs --tenant and --dialect\n");
        return 1;
      }
      const r = await core.credentials.create({
        tenant: values.tenant,
        dialect: values.dialect,
        scopes: values.scope,
        name: values.name,
      });
      if (r.ok)
        io.stderr(
          `The secret${r.value.login ? " and the login are" : " is"} shown once; only hashes are stored.\n`,
        );
      return out(r);
    }
    if (cmd === "credentials" && sub === "list")
      return out({ ok: true, value: await core.credentials.list(values.tenant) });
    if (cmd === "credentials" && sub === "revoke" && arg)
      return out(await core.credentials.revoke(arg));
    io.stderr(`unknown command: ${positionals.join(" ")}\n\n${help(dialects)}`);
    return 1;
  } finally {
    await db.close();
  }
}
