import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** Prometheus metrics of one gateway process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "cg_http_requests_total",
    help: "HTTP requests by route, dialect, method and status",
    labelNames: ["route", "dialect", "method", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "cg_http_request_duration_seconds",
    help: "HTTP request latency by route and dialect",
    labelNames: ["route", "dialect"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const upserts = new Counter({
    name: "cg_upsert_results_total",
    help: "Upsert outcomes (CREATED, UPDATED, NOOP or an error kind) by dialect",
    labelNames: ["dialect", "result"] as const,
    registers: [registry],
  });
  return { registry, requests, latency, upserts };
}

export type Metrics = ReturnType<typeof createMetrics>;
