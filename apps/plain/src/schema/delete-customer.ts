import { builder } from "../builder.ts";
import { missingScopes } from "../context.ts";
import { forbiddenMutation, type MutationErrorShape, toMutationError } from "../errors.ts";
import { customerIdKey } from "../plain-input.ts";
import { MutationErrorRef } from "./common.ts";

const DeleteCustomerInput = builder.inputType("DeleteCustomerInput", {
  fields: (t) => ({ customerId: t.id({ required: true }) }),
});

const DeleteCustomerOutput = builder
  .objectRef<{ error: MutationErrorShape | null }>("DeleteCustomerOutput")
  .implement({
    fields: (t) => ({
      error: t.field({ type: MutationErrorRef, nullable: true, resolve: (o) => o.error }),
    }),
  });

builder.mutationField("deleteCustomer", (t) =>
  t.field({
    type: DeleteCustomerOutput,
    nullable: false,
    description:
      "Deletes a customer and all of their data stored on Plain. This action cannot be reversed.",
    args: { input: t.arg({ type: DeleteCustomerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const missing = missingScopes(ctx, ["customer:delete"]);
      if (missing.length) return { error: forbiddenMutation(missing) };
      const r = await ctx.core.delete(
        ctx.call,
        customerIdKey(String(input.customerId), ["customerId"]),
      );
      if (!r.ok) return { error: toMutationError(r.error, () => ["customerId"], "customerId") };
      return { error: null };
    },
  }),
);
