import path from "node:path";
import { parseArgs } from "node:util";
import {
  createCore,
  createCredential,
  createTenant,
  DEFAULT_SCOPES,
  DEFAULT_STORE_VERSION,
  DIALECTS,
  listCredentials,
  listTenants,
  type Result,
  revokeCredential,
  STORE_VERSIONS,
} from "@cg/core";
import { createDb, migrate } from "@cg/db";
import { DEFAULT_DATA_DIR } from "./config.ts";

const HELP = `Usage: pnpm cg <command> [options]

Commands:
  migrate                                  apply pending SQL migrations
  tenants create <slug> [--name <name>]    create a tenant
  tenants list                             list tenants
  credentials create --tenant <slug> --dialect <${DIALECTS.join("|")}>
                     [--scope <scope>]... [--name <name>]
                                           create a credential; prints its secret once
  credentials list [--tenant <slug>]       list credentials (never their secrets)
  credentials revoke <id>                  revoke a credential
  stores create --tenant <slug> --code <code> [--version <${STORE_VERSIONS.join("|")}>]
                                           a storefront store code (Magento's Store header)
                                           the tenant owns; version default ${DEFAULT_STORE_VERSION}
  stores list [--tenant <slug>]            list store codes with their tenant and version

Database: DATABASE_URL (PostgreSQL) when set, else the embedded PGlite database in
CG_DATA_DIR (default ${DEFAULT_DATA_DIR}). PGlite allows one process at a time: stop the
gateway first, or use the tRPC admin procedures (tenants.*, credentials.*, stores.*) while it runs.

Default scopes per dialect:
${Object.entries(DEFAULT_SCOPES)
  .map(
    ([d, s]) =>
      `  ${d.padEnd(10)} ${s.join(", ")}${d === "internal" ? "  (admin only when asked for)" : ""}`,
  )
  .join("\n")}
`;

function out(r: Result<unknown>): number {
  if (r.ok) {
    process.stdout.write(`${JSON.stringify(r.value, null, 2)}\n`);
    return 0;
  }
  process.stderr.write(`error: ${r.error.message}\n`);
  for (const f of r.error.fields)
    process.stderr.write(`  ${f.path.join(".")}: ${f.message} (${f.code})\n`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      tenant: { type: "string" },
      dialect: { type: "string" },
      scope: { type: "string", multiple: true },
      name: { type: "string" },
      code: { type: "string" },
      version: { type: "string" },
    },
  });
  const [cmd, sub, arg] = positionals;
  if (values.help || !cmd) {
    process.stdout.write(HELP);
    return values.help ? 0 : 1;
  }
  const db = createDb({
    url: process.env.DATABASE_URL ?? "",
    dataDir: path.join(DEFAULT_DATA_DIR, "pglite"),
  });
  try {
    if (cmd === "migrate") {
      const r = await migrate(db.sql);
      process.stdout.write(
        `applied: ${r.applied.join(", ") || "(none)"}; already applied: ${r.alreadyApplied.length}\n`,
      );
      return 0;
    }
    await migrate(db.sql);
    if (cmd === "tenants" && sub === "create" && arg)
      return out(await createTenant(db, arg, values.name));
    if (cmd === "tenants" && sub === "list") return out({ ok: true, value: await listTenants(db) });
    if (cmd === "credentials" && sub === "create") {
      if (!values.tenant || !values.dialect) {
        process.stderr.write("credentials create needs --tenant and --dialect\n");
        return 1;
      }
      const r = await createCredential(db, {
        tenant: values.tenant,
        dialect: values.dialect,
        scopes: values.scope,
        name: values.name,
      });
      if (r.ok) process.stderr.write("The secret is shown once; only its hash is stored.\n");
      return out(r);
    }
    if (cmd === "credentials" && sub === "list")
      return out({ ok: true, value: await listCredentials(db, values.tenant) });
    if (cmd === "credentials" && sub === "revoke" && arg)
      return out(await revokeCredential(db, arg));
    if (cmd === "stores" && sub === "create") {
      if (!values.tenant || !values.code) {
        process.stderr.write("stores create needs --tenant and --code\n");
        return 1;
      }
      return out(
        await createCore(db).stores.create({
          tenant: values.tenant,
          code: values.code,
          version: values.version,
        }),
      );
    }
    if (cmd === "stores" && sub === "list")
      return out({ ok: true, value: await createCore(db).stores.list(values.tenant) });
    process.stderr.write(`unknown command: ${positionals.join(" ")}\n\n${HELP}`);
    return 1;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
