import { z } from "zod";
import { scoped, unwrap } from "../trpc.ts";

/** Customer groups of the caller's tenant (Plain's customerGroupIdentifiers refer to these). */
export const groupsRouter = {
  create: scoped("customers:write")
    .input(
      z.strictObject({
        key: z.string().min(1).max(255),
        name: z.string().min(1).max(255),
        externalId: z.string().min(1).max(255).optional(),
        color: z.string().max(32).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => unwrap(await ctx.core.groups.create(ctx.call, input))),
  list: scoped("customers:read").query(({ ctx }) => ctx.core.groups.list(ctx.call)),
};
