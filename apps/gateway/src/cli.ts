import { processIo, wantsHelp } from "./cli-commands.ts";
import { DEFAULT_DATA_DIR } from "./config.ts";
import { readRunning } from "./data-files.ts";

// `npm run cg -- …`. Beside a gateway that holds the embedded database the command goes to its
// admin API (cli-remote.ts), loading none of the database layer; otherwise run-cli.ts opens the
// database. Both carry out the same commands (cli-commands.ts).
const argv = process.argv.slice(2);
const dataDir = process.env.CG_DATA_DIR || DEFAULT_DATA_DIR;
const running = process.env.DATABASE_URL || wantsHelp(argv) ? null : readRunning(dataDir);
const help = async () => (await import("./run-cli.ts")).cliHelp();
const run = running
  ? (await import("./cli-remote.ts")).runRemoteCli(argv, running, dataDir, processIo, help)
  : (await import("./run-cli.ts")).runCli(argv);

run.then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
