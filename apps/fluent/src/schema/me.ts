import { builder } from "../builder.ts";
import { userLoginOf } from "../logins.ts";
import { RetailerRef } from "./customer.ts";

/**
 * The authenticated user, for the client's connection check (`query { me { ref } }` in
 * fc-connect-sdk's createClient). Only what that check and a retailer-aware client read.
 */
const UserRef = builder
  .objectRef<{ ref: string; retailer: { id: number; ref: string } }>("User")
  .implement({
    fields: (t) => ({
      id: t.id({ nullable: false, resolve: (u) => u.ref }),
      ref: t.exposeString("ref"),
      username: t.exposeString("ref"),
      primaryRetailer: t.field({ type: RetailerRef, resolve: (u) => u.retailer }),
    }),
  });

builder.queryField("me", (t) =>
  t.field({
    type: UserRef,
    resolve: async (_root, _args, ctx) => ({
      ref: userLoginOf(ctx.principal.credentialId),
      retailer: await ctx.core.retailers.first(ctx.call.tenantId),
    }),
  }),
);
