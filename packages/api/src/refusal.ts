import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";

/**
 * A refusal made before tRPC sees the request (unknown path under /trpc, body over the cap,
 * header section over Node's cap), in tRPC's own error envelope: the same `error.message`,
 * `error.code` (JSON-RPC number) and `error.data` fields (`code`, `httpStatus`, `path`,
 * `domainCode`, `fields`) as every other error of this API, so one client error path reads all.
 */
export function trpcRefusalBody(
  code: TRPC_ERROR_CODE_KEY,
  httpStatus: number,
  message: string,
  path: string | null,
): string {
  return JSON.stringify({
    error: {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: { code, httpStatus, path, domainCode: null, fields: [] },
    },
  });
}

/** The procedure a /trpc URL path names ("/trpc/customers.upsert" → "customers.upsert"), if any. */
export function trpcPathOf(urlPath: string, endpoint = "/trpc"): string | null {
  const rest = urlPath.startsWith(`${endpoint}/`) ? urlPath.slice(endpoint.length + 1) : "";
  // Only a procedure-like name is echoed back (never arbitrary text from the URL).
  return /^[A-Za-z0-9_.]{1,100}$/.test(rest) ? rest : null;
}
