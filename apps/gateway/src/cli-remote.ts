import { readFileSync } from "node:fs";
import type { AppRouter } from "@cg/api";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AdminOps, CliIo, Outcome } from "./cli-commands.ts";
import { dispatch } from "./cli-commands.ts";
import { credentialsFile, type FirstRunFile, type RunningFile } from "./data-files.ts";

/**
 * The CLI beside a gateway that holds the embedded database: the same commands through its tRPC
 * admin API, as the first-run credential in `<dataDir>/credentials.json`.
 */
export function runRemoteCli(
  argv: string[],
  running: RunningFile,
  dataDir: string,
  io: CliIo,
  help: () => Promise<string>,
): Promise<number> {
  return dispatch(argv, async () => remoteOps(running, dataDir), io, help);
}

function remoteOps(running: RunningFile, dataDir: string): AdminOps {
  const file = credentialsFile(dataDir);
  let secret: string;
  try {
    secret = (JSON.parse(readFileSync(file, "utf8")) as FirstRunFile).credential.secret;
  } catch {
    throw new Error(
      `the gateway (process ${running.pid}, ${running.url}) holds the embedded database; the CLI talks to its tRPC admin API with the first-run credential in ${file}, which cannot be read. Stop the gateway, or call the tRPC admin procedures with an operator credential`,
    );
  }
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
    "credentials.create": (i) => r(trpc.credentials.create.mutate(i)),
    "credentials.list": (i) => r(trpc.credentials.list.query(i)),
    "credentials.revoke": (i) => r(trpc.credentials.revoke.mutate(i)),
    // The version is checked by the admin API (a bad one comes back as its error).
    "stores.create": (i) =>
      r(trpc.stores.create.mutate(i as Parameters<typeof trpc.stores.create.mutate>[0])),
    "stores.list": (i) => r(trpc.stores.list.query(i)),
    // Imports go batch by batch (the CLI streams the file), exports page by page.
    "customers.formats": () => r(trpc.customers.formats.query()),
    "customers.import": (i) => r(trpc.customers.import.mutate(i)),
    "customers.export": (i) => r(trpc.customers.export.query(i)),
    async migrate() {
      // The gateway migrated at its start; /readyz says whether anything is still pending.
      const res = await fetch(`${running.url}/readyz`);
      if (!res.ok) throw new Error(`the running gateway is not ready: ${await res.text()}`);
      return `applied: (none); the running gateway (process ${running.pid}) migrated the database at its start`;
    },
    close: async () => {},
  };
}
