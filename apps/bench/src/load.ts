/**
 * The HTTP rows' load generator, in a process of its own (bench.ts forks it once per row), as
 * the gateway and the bare floor's server are: the bench's own heap (its meters, its database
 * pool, Prisma) and its collections no longer sit between a response and its timestamp, and the
 * client costs what any client on this machine would.
 *
 * Each message is one run of autocannon: `amount` requests of the named scenario at its
 * connections to 127.0.0.1:`port`. Request numbers continue across the runs of the process, so a
 * row's slices go on through the scenario's keys (creates, then NOOPs and updates) instead of
 * starting over. Every response's latency is kept at full resolution (autocannon's histogram
 * rounds to whole milliseconds, which at a p50 of 1–2 ms makes p99/p50 mean little).
 */
import autocannon from "autocannon";
import { loadScenarios } from "./scenarios.ts";

export interface LoadRun {
  scenario: string;
  secret: string;
  port: number;
  amount: number;
}

export interface LoadResult {
  requests: number;
  /** To the last response: autocannon only notices the end of an amount at its next 1 s tick. */
  seconds: number;
  bad: number;
  why: string[];
  /** Milliseconds, one per response. */
  latencies: number[];
}

const scenarios = await loadScenarios();
let next = 0;

async function run(m: LoadRun): Promise<LoadResult> {
  const s = scenarios.find((x) => x.name === m.scenario);
  if (!s) throw new Error(`no scenario ${m.scenario}`);
  let conns = 0;
  let last = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const res = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${m.port}`,
        connections: s.connections ?? 32,
        amount: m.amount,
        requests: [
          {
            method: "POST",
            path: s.path,
            // The context is the connection's own: its first request numbers it.
            setupRequest: (req, context: { conn?: number }) => {
              if (context.conn === undefined) context.conn = conns++;
              return {
                ...req,
                ...s.request(next++, m.secret, context.conn),
                method: "POST",
                path: s.path,
              };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on("response", (_client, _status, _bytes, ms: number) => {
      last = performance.now();
      latencies.push(ms);
    });
  });
  return {
    requests: res.requests.total,
    // No response at all (every request failed): the run's own duration.
    seconds: ((last || performance.now()) - start) / 1000,
    bad: res.non2xx + res.errors,
    why: Object.entries({
      "4xx": res["4xx"],
      "5xx": res["5xx"],
      errors: res.errors,
      timeouts: res.timeouts,
    })
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`),
    latencies,
  };
}

process.on("message", (m: LoadRun) => {
  run(m).then(
    (r) => process.send!({ ok: true, result: r }),
    (err: unknown) => process.send!({ ok: false, error: String(err) }),
  );
});
process.send!({ ready: true });
