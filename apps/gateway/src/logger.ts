import pino from "pino";

/** JSON logs to stdout. Credentials never reach a log line (redacted if one ever tries). */
export function createLogger(level = process.env.LOG_LEVEL ?? "info") {
  return pino({
    level,
    base: { service: "customer-gateway" },
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
  });
}
