import { builder } from "../builder.ts";
import { FLUENT_SCOPES, requireScope } from "../context.ts";
import { type FluentCustomer, toFluentCustomer } from "../customer-view.ts";
import { toFluentError } from "../errors.ts";
import { renamePath } from "../fluent-input.ts";

export const AttributeRef = builder
  .objectRef<FluentCustomer["attributes"][number]>("Attribute")
  .implement({
    fields: (t) => ({
      name: t.exposeString("name", { nullable: false }),
      type: t.exposeString("type", { nullable: false }),
      value: t.field({ type: "Json", resolve: (a) => a.value }),
    }),
  });

export const RetailerRef = builder
  .objectRef<{ id: number; ref: string | null }>("Retailer")
  .implement({
    fields: (t) => ({
      id: t.id({ nullable: false, resolve: (r) => String(r.id) }),
      ref: t.exposeString("ref"),
    }),
  });

/** "Represents the customer who places an order" (Fluent's Customer object, field for field). */
export const CustomerRef = builder.objectRef<FluentCustomer>("Customer").implement({
  description: "Represents the customer who places an order",
  fields: (t) => ({
    id: t.exposeID("id", { nullable: false, description: "ID of the object" }),
    createdOn: t.field({
      type: "DateTime",
      description: "Time of creation",
      resolve: (c) => c.createdOn,
    }),
    updatedOn: t.field({
      type: "DateTime",
      description: "Time of last update",
      resolve: (c) => c.updatedOn,
    }),
    ref: t.exposeString("ref", { description: "Username of the customer" }),
    status: t.exposeString("status", { description: "Status" }),
    attributes: t.field({
      type: [AttributeRef],
      nullable: { list: true, items: true },
      description: "Attributes",
      resolve: (c) => c.attributes,
    }),
    title: t.exposeString("title", { description: "The customer's title" }),
    department: t.exposeString("department", {
      description: "The department/team that the customer belongs to",
    }),
    country: t.exposeString("country", {
      description: "The country the customer is operating from",
    }),
    firstName: t.exposeString("firstName", { description: "The customer's first name" }),
    lastName: t.exposeString("lastName", { description: "The customer's last name" }),
    username: t.exposeString("username", { description: "Username" }),
    primaryEmail: t.exposeString("primaryEmail", { description: "Email" }),
    primaryPhone: t.exposeString("primaryPhone", { description: "Phone number" }),
    timezone: t.exposeString("timezone", { description: "Timezones" }),
    promotionOptIn: t.exposeBoolean("promotionOptIn", {
      description: "Whether the customer has opted to receive promotions",
    }),
    retailer: t.field({
      type: RetailerRef,
      description: "Retailer used by the customer",
      resolve: async (c, _a, ctx) => {
        if (c.retailerId === null) return null;
        const r = await ctx.core.retailers.get(ctx.call.tenantId, c.retailerId);
        return { id: c.retailerId, ref: r?.ref ?? null };
      },
    }),
  }),
});

builder.queryField("customer", (t) =>
  t.field({
    type: CustomerRef,
    args: { ref: t.arg.string({ required: true }) },
    resolve: async (_root, { ref }, ctx) => {
      requireScope(ctx, FLUENT_SCOPES.read);
      if (ref.trim() === "") return null;
      const r = await ctx.core.lookup(ctx.call, { kind: "USERNAME", value: ref, path: ["ref"] });
      if (!r.ok) throw toFluentError(r.error, renamePath);
      return r.value ? toFluentCustomer(r.value) : null;
    },
  }),
);
