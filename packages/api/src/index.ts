import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Core, Logger } from "@cg/core";
import { createContextFromRequest } from "./context.ts";
import { appRouter } from "./root.ts";

export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { createContextInner, type Context } from "./context.ts";

/** tRPC over fetch, mounted at `endpoint` (e.g. "/trpc"). Plain JSON: no transformer. */
export function createTrpcHandler(deps: { core: Core; log: Logger }, endpoint = "/trpc") {
  return (req: Request) =>
    fetchRequestHandler({
      endpoint,
      req,
      router: appRouter,
      createContext: () => createContextFromRequest(deps.core, req),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") deps.log.error({ err: error.cause ?? error, path }, "trpc internal error");
      },
    });
}
