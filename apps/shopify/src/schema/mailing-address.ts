import { type AddressRecord, subdivisionNameOf } from "@cg/core";
import type { Builder } from "../builder.ts";
import { countryName, formatted } from "../customer-view.ts";
import { addressGid } from "../gid.ts";
import type { ConnectionShape, Refs } from "./refs.ts";

/** MailingAddress, its connection, PageInfo, Node and the MailingAddressInput. */
export function addMailingAddress(b: Builder, refs: Refs) {
  refs.Node.implement({ fields: (t) => ({ id: t.exposeID("id", { nullable: false }) }) });
  refs.PageInfo.implement({
    fields: (t) => ({
      endCursor: t.exposeString("endCursor", { nullable: true }),
      hasNextPage: t.exposeBoolean("hasNextPage", { nullable: false }),
      hasPreviousPage: t.exposeBoolean("hasPreviousPage", { nullable: false }),
      startCursor: t.exposeString("startCursor", { nullable: true }),
    }),
  });
  const s = (f: keyof AddressRecord) => (a: AddressRecord) => (a[f] as string | null) ?? null;
  refs.MailingAddress.implement({
    interfaces: [refs.Node],
    isTypeOf: (v) => typeof v === "object" && v !== null && "position" in v && "zip" in v,
    fields: (t) => ({
      address1: t.string({ nullable: true, resolve: s("address1") }),
      address2: t.string({ nullable: true, resolve: s("address2") }),
      city: t.string({ nullable: true, resolve: s("city") }),
      company: t.string({ nullable: true, resolve: s("company") }),
      coordinatesValidated: t.boolean({ nullable: false, resolve: () => false }),
      country: t.string({ nullable: true, resolve: countryName }),
      countryCode: t.string({
        nullable: true,
        deprecationReason: "Use `countryCodeV2` instead.",
        resolve: s("countryCode"),
      }),
      countryCodeV2: t.field({
        type: refs.enums.CountryCode,
        nullable: true,
        resolve: (a) => a.countryCode as never,
      }),
      firstName: t.string({ nullable: true, resolve: s("firstName") }),
      formatted: t.stringList({
        nullable: false,
        args: {
          withCompany: t.arg.boolean({ required: false, defaultValue: true }),
          withName: t.arg.boolean({ required: false, defaultValue: false }),
        },
        resolve: (a, args) => formatted(a, args.withName ?? false, args.withCompany ?? true),
      }),
      formattedArea: t.string({
        nullable: true,
        resolve: (a) =>
          [a.city, a.provinceCode ?? a.province, countryName(a)].filter(Boolean).join(", ") || null,
      }),
      id: t.id({ nullable: false, resolve: (a) => addressGid(a.number) }),
      lastName: t.string({ nullable: true, resolve: s("lastName") }),
      latitude: t.float({ nullable: true, resolve: () => null }),
      longitude: t.float({ nullable: true, resolve: () => null }),
      name: t.string({
        nullable: true,
        resolve: (a) => [a.firstName, a.lastName].filter(Boolean).join(" ") || null,
      }),
      phone: t.string({ nullable: true, resolve: s("phone") }),
      // Core stores a known region as its code only: its name comes from the ISO data.
      province: t.string({
        nullable: true,
        resolve: (a) =>
          a.province ??
          (a.countryCode && a.provinceCode
            ? subdivisionNameOf(a.countryCode, a.provinceCode)
            : null),
      }),
      provinceCode: t.string({ nullable: true, resolve: s("provinceCode") }),
      timeZone: t.string({ nullable: true, resolve: () => null }),
      validationResultSummary: t.field({
        type: refs.enums.MailingAddressValidationResult,
        nullable: true,
        resolve: () => null,
      }),
      zip: t.string({ nullable: true, resolve: s("zip") }),
    }),
  });
  const MailingAddressEdge = b
    .objectRef<{ cursor: string; node: AddressRecord }>("MailingAddressEdge")
    .implement({
      fields: (t) => ({
        cursor: t.exposeString("cursor", { nullable: false }),
        node: t.field({ type: refs.MailingAddress, nullable: false, resolve: (e) => e.node }),
      }),
    });
  const MailingAddressConnection = b
    .objectRef<ConnectionShape<AddressRecord>>("MailingAddressConnection")
    .implement({
      fields: (t) => ({
        edges: t.field({ type: [MailingAddressEdge], nullable: false, resolve: (c) => c.edges }),
        nodes: t.field({
          type: [refs.MailingAddress],
          nullable: false,
          resolve: (c) => c.edges.map((e) => e.node),
        }),
        pageInfo: t.field({ type: refs.PageInfo, nullable: false, resolve: (c) => c.pageInfo }),
      }),
    });
  const MailingAddressInput = b.inputType("MailingAddressInput", {
    fields: (t) => ({
      address1: t.string({ required: false }),
      address2: t.string({ required: false }),
      city: t.string({ required: false }),
      company: t.string({ required: false }),
      country: t.string({ required: false, deprecationReason: "Use `countryCode` instead." }),
      countryCode: t.field({ type: refs.enums.CountryCode, required: false }),
      firstName: t.string({ required: false }),
      id: t.id({
        required: false,
        deprecationReason:
          "Not needed for 90% of mutations, and provided separately where it is needed.",
      }),
      lastName: t.string({ required: false }),
      phone: t.string({ required: false }),
      province: t.string({ required: false, deprecationReason: "Use `provinceCode` instead." }),
      provinceCode: t.string({ required: false }),
      zip: t.string({ required: false }),
    }),
  });
  return { MailingAddressConnection, MailingAddressInput };
}

export type MailingAddressInputShape = {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  company?: string | null;
  country?: string | null;
  countryCode?: string | null;
  firstName?: string | null;
  id?: string | null;
  lastName?: string | null;
  phone?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
};
