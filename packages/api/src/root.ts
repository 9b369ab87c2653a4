import { credentialsRouter, tenantsRouter } from "./router/admin.ts";
import { customersRouter } from "./router/customers.ts";
import { createCallerFactory, publicProcedure, router } from "./trpc.ts";

export const appRouter = router({
  health: publicProcedure.query(() => ({ ok: true })),
  customers: router(customersRouter),
  tenants: router(tenantsRouter),
  credentials: router(credentialsRouter),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
