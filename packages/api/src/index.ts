import type { Core, Logger, RecordFormat } from "@cg/core";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContextFromRequest } from "./context.ts";
import { formatRegistry } from "./import.ts";
import { appRouter } from "./root.ts";

export { type Context, createContextInner } from "./context.ts";
export {
  canonicalJsonl,
  canonicalRecord,
  describeFormats,
  EXPORT_PAGE_MAX,
  exportPage,
  type FormatRegistry,
  formatRegistry,
  IMPORT_BATCH_MAX,
  type ImportBatchResult,
  importBatch,
  importKey,
} from "./import.ts";
export { trpcPathOf, trpcRefusalBody } from "./refusal.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";

/**
 * tRPC over fetch, mounted at `endpoint` (e.g. "/trpc"). Plain JSON: no transformer. `formats`:
 * the dialects' import/export formats (beside canonical-jsonl).
 */
export function createTrpcHandler(
  deps: { core: Core; log: Logger; formats?: readonly RecordFormat[] },
  endpoint = "/trpc",
) {
  const formats = formatRegistry(deps.formats);
  return (req: Request) =>
    fetchRequestHandler({
      endpoint,
      req,
      router: appRouter,
      createContext: () => createContextFromRequest(deps.core, req, formats),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR")
          deps.log.error({ err: error.cause ?? error, path }, "trpc internal error");
      },
    });
}
