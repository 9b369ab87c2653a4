export interface Measured {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Throughput and latencies of one scenario, accumulated over one or more slices. Slices of a row
 * and of its baseline alternate (see `paired`), so that the drift of this shared machine, tens of
 * percent within one run, hits both alike.
 */
export class Meter {
  private ops = 0;
  private seconds = 0;
  private readonly lat: number[] = [];
  private next = 0;

  /** `ops` more calls of fn with `concurrency` callers; fn's index continues across slices. */
  async run(
    ops: number,
    concurrency: number,
    fn: (i: number) => Promise<unknown>,
    opsPerCall = 1,
  ): Promise<void> {
    const end = this.next + ops;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = this.next++; i < end; i = this.next++) {
          const t = performance.now();
          await fn(i);
          this.lat.push(performance.now() - t);
        }
      }),
    );
    this.next = end;
    this.seconds += (performance.now() - start) / 1000;
    this.ops += ops * opsPerCall;
  }

  /** Adds a slice measured elsewhere (an HTTP load generator's totals). */
  add(ops: number, seconds: number, latencies: number[] = []): void {
    this.ops += ops;
    this.seconds += seconds;
    this.lat.push(...latencies);
  }

  result(): Measured {
    const lat = [...this.lat].sort((a, b) => a - b);
    const pct = (p: number) =>
      lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? 0;
    return { opsPerSec: this.ops / this.seconds, p50Ms: pct(50), p99Ms: pct(99) };
  }

  static merge(meters: Meter[]): Meter {
    const m = new Meter();
    for (const x of meters) m.add(x.ops, x.seconds, x.lat);
    return m;
  }
}

/** Runs `ops` calls of fn once; returns throughput and latency percentiles. */
export async function measure(
  ops: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
  opsPerCall = 1,
): Promise<Measured> {
  const m = new Meter();
  await m.run(ops, concurrency, fn, opsPerCall);
  return m.result();
}

/**
 * A row and its baseline in `slices` alternating slices (which one goes first alternates too).
 * Returns both meters; the ratio of their rates is the row's ratio to its baseline.
 */
export async function paired(
  slices: number,
  row: (m: Meter, ops: number) => Promise<void>,
  rowOps: number,
  base: (m: Meter, ops: number) => Promise<void>,
  baseOps: number,
) {
  const r = new Meter();
  const b = new Meter();
  for (let s = 0; s < slices; s++) {
    const one = Math.max(1, Math.round(rowOps / slices));
    const other = Math.max(1, Math.round(baseOps / slices));
    if (s % 2) {
      await row(r, one);
      await base(b, other);
    } else {
      await base(b, other);
      await row(r, one);
    }
  }
  return { row: r, base: b };
}
