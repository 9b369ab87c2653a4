import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { AppRouter } from "@cg/api";
import { DEFAULT_DATA_DIR } from "./config.ts";
import { credentialsFile, type FirstRunFile, type RunningFile, readRunning } from "./data-files.ts";

// Kept free of @cg/core and @cg/db at the top: beside a running gateway the CLI only speaks HTTP,
// and loading the database layer would cost most of a second.

const help = async () => {
  const { DEFAULT_SCOPES, DIALECTS } = await import("@cg/core");
  return `Usage: npm run cg -- <command> [options]      (or: npx --yes pnpm@10.34.8 cg <command>)

Commands:
  migrate                                  apply pending SQL migrations
  tenants create <slug> [--name <name>]    create a tenant
  tenants list                             list tenants
  credentials create --tenant <slug> --dialect <${DIALECTS.join("|")}>
                     [--scope <scope>]... [--name <name>]
                                           create a credential; prints its secret once
  credentials list [--tenant <slug>]       list credentials (never their secrets)
  credentials revoke <id>                  revoke a credential

Database: DATABASE_URL (PostgreSQL) when set, else the embedded PGlite database in
CG_DATA_DIR (default ${DEFAULT_DATA_DIR}). PGlite allows one process at a time: while a
gateway serves it, the CLI sends the same commands to that gateway's tRPC admin API
(tenants.*, credentials.*) with the first-run credential in CG_DATA_DIR/credentials.json.
On an empty database the CLI migrates and bootstraps it as the gateway's first start does
(the "default" tenant and that credential).

Default scopes per dialect:
${Object.entries(DEFAULT_SCOPES)
  .map(
    ([d, s]) =>
      `  ${d.padEnd(10)} ${s.join(", ")}${d === "internal" ? "  (admin only when asked for)" : ""}`,
  )
  .join("\n")}
`;
};

/** An admin command's outcome, the same whichever way it was carried out. */
type Outcome =
  | { ok: true; value: unknown }
  | {
      ok: false;
      message: string;
      fields: readonly { path: readonly (string | number)[]; message: string; code: string }[];
    };

/** The admin procedures the CLI calls, by their tRPC names, with the tRPC input shapes. */
interface Admin {
  "tenants.create"(i: { slug: string; name?: string }): Promise<Outcome>;
  "tenants.list"(): Promise<Outcome>;
  "credentials.create"(i: {
    tenant: string;
    dialect: string;
    scopes?: string[];
    name?: string;
  }): Promise<Outcome>;
  "credentials.list"(i: { tenant?: string }): Promise<Outcome>;
  "credentials.revoke"(i: { id: string }): Promise<Outcome>;
  migrate(): Promise<string>;
  close(): Promise<void>;
}

/** Straight to the database (PostgreSQL, or PGlite nobody else holds). */
async function directAdmin(dataDir: string): Promise<Admin> {
  const core = await import("@cg/core");
  const { createDb, migrate } = await import("@cg/db");
  const { firstRun } = await import("./first-run.ts");
  const path = await import("node:path");
  const db = createDb({
    url: process.env.DATABASE_URL ?? "",
    dataDir: path.join(dataDir, "pglite"),
  });
  const m = await migrate(db.sql);
  const boot = await firstRun(db, dataDir);
  if (boot)
    process.stderr.write(
      `First run: created tenant "${boot.body.tenant}" and an internal credential (saved to ${boot.file}, mode 0600)\n`,
    );
  const r = async (p: Promise<import("@cg/core").Result<unknown>>): Promise<Outcome> => {
    const x = await p;
    return x.ok ? x : { ok: false, message: x.error.message, fields: x.error.fields };
  };
  return {
    "tenants.create": (i) => r(core.createTenant(db, i.slug, i.name)),
    "tenants.list": async () => ({ ok: true, value: await core.listTenants(db) }),
    "credentials.create": (i) => r(core.createCredential(db, i)),
    "credentials.list": async (i) => ({
      ok: true,
      value: await core.listCredentials(db, i.tenant),
    }),
    "credentials.revoke": (i) => r(core.revokeCredential(db, i.id)),
    migrate: async () =>
      `applied: ${m.applied.join(", ") || "(none)"}; already applied: ${m.alreadyApplied.length}`,
    close: () => db.close(),
  };
}

/** Through the running gateway's tRPC admin API, as the first-run credential. */
async function gatewayAdmin(running: RunningFile, dataDir: string): Promise<Admin> {
  const file = credentialsFile(dataDir);
  let secret: string;
  try {
    secret = (JSON.parse(readFileSync(file, "utf8")) as FirstRunFile).credential.secret;
  } catch {
    throw new Error(
      `the gateway (process ${running.pid}, ${running.url}) holds the embedded database; the CLI talks to its tRPC admin API with the first-run credential in ${file}, which cannot be read. Stop the gateway, or call the tRPC admin procedures with an admin credential`,
    );
  }
  const { createTRPCClient, httpLink, TRPCClientError } = await import("@trpc/client");
  const trpc = createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${running.url}/trpc`, headers: { authorization: `Bearer ${secret}` } }),
    ],
  });
  const r = async (p: Promise<unknown>): Promise<Outcome> => {
    try {
      return { ok: true, value: await p };
    } catch (err) {
      if (!(err instanceof TRPCClientError)) throw err;
      const data = err.data as { fields?: Extract<Outcome, { ok: false }>["fields"] } | undefined;
      return { ok: false, message: err.message, fields: data?.fields ?? [] };
    }
  };
  return {
    "tenants.create": (i) => r(trpc.tenants.create.mutate(i)),
    "tenants.list": () => r(trpc.tenants.list.query()),
    "credentials.create": (i) =>
      r(trpc.credentials.create.mutate(i as Parameters<typeof trpc.credentials.create.mutate>[0])),
    "credentials.list": (i) => r(trpc.credentials.list.query(i)),
    "credentials.revoke": (i) => r(trpc.credentials.revoke.mutate(i)),
    async migrate() {
      // The gateway migrated at its start; /readyz says whether anything is still pending.
      const res = await fetch(`${running.url}/readyz`);
      if (!res.ok) throw new Error(`the running gateway is not ready: ${await res.text()}`);
      return `applied: (none); the running gateway (process ${running.pid}) migrated the database at its start`;
    },
    close: async () => {},
  };
}

function print(r: Outcome): number {
  if (r.ok) {
    process.stdout.write(`${JSON.stringify(r.value, null, 2)}\n`);
    return 0;
  }
  process.stderr.write(`error: ${r.message}\n`);
  for (const f of r.fields)
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
    },
  });
  const [cmd, sub, arg] = positionals;
  if (values.help || !cmd) {
    process.stdout.write(await help());
    return values.help ? 0 : 1;
  }
  const known =
    cmd === "migrate" ||
    (cmd === "tenants" && ((sub === "create" && arg) || sub === "list")) ||
    (cmd === "credentials" && (sub === "create" || sub === "list" || (sub === "revoke" && arg)));
  if (!known) {
    process.stderr.write(`unknown command: ${positionals.join(" ")}\n\n${await help()}`);
    return 1;
  }
  if (cmd === "credentials" && sub === "create" && (!values.tenant || !values.dialect)) {
    process.stderr.write("credentials create needs --tenant and --dialect\n");
    return 1;
  }
  const dataDir = process.env.CG_DATA_DIR || DEFAULT_DATA_DIR;
  const running = process.env.DATABASE_URL ? null : readRunning(dataDir);
  const admin = running ? await gatewayAdmin(running, dataDir) : await directAdmin(dataDir);
  try {
    if (cmd === "migrate") {
      process.stdout.write(`${await admin.migrate()}\n`);
      return 0;
    }
    if (cmd === "tenants")
      return print(
        sub === "create"
          ? await admin["tenants.create"]({
              slug: arg!,
              ...(values.name ? { name: values.name } : {}),
            })
          : await admin["tenants.list"](),
      );
    if (sub === "create") {
      const r = await admin["credentials.create"]({
        tenant: values.tenant!,
        dialect: values.dialect!,
        ...(values.scope ? { scopes: values.scope } : {}),
        ...(values.name ? { name: values.name } : {}),
      });
      if (r.ok) process.stderr.write("The secret is shown once; only its hash is stored.\n");
      return print(r);
    }
    if (sub === "list")
      return print(await admin["credentials.list"](values.tenant ? { tenant: values.tenant } : {}));
    return print(await admin["credentials.revoke"]({ id: arg! }));
  } finally {
    await admin.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
