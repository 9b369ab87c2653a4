import { createHash } from "node:crypto";
import type { CustomerPatch } from "@cg/core";
import type { ShopifyContext } from "./builder.ts";
import {
  CONTACT_REQUIRED,
  type CommonInput,
  clears,
  consent,
  type MarketingInput,
  toPatch,
} from "./customer-input.ts";
import { userErrors } from "./errors.ts";
import { customerGid, parseGid } from "./gid.ts";
import type { PayloadShape, UserErrorShape } from "./schema/refs.ts";

export interface CustomerInputShape extends CommonInput {
  id?: string | null | undefined;
  emailMarketingConsent?: MarketingInput | null | undefined;
  smsMarketingConsent?: MarketingInput | null | undefined;
  whatsAppMarketingConsent?: MarketingInput | null | undefined;
  metafields?:
    | {
        id?: string | null;
        key?: string | null;
        namespace?: string | null;
        type?: string | null;
        value?: string | null;
      }[]
    | null
    | undefined;
  multipassIdentifier?: string | null | undefined;
}

// customerCreate / customerUpdate report UserError { field, message } relative to `input`.
const plain = (errs: UserErrorShape[]): UserErrorShape[] =>
  errs.map((e) => ({
    field: e.field?.[0] === "input" ? e.field.slice(1) : e.field,
    message: e.message,
  }));

/** customerCreate / customerUpdate input (and a customer CSV row, customer-csv.ts) → core patch. */
export function fullPatch(input: CustomerInputShape): CustomerPatch {
  const p = toPatch(input);
  const marketing: Record<string, ReturnType<typeof consent>> = {};
  if (input.emailMarketingConsent) marketing.email = consent(input.emailMarketingConsent);
  if (input.smsMarketingConsent) marketing.sms = consent(input.smsMarketingConsent);
  if (input.whatsAppMarketingConsent) marketing.whatsapp = consent(input.whatsAppMarketingConsent);
  if (Object.keys(marketing).length) p.marketing = marketing as CustomerPatch["marketing"];
  if (input.metafields?.length)
    p.attributes = input.metafields
      .filter((m) => m.key)
      .map((m) => ({
        namespace: m.namespace ?? "custom",
        key: m.key!,
        type: m.type ?? "single_line_text_field",
        value: m.value ?? null,
      }));
  return p;
}

export async function customerCreate(
  ctx: ShopifyContext,
  input: CustomerInputShape,
): Promise<PayloadShape> {
  const r = await ctx.core.upsert(ctx.call, {
    lookup: [],
    mode: "create",
    onCreate: fullPatch(input),
    required: CONTACT_REQUIRED,
    allowNoIdentifier: true,
  });
  if (!r.ok) return { customer: null, userErrors: plain(userErrors(r.error)) };
  return { customer: r.value.customer, userErrors: [] };
}

export async function customerUpdate(
  ctx: ShopifyContext,
  input: CustomerInputShape,
): Promise<PayloadShape> {
  const n = input.id ? parseGid("Customer", input.id) : null;
  if (!n)
    return { customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
  const key = { kind: "NUMBER", value: n, path: ["input", "id"] } as const;
  const onUpdate = fullPatch(input);
  const clear = clears(input);
  if (clear.length) onUpdate.clearIdentifiers = clear;
  const r = await ctx.core.upsert(ctx.call, { lookup: [key], mode: "update", onUpdate });
  if (!r.ok)
    return r.error.kind === "NOT_FOUND"
      ? { customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] }
      : { customer: null, userErrors: plain(userErrors(r.error)) };
  return { customer: r.value.customer, userErrors: [] };
}

export interface DeletePayload {
  deletedCustomerId: string | null;
  shopId: string;
  userErrors: UserErrorShape[];
}

export const shopGid = (tenantId: string) =>
  `gid://shopify/Shop/${parseInt(createHash("sha1").update(tenantId).digest("hex").slice(0, 12), 16)}`;

export async function customerDelete(ctx: ShopifyContext, id: string): Promise<DeletePayload> {
  const shopId = shopGid(ctx.call.tenantId);
  const n = parseGid("Customer", id);
  const missing = {
    deletedCustomerId: null,
    shopId,
    userErrors: [{ field: ["id"], message: "Customer can't be found" }],
  };
  if (!n) return missing;
  const r = await ctx.core.delete(ctx.call, { kind: "NUMBER", value: n });
  if (!r.ok)
    return r.error.kind === "NOT_FOUND"
      ? missing
      : { deletedCustomerId: null, shopId, userErrors: plain(userErrors(r.error)) };
  return { deletedCustomerId: customerGid(r.value.number), shopId, userErrors: [] };
}
