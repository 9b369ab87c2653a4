/** Runs `ops` calls of fn with `concurrency` callers; returns throughput and latency percentiles. */
export async function measure(ops: number, concurrency: number, fn: (i: number) => Promise<unknown>, opsPerCall = 1) {
  const lat: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < ops; i = next++) {
        const t = performance.now();
        await fn(i);
        lat.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? 0;
  return { opsPerSec: (ops * opsPerCall) / seconds, p50Ms: pct(50), p99Ms: pct(99) };
}
