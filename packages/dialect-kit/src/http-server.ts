import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Logger } from "@cg/core";
import { getRequestListener } from "@hono/node-server";

/**
 * The HTTP server every process of this repo listens with (the gateway and each standalone
 * dialect): explicit socket limits instead of Node's defaults, back-pressure for clients that do
 * not read, and a drain that lets a load balancer move away before the process exits.
 */
export interface HttpLimits {
  /** The whole header section must arrive within this (slowloris; also a socket that sends nothing). */
  headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /** A kept-alive socket may wait this long for its next request. */
  keepAliveTimeoutMs: number;
  /** A socket with no byte moving either way (a client that stopped reading, too) is closed. */
  idleTimeoutMs: number;
  /** Open connections, all clients together; further ones are closed on accept. */
  maxConnections: number;
  /** Open connections from one client address. */
  maxConnectionsPerAddress: number;
  /**
   * Requests one connection may have queued unanswered (HTTP/1.1 pipelining). A connection's
   * requests run one at a time, so a client that does not read its answers stops being read
   * itself; beyond this many queued requests the connection is closed.
   */
  maxPipelined: number;
  /** Largest header section, bytes (beyond: 431). */
  maxHeaderBytes: number;
  /** After SIGTERM: readiness says 503 and connections are still accepted for this long. */
  drainDelayMs: number;
  /** After the delay: how long in-flight requests may take before their connections are cut. */
  drainTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  maxConnections: 4096,
  maxConnectionsPerAddress: 512,
  maxPipelined: 16,
  maxHeaderBytes: 16 * 1024,
  drainDelayMs: 0,
  drainTimeoutMs: 10_000,
};

/** Each limit's environment variable and a line for `--help` (the README's table says the same). */
export const HTTP_LIMIT_VARS: Record<keyof HttpLimits, { env: string; what: string }> = {
  headersTimeoutMs: { env: "CG_HEADERS_TIMEOUT_MS", what: "request headers must arrive within" },
  requestTimeoutMs: { env: "CG_REQUEST_TIMEOUT_MS", what: "whole request must arrive within" },
  keepAliveTimeoutMs: { env: "CG_KEEP_ALIVE_TIMEOUT_MS", what: "kept-alive socket waits for more" },
  idleTimeoutMs: { env: "CG_IDLE_TIMEOUT_MS", what: "socket with no traffic either way closed" },
  maxConnections: { env: "CG_MAX_CONNECTIONS", what: "open connections, all clients" },
  maxConnectionsPerAddress: {
    env: "CG_MAX_CONNECTIONS_PER_ADDRESS",
    what: "open connections from one address",
  },
  maxPipelined: { env: "CG_MAX_PIPELINED", what: "unanswered requests queued on a connection" },
  maxHeaderBytes: { env: "CG_MAX_HEADER_BYTES", what: "largest header section, bytes" },
  drainDelayMs: { env: "CG_DRAIN_DELAY_MS", what: "on SIGTERM: readyz 503, still accepting" },
  drainTimeoutMs: { env: "CG_DRAIN_TIMEOUT_MS", what: "then in-flight requests may take" },
};

/** `--help` lines for the variables above, with their defaults. */
export function httpLimitsHelp(): string {
  const keys = Object.keys(HTTP_LIMIT_VARS) as (keyof HttpLimits)[];
  const width = Math.max(...keys.map((k) => HTTP_LIMIT_VARS[k].env.length)) + 2;
  return keys
    .map((k) => {
      const { env, what } = HTTP_LIMIT_VARS[k];
      return `  ${env.padEnd(width)}${what} (default ${DEFAULT_HTTP_LIMITS[k]})\n`;
    })
    .join("");
}

/** Limits from the environment; a value that is not a whole number ≥ 0 (≥ 1 for caps) throws. */
export function httpLimitsFromEnv(env: Record<string, string | undefined> = process.env) {
  const limits = { ...DEFAULT_HTTP_LIMITS };
  for (const key of Object.keys(HTTP_LIMIT_VARS) as (keyof HttpLimits)[]) {
    const raw = env[HTTP_LIMIT_VARS[key].env];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    const min = key === "drainDelayMs" ? 0 : 1;
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`${HTTP_LIMIT_VARS[key].env} must be a whole number ≥ ${min}, got "${raw}"`);
    limits[key] = n;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new Error(
      `${HTTP_LIMIT_VARS.headersTimeoutMs.env} (${limits.headersTimeoutMs}) must not exceed ${HTTP_LIMIT_VARS.requestTimeoutMs.env} (${limits.requestTimeoutMs})`,
    );
  return limits;
}

export interface HttpServer {
  server: Server;
  port: number;
  url: string;
  /** True from the moment drain() is called: readiness answers 503. */
  draining(): boolean;
  /**
   * Readiness flips, then after `drainDelayMs` no new connections; every response from then on
   * says `Connection: close` and each kept-alive connection closes after its current response;
   * resolves when every connection is closed and every request handler has returned, or after
   * `drainTimeoutMs` with the remaining connections cut. Idempotent.
   */
  drain(): Promise<DrainResult>;
}

export interface DrainResult {
  /** The bound was reached and the connections still open were cut. */
  timedOut: boolean;
  /** Requests whose handler was still running when they were cut. */
  unfinished: number;
}

export interface ListenOptions {
  port: number;
  host: string;
  limits?: HttpLimits;
  log: Logger;
  /**
   * The answer to a header section over maxHeaderBytes, which Node refuses before any handler
   * runs: chosen by the request line's path when it could be read, so each endpoint answers in
   * its own shape (tRPC's envelope, a dialect's HEADERS_TOO_LARGE refusal, see
   * `headerOverflowRefusal`). Sent with `Connection: close`. Default: a bare 431.
   */
  headerOverflow?: (path: string | undefined) => Response | Promise<Response>;
}

/** Node's own answers to a request it could not parse (its default clientError handler). */
const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

type Fetch = (req: Request) => Response | Promise<Response>;

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms).unref());

/** Listens with the limits above and resolves once the port is bound. */
export async function listen(fetch: Fetch, opts: ListenOptions): Promise<HttpServer> {
  const limits = opts.limits ?? DEFAULT_HTTP_LIMITS;
  const handle = getRequestListener(fetch);
  let draining = false;
  /** Responses whose handler has not returned yet. */
  const active = new Set<ServerResponse>();
  let idleWaiters: (() => void)[] = [];
  /** Resolves once no request handler is running. */
  const whenIdle = () =>
    new Promise<void>((ok) => (active.size === 0 ? ok() : idleWaiters.push(ok)));
  const perAddress = new Map<string, number>();
  /** Per connection: the tail of its queue of requests, and how many are queued. */
  const queues = new WeakMap<Socket, { tail: Promise<void>; queued: number }>();

  const serveOne = async (req: IncomingMessage, res: ServerResponse) => {
    // A connection closed while this request waited (a drain's close, or the client left):
    // the client was never answered, so the request is not run at all.
    if (req.socket.destroyed || res.writableEnded) return;
    const closed = new Promise<void>((ok) => res.once("close", ok));
    if (draining && !res.headersSent) res.setHeader("connection", "close");
    // An answer given before its request's body has all arrived (413, 401 on a large body): the
    // rest of the body is drained for a moment, then the socket may be closed, so the client
    // must not send its next request on it.
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (!req.complete && !this.headersSent) this.setHeader("connection", "close");
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof res.writeHead;
    active.add(res);
    try {
      await handle(req, res);
    } catch (err) {
      opts.log.error({ err }, "request handler failed");
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    } finally {
      active.delete(res);
      if (draining) server.closeIdleConnections();
      if (active.size === 0) {
        for (const ok of idleWaiters) ok();
        idleWaiters = [];
      }
    }
    // 'close' comes once the answer's last byte is handed to the kernel: a client that does not
    // read holds up its own next request, nobody else's.
    await closed;
  };

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // Node checks the header and request timeouts on this interval (30 s by default, which let
      // a slowloris socket live 60-90 s); a quarter of the header timeout keeps the overshoot small.
      connectionsCheckingInterval: Math.max(25, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
      const socket = req.socket;
      const q = queues.get(socket) ?? { tail: Promise.resolve(), queued: 0 };
      queues.set(socket, q);
      if (q.queued >= limits.maxPipelined) {
        opts.log.warn({ queued: q.queued }, "connection closed: too many pipelined requests");
        socket.destroy();
        return;
      }
      q.queued++;
      // One request at a time per connection: the next one's body is not read (Node stops
      // reading the socket once an unread body fills its buffer) until this answer is written.
      q.tail = q.tail.then(() => serveOne(req, res)).finally(() => q.queued--);
    },
  );
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_STATUS[err.code ?? ""] ?? "400 Bad Request";
    if (err.code === "HPE_HEADER_OVERFLOW" && opts.headerOverflow) {
      const line = err.rawPacket?.subarray(0, 4096).toString("latin1").split("\r\n", 1)[0] ?? "";
      const path = /^[A-Z]+ (\/\S*) HTTP\//.exec(line)?.[1];
      const answer = opts.headerOverflow;
      void (async () => {
        try {
          const res = await answer(path);
          const body = Buffer.from(await res.arrayBuffer());
          let head = `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ""}\r\n`;
          res.headers.forEach((v, k) => {
            if (k !== "connection" && k !== "content-length" && k !== "transfer-encoding")
              head += `${k}: ${v}\r\n`;
          });
          head += `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
          if (socket.writable) socket.end(Buffer.concat([Buffer.from(head, "latin1"), body]));
        } catch (e) {
          opts.log.error({ err: e }, "header overflow answer failed");
          if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
        }
      })();
      return;
    }
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });
  server.maxConnections = limits.maxConnections;
  // Node destroys a socket after this long without a byte either way (no 'timeout' listener).
  server.setTimeout(limits.idleTimeoutMs);
  server.on("connection", (socket: Socket) => {
    const addr = socket.remoteAddress ?? "";
    const n = (perAddress.get(addr) ?? 0) + 1;
    if (n > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(addr, n);
    socket.once("close", () => {
      const left = (perAddress.get(addr) ?? 1) - 1;
      if (left > 0) perAddress.set(addr, left);
      else perAddress.delete(addr);
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port, opts.host, () => {
      server.off("error", fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let drained: Promise<DrainResult> | null = null;
  const drain = () =>
    (drained ??= (async () => {
      draining = true;
      if (limits.drainDelayMs > 0) await sleep(limits.drainDelayMs);
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      // Answers not yet started carry Connection: close; idle kept-alive connections close now
      // (server.close does that too), busy ones right after their current answer (serveOne).
      for (const res of active) if (!res.headersSent) res.setHeader("connection", "close");
      server.closeIdleConnections();
      // Every connection closed, then no handler left (one whose client went away may still run).
      const finished = closed.then(whenIdle).then(() => true);
      if (await Promise.race([finished, sleep(limits.drainTimeoutMs).then(() => false)]))
        return { timedOut: false, unfinished: 0 };
      const unfinished = active.size;
      server.closeAllConnections();
      // Handlers of cut requests may still be inside a database call; give them a moment.
      await Promise.race([whenIdle(), sleep(1000)]);
      return { timedOut: true, unfinished };
    })());

  return { server, port, url: `http://127.0.0.1:${port}`, draining: () => draining, drain };
}

/**
 * SIGTERM or SIGINT runs `stop` (drain, then close the database) and exits 0; exits 1 if `stop`
 * fails or has not finished 5 s after `boundMs` (the drain's delay and timeout). A second signal ends the process at
 * once (Node's default action, the handlers being `once`).
 */
export function exitOnSignals(stop: () => Promise<void>, opts: { log: Logger; boundMs: number }) {
  const onSignal = (signal: string) => {
    opts.log.info({ signal }, "signal received: draining");
    const force = setTimeout(() => {
      opts.log.error({ boundMs: opts.boundMs }, "shutdown did not finish in time");
      process.exit(1);
    }, opts.boundMs + 5_000);
    force.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        opts.log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));
}
