import type { Core, Logger } from "@cg/core";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContextFromRequest } from "./context.ts";
import { appRouter } from "./root.ts";

export { type Context, createContextInner } from "./context.ts";
export { trpcPathOf, trpcRefusalBody } from "./refusal.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";

/** tRPC over fetch, mounted at `endpoint` (e.g. "/trpc"). Plain JSON: no transformer. */
export function createTrpcHandler(deps: { core: Core; log: Logger }, endpoint = "/trpc") {
  return (req: Request) =>
    fetchRequestHandler({
      endpoint,
      req,
      router: appRouter,
      createContext: () => createContextFromRequest(deps.core, req),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR")
          deps.log.error({ err: error.cause ?? error, path }, "trpc internal error");
      },
    });
}
