import { parseArgs } from "node:util";

// The CLI's commands, parsed and carried out the same way whichever side does the work: the
// database itself (run-cli.ts) or a running gateway's admin API (cli-remote.ts). No @cg/* imports:
// beside a running gateway the CLI loads nothing of the database layer.

/** An admin command's outcome, the same whichever way it was carried out. */
export type Outcome =
  | { ok: true; value: unknown }
  | {
      ok: false;
      message: string;
      fields: readonly { path: readonly (string | number)[]; message: string; code: string }[];
    };

/** The admin procedures the CLI calls, by their tRPC names, with the tRPC input shapes. */
export interface AdminOps {
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
  /** The line `migrate` prints. */
  migrate(): Promise<string>;
  close(): Promise<void>;
}

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout: (s: string) => unknown;
  stderr: (s: string) => unknown;
}
export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

export const parseCli = (argv: string[]) =>
  parseArgs({
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

/** `--help`, or nothing to do: the help text is all there is to print. */
export const wantsHelp = (argv: string[]) => {
  const { values, positionals } = parseCli(argv);
  return Boolean(values.help) || positionals.length === 0;
};

/** Parses argv, opens the ops only for a well-formed command, runs it, prints the outcome. */
export async function dispatch(
  argv: string[],
  open: () => Promise<AdminOps>,
  io: CliIo,
  help: () => Promise<string> | string,
): Promise<number> {
  const { values, positionals } = parseCli(argv);
  const [cmd, sub, arg] = positionals;
  if (values.help || !cmd) {
    io.stdout(await help());
    return values.help ? 0 : 1;
  }
  const known =
    cmd === "migrate" ||
    (cmd === "tenants" && ((sub === "create" && arg) || sub === "list")) ||
    (cmd === "credentials" && (sub === "create" || sub === "list" || (sub === "revoke" && arg)));
  if (!known) {
    io.stderr(`unknown command: ${positionals.join(" ")}\n\n${await help()}`);
    return 1;
  }
  if (cmd === "credentials" && sub === "create" && (!values.tenant || !values.dialect)) {
    io.stderr("credentials create needs --tenant and --dialect\n");
    return 1;
  }
  const print = (r: Outcome): number => {
    if (r.ok) {
      io.stdout(`${JSON.stringify(r.value, null, 2)}\n`);
      return 0;
    }
    io.stderr(`error: ${r.message}\n`);
    for (const f of r.fields) io.stderr(`  ${f.path.join(".")}: ${f.message} (${f.code})\n`);
    return 1;
  };
  const ops = await open();
  try {
    if (cmd === "migrate") {
      io.stdout(`${await ops.migrate()}\n`);
      return 0;
    }
    if (cmd === "tenants")
      return print(
        sub === "create"
          ? await ops["tenants.create"]({
              slug: arg!,
              ...(values.name ? { name: values.name } : {}),
            })
          : await ops["tenants.list"](),
      );
    if (sub === "create") {
      const r = await ops["credentials.create"]({
        tenant: values.tenant!,
        dialect: values.dialect!,
        ...(values.scope ? { scopes: values.scope } : {}),
        ...(values.name ? { name: values.name } : {}),
      });
      if (r.ok) {
        const login = Boolean((r.value as { login?: unknown }).login);
        io.stderr(
          `The secret${login ? " and the login are" : " is"} shown once; only hashes are stored.\n`,
        );
      }
      return print(r);
    }
    if (sub === "list")
      return print(await ops["credentials.list"](values.tenant ? { tenant: values.tenant } : {}));
    return print(await ops["credentials.revoke"]({ id: arg! }));
  } finally {
    await ops.close();
  }
}
