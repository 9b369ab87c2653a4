import { credentialsRouter, storesRouter, tenantsRouter } from "./router/admin.ts";
import { customersRouter } from "./router/customers.ts";
import { groupsRouter } from "./router/groups.ts";
import { retailersRouter } from "./router/retailers.ts";
import { createCallerFactory, publicProcedure, router } from "./trpc.ts";

export const appRouter = router({
  health: publicProcedure.query(() => ({ ok: true })),
  customers: router(customersRouter),
  groups: router(groupsRouter),
  tenants: router(tenantsRouter),
  credentials: router(credentialsRouter),
  stores: router(storesRouter),
  retailers: router(retailersRouter),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
