import pino from "pino";
import pretty from "pino-pretty";

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines (pino-pretty) instead of JSON: development's default. */
  pretty?: boolean;
}

/** Logs to stdout. Credentials never reach a log line (redacted if one ever tries). */
export function createLogger(opts: LoggerOptions | string = {}) {
  const o = typeof opts === "string" ? { level: opts } : opts;
  const options: pino.LoggerOptions = {
    level: o.level ?? process.env.LOG_LEVEL ?? "info",
    base: { service: "customer-gateway" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "secret",
        "*.secret",
        "authorization",
        "*.authorization",
        "headers",
        "*.headers",
        "password",
        "*.password",
      ],
      censor: "[redacted]",
    },
    serializers: { err: pino.stdSerializers.err },
  };
  if (!o.pretty) return pino(options);
  // A stream in this thread, not a transport worker: nothing to resolve at run time, so the
  // bundle carries it too.
  return pino(
    options,
    pretty({
      colorize: process.stdout.isTTY,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname,service",
      singleLine: true,
      // Our request lines' `error` is a kind, not an Error: keep it on the line.
      errorLikeObjectKeys: ["err"],
      sync: true,
    }),
  );
}
