import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  type BatchResult,
  type FormatInfo,
  type ImportProgress,
  progressLine,
  runExport,
  runImport,
} from "./import-file.ts";

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
  "stores.create"(i: { tenant: string; code: string; version?: string }): Promise<Outcome>;
  "stores.list"(i: { tenant?: string }): Promise<Outcome>;
  /** value: FormatInfo[] */
  "customers.formats"(): Promise<Outcome>;
  /** One import batch; value: BatchResult. */
  "customers.import"(i: {
    tenant: string;
    format: string;
    source: string;
    records: { line: number; record: unknown }[];
  }): Promise<Outcome>;
  /** One export page; value: {records, hasNextPage, endCursor}. */
  "customers.export"(i: {
    tenant: string;
    format: string;
    first?: number;
    after?: string;
  }): Promise<Outcome>;
  /** The line `migrate` prints. */
  migrate(): Promise<string>;
  close(): Promise<void>;
}

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout: (s: string) => unknown;
  stderr: (s: string) => unknown;
  /** Where `export` writes without --out (default process.stdout). */
  stdoutStream?: NodeJS.WritableStream;
  /** stderr is a terminal: `import` draws a progress bar instead of printing lines. */
  tty?: boolean;
}
export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutStream: process.stdout,
  tty: Boolean(process.stderr.isTTY),
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
      code: { type: "string" },
      version: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      rejects: { type: "string" },
      "batch-size": { type: "string" },
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
    (cmd === "credentials" && (sub === "create" || sub === "list" || (sub === "revoke" && arg))) ||
    (cmd === "stores" && (sub === "create" || sub === "list")) ||
    (cmd === "import" && sub && !arg) ||
    (cmd === "export" && !sub);
  if (!known) {
    io.stderr(`unknown command: ${positionals.join(" ")}\n\n${await help()}`);
    return 1;
  }
  if (cmd === "credentials" && sub === "create" && (!values.tenant || !values.dialect)) {
    io.stderr("credentials create needs --tenant and --dialect\n");
    return 1;
  }
  if (cmd === "stores" && sub === "create" && (!values.tenant || !values.code)) {
    io.stderr("stores create needs --tenant and --code\n");
    return 1;
  }
  if ((cmd === "import" || cmd === "export") && (!values.tenant || !values.format)) {
    io.stderr(`${cmd} needs --tenant and --format\n`);
    return 1;
  }
  if (cmd === "import" && !existsSync(sub!)) {
    io.stderr(`import: no such file: ${sub}\n`);
    return 1;
  }
  const batchSize = values["batch-size"] === undefined ? 500 : Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    io.stderr("--batch-size must be an integer from 1 to 1000\n");
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
    if (cmd === "import" || cmd === "export") {
      const fr = await ops["customers.formats"]();
      if (!fr.ok) return print(fr);
      const formats = fr.value as FormatInfo[];
      const format = formats.find((f) => f.name === values.format);
      const usable = formats.filter((f) => cmd === "import" || f.exports).map((f) => f.name);
      if (!format || !usable.includes(format.name)) {
        io.stderr(`${cmd}: unknown format ${values.format}; one of ${usable.join(", ")}\n`);
        return 1;
      }
      const tenant = values.tenant!;
      return cmd === "import"
        ? await importCommand(ops, io, {
            file: sub!,
            tenant,
            format,
            batchSize,
            rejects: values.rejects,
          })
        : await exportCommand(ops, io, { tenant, format, out: values.out });
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
    if (cmd === "stores")
      return print(
        sub === "create"
          ? await ops["stores.create"]({
              tenant: values.tenant!,
              code: values.code!,
              ...(values.version ? { version: values.version } : {}),
            })
          : await ops["stores.list"](values.tenant ? { tenant: values.tenant } : {}),
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

/** A request-level failure of a batch or page (unknown tenant, scope): ends the command. */
class OutcomeError extends Error {
  constructor(readonly outcome: Extract<Outcome, { ok: false }>) {
    super(outcome.message);
  }
}
const outcomeValue = <T>(r: Outcome): T => {
  if (!r.ok) throw new OutcomeError(r);
  return r.value as T;
};
const printError = (io: CliIo, r: Extract<Outcome, { ok: false }>) => {
  io.stderr(`error: ${r.message}\n`);
  for (const f of r.fields) io.stderr(`  ${f.path.join(".")}: ${f.message} (${f.code})\n`);
  return 1;
};

/** A progress bar on a terminal (cli-progress), else a line after a batch at most every 2 s. */
async function progressReporter(io: CliIo) {
  if (io.tty) {
    const { SingleBar, Presets } = await import("cli-progress");
    const bar = new SingleBar(
      {
        format:
          "import [{bar}] {percentage}% | {records} records | {rate} records/s | ETA {eta_formatted}",
        hideCursor: true,
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(p: ImportProgress) {
        const payload = { records: p.records, rate: Math.round(p.rate) };
        if (!started) {
          bar.start(p.totalBytes, p.bytes, payload);
          started = true;
        } else bar.update(p.bytes, payload);
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  let pending: ImportProgress | null = null;
  return {
    update(p: ImportProgress) {
      const now = performance.now();
      pending = p;
      if (last && now - last < 2000) return;
      last = now;
      pending = null;
      io.stderr(progressLine(p));
    },
    stop() {
      if (pending) io.stderr(progressLine(pending));
    },
  };
}

async function importCommand(
  ops: AdminOps,
  io: CliIo,
  o: {
    file: string;
    tenant: string;
    format: FormatInfo;
    batchSize: number;
    rejects?: string | undefined;
  },
): Promise<number> {
  const progress = await progressReporter(io);
  const ac = new AbortController();
  const onInterrupt = () => {
    ac.abort();
    io.stderr("\nstopping after the batch in flight (run the same command again to resume)\n");
  };
  process.once("SIGINT", onInterrupt);
  let sum: Awaited<ReturnType<typeof runImport>>;
  try {
    sum = await runImport({
      file: o.file,
      format: o.format,
      batchSize: o.batchSize,
      ...(o.rejects ? { rejects: o.rejects } : {}),
      signal: ac.signal,
      onProgress: (p) => progress.update(p),
      send: async (b) =>
        outcomeValue<BatchResult>(
          await ops["customers.import"]({ tenant: o.tenant, format: o.format.name, ...b }),
        ),
    });
  } catch (err) {
    if (err instanceof OutcomeError) return printError(io, err.outcome);
    throw err;
  } finally {
    progress.stop();
    process.off("SIGINT", onInterrupt);
  }
  io.stderr(
    `${sum.stopped ? "stopped" : "done"}: ${sum.records} records in ${sum.seconds.toFixed(1)}s: CREATED ${sum.created}, UPDATED ${sum.updated}, NOOP ${sum.noop}${sum.replayed ? ` (${sum.replayed} already imported by an earlier run)` : ""}, failed ${sum.failed}${sum.rejects ? ` (see ${sum.rejects})` : ""}\n`,
  );
  io.stdout(`${JSON.stringify(sum, null, 2)}\n`);
  return sum.stopped ? 130 : sum.failed ? 2 : 0;
}

async function exportCommand(
  ops: AdminOps,
  io: CliIo,
  o: { tenant: string; format: FormatInfo; out?: string | undefined },
): Promise<number> {
  const out = o.out ? createWriteStream(o.out) : (io.stdoutStream ?? process.stdout);
  let count: number;
  try {
    count = await runExport({
      format: o.format,
      out,
      page: async (after) =>
        outcomeValue(
          await ops["customers.export"]({
            tenant: o.tenant,
            format: o.format.name,
            first: 500,
            ...(after ? { after } : {}),
          }),
        ),
    });
  } catch (err) {
    if (err instanceof OutcomeError) return printError(io, err.outcome);
    throw err;
  } finally {
    if (o.out) {
      out.end();
      await once(out, "close");
    }
  }
  io.stderr(`exported ${count} customers${o.out ? ` to ${o.out}` : ""}\n`);
  return 0;
}
