import { type AddressRecord, type Customer, findRegion } from "@cg/core";
import type { Builder, MagentoVersion } from "../builder.ts";
import {
  type AddressView,
  customAttributes,
  defaultBilling,
  defaultShipping,
  gender,
  isSubscribed,
  magentoTime,
  primaryEmail,
  remoteAssistance,
  uidOf,
} from "../customer-view.ts";
import { COUNTRY_CODES } from "./country-codes.ts";

type AttrValue =
  | { code: string; value: string }
  | { code: string; selected_options: { label: string; value: string }[] };

const at = (version: MagentoVersion, from: MagentoVersion) => version >= from;

/** Customer, CustomerAddress and the types they return. */
export function addCustomerTypes(b: Builder, version: MagentoVersion) {
  const CountryCodeEnum = b.enumType("CountryCodeEnum", {
    values: Object.fromEntries(COUNTRY_CODES.map((c) => [c, { value: c }])),
  });
  const ConfirmationStatusEnum = b.enumType("ConfirmationStatusEnum", {
    values: ["ACCOUNT_CONFIRMED", "ACCOUNT_CONFIRMATION_NOT_REQUIRED"] as const,
  });

  const AttributeSelectedOptionInterface = b
    .interfaceRef<{ label: string; value: string }>("AttributeSelectedOptionInterface")
    .implement({
      fields: (t) => ({
        label: t.exposeString("label", { nullable: false }),
        value: t.exposeString("value", { nullable: false }),
      }),
    });
  b.objectRef<{ label: string; value: string }>("AttributeSelectedOption").implement({
    interfaces: [AttributeSelectedOptionInterface],
    isTypeOf: () => true,
    fields: () => ({}),
  });
  const AttributeValueInterface = b.interfaceRef<AttrValue>("AttributeValueInterface").implement({
    resolveType: (v) => ("selected_options" in v ? "AttributeSelectedOptions" : "AttributeValue"),
    fields: (t) => ({ code: t.exposeID("code", { nullable: false }) }),
  });
  b.objectRef<{ code: string; value: string }>("AttributeValue").implement({
    interfaces: [AttributeValueInterface],
    fields: (t) => ({ value: t.exposeString("value", { nullable: false }) }),
  });
  b.objectRef<{ code: string; selected_options: { label: string; value: string }[] }>(
    "AttributeSelectedOptions",
  ).implement({
    interfaces: [AttributeValueInterface],
    fields: (t) => ({
      selected_options: t.field({
        type: [AttributeSelectedOptionInterface],
        nullable: { list: false, items: true },
        resolve: (v) => v.selected_options,
      }),
    }),
  });

  const Region = b.objectRef<AddressRecord>("CustomerAddressRegion").implement({
    fields: (t) => ({
      // A region written without its name (Shopify sends only the code) is named from core's data.
      region: t.string({
        nullable: true,
        resolve: (a) =>
          a.province ??
          (a.countryCode && a.provinceCode
            ? (findRegion(a.countryCode, a.provinceCode)?.name ?? null)
            : null),
      }),
      region_code: t.string({ nullable: true, resolve: (a) => a.provinceCode }),
      region_id: t.int({ nullable: true, resolve: (a) => regionId(a) }),
    }),
  });
  const AddressAttribute = b
    .objectRef<{ attribute_code: string; value: string }>("CustomerAddressAttribute")
    .implement({
      fields: (t) => ({
        attribute_code: t.exposeString("attribute_code", { nullable: true }),
        value: t.exposeString("value", { nullable: true }),
      }),
    });

  const CustomerAddress = b.objectRef<AddressView>("CustomerAddress").implement({
    fields: (t) => {
      const s = (f: keyof AddressRecord) =>
        t.string({
          nullable: true,
          resolve: ({ address }) => (address[f] as string | null) ?? null,
        });
      return {
        city: s("city"),
        company: s("company"),
        country_code: t.field({
          type: CountryCodeEnum,
          nullable: true,
          resolve: ({ address }) =>
            address.countryCode && COUNTRY_CODES.includes(address.countryCode)
              ? (address.countryCode as never)
              : null,
        }),
        country_id: t.string({
          nullable: true,
          deprecationReason: "Use `country_code` instead.",
          resolve: ({ address }) => address.countryCode,
        }),
        custom_attributes: t.field({
          type: [AddressAttribute],
          nullable: { list: true, items: true },
          deprecationReason: "Use custom_attributesV2 instead.",
          resolve: () => [],
        }),
        custom_attributesV2: t.field({
          type: [AttributeValueInterface],
          nullable: { list: false, items: true },
          args: { attributeCodes: t.arg.idList({ required: false }) },
          resolve: () => [],
        }),
        customer_id: t.int({
          nullable: true,
          deprecationReason:
            "`customer_id` is not needed as part of `CustomerAddress`. The `id` is a unique identifier for the addresses.",
          resolve: ({ customer }) => customer.number,
        }),
        default_billing: t.boolean({
          nullable: true,
          resolve: ({ address, customer }) => defaultBilling(customer)?.id === address.id,
        }),
        default_shipping: t.boolean({
          nullable: true,
          resolve: ({ address, customer }) => defaultShipping(customer)?.id === address.id,
        }),
        extension_attributes: t.field({
          type: [AddressAttribute],
          nullable: { list: true, items: true },
          resolve: () => [],
        }),
        fax: s("fax"),
        firstname: s("firstName"),
        id: t.int({
          nullable: true,
          ...(at(version, "2.4.9") ? { deprecationReason: "Use `uid` instead." } : {}),
          resolve: ({ address }) => address.number,
        }),
        lastname: s("lastName"),
        middlename: s("middleName"),
        postcode: s("zip"),
        prefix: s("namePrefix"),
        region: t.field({ type: Region, nullable: true, resolve: ({ address }) => address }),
        region_id: t.int({ nullable: true, resolve: ({ address }) => regionId(address) }),
        street: t.stringList({
          nullable: { list: true, items: true },
          resolve: ({ address }) =>
            [address.address1, address.address2].filter((l): l is string => l !== null),
        }),
        suffix: s("nameSuffix"),
        telephone: s("phone"),
        ...(at(version, "2.4.9")
          ? { uid: t.id({ nullable: true, resolve: ({ address }) => uidOf(address.number) }) }
          : {}),
        vat_id: s("vatId"),
      };
    },
  });

  const SearchResultPageInfo = b
    .objectRef<{ current_page: number; page_size: number; total_pages: number }>(
      "SearchResultPageInfo",
    )
    .implement({
      fields: (t) => ({
        current_page: t.exposeInt("current_page", { nullable: true }),
        page_size: t.exposeInt("page_size", { nullable: true }),
        total_pages: t.exposeInt("total_pages", { nullable: true }),
      }),
    });
  const CustomerAddresses = at(version, "2.4.8")
    ? b
        .objectRef<{ customer: Customer; page: number; size: number }>("CustomerAddresses")
        .implement({
          fields: (t) => ({
            items: t.field({
              type: [CustomerAddress],
              nullable: { list: true, items: true },
              resolve: ({ customer, page, size }) =>
                customer.addresses
                  .slice((page - 1) * size, page * size)
                  .map((address) => ({ address, customer })),
            }),
            page_info: t.field({
              type: SearchResultPageInfo,
              nullable: true,
              resolve: ({ customer, page, size }) => ({
                current_page: page,
                page_size: size,
                total_pages: Math.ceil(customer.addresses.length / size),
              }),
            }),
            total_count: t.int({
              nullable: true,
              resolve: ({ customer }) => customer.addresses.length,
            }),
          }),
        })
    : null;

  // 2.4.8 names the group type CustomerGroup, 2.4.9 CustomerGroupStorefront; both carry the uid.
  const Group = at(version, "2.4.8")
    ? b
        .objectRef<{ uid: string }>(
          at(version, "2.4.9") ? "CustomerGroupStorefront" : "CustomerGroup",
        )
        .implement({ fields: (t) => ({ uid: t.exposeID("uid", { nullable: false }) }) })
    : null;

  const Customer = b.objectRef<Customer>("Customer").implement({
    fields: (t) => ({
      addresses: t.field({
        type: [CustomerAddress],
        nullable: { list: true, items: true },
        resolve: (c) => c.addresses.map((address) => ({ address, customer: c })),
      }),
      ...(CustomerAddresses
        ? {
            addressesV2: t.field({
              type: CustomerAddresses,
              nullable: true,
              args: {
                currentPage: t.arg.int({ required: false, defaultValue: 1 }),
                pageSize: t.arg.int({ required: false, defaultValue: 5 }),
              },
              resolve: (customer, a) => ({
                customer,
                page: Math.max(1, a.currentPage ?? 1),
                size: Math.max(1, a.pageSize ?? 5),
              }),
            }),
          }
        : {}),
      allow_remote_shopping_assistance: t.boolean({ nullable: false, resolve: remoteAssistance }),
      confirmation_status: t.field({
        type: ConfirmationStatusEnum,
        nullable: false,
        // Accounts never wait for an email confirmation here (README).
        resolve: () => "ACCOUNT_CONFIRMATION_NOT_REQUIRED" as const,
      }),
      created_at: t.string({ nullable: true, resolve: (c) => magentoTime(c.createdAt) }),
      custom_attributes: t.field({
        type: [AttributeValueInterface],
        nullable: { list: true, items: true },
        args: { attributeCodes: t.arg.idList({ required: false }) },
        resolve: (c, a) => customAttributes(c, a.attributeCodes?.map(String)),
      }),
      date_of_birth: t.string({ nullable: true, resolve: (c) => c.dateOfBirth }),
      default_billing: t.string({
        nullable: true,
        resolve: (c) => {
          const a = defaultBilling(c);
          return a ? String(a.number) : null;
        },
      }),
      default_shipping: t.string({
        nullable: true,
        resolve: (c) => {
          const a = defaultShipping(c);
          return a ? String(a.number) : null;
        },
      }),
      dob: t.string({
        nullable: true,
        deprecationReason: "Use `date_of_birth` instead.",
        resolve: (c) => c.dateOfBirth,
      }),
      email: t.string({ nullable: true, resolve: primaryEmail }),
      firstname: t.string({ nullable: true, resolve: (c) => c.firstName }),
      gender: t.int({ nullable: true, resolve: gender }),
      ...(Group
        ? {
            group: t.field({
              type: Group,
              nullable: true,
              resolve: (c) => ({ uid: uidOf(c.groups[0]?.key ?? GENERAL_GROUP) }),
            }),
          }
        : {}),
      group_id: t.int({
        nullable: true,
        deprecationReason: "Customer group should not be exposed in the storefront scenarios.",
        resolve: () => Number(GENERAL_GROUP),
      }),
      id: at(version, "2.4.9")
        ? t.id({ nullable: false, resolve: (c) => uidOf(c.number) })
        : t.int({
            nullable: true,
            deprecationReason:
              "`id` is not needed as part of `Customer`, because on the server side, it can be identified based on the customer token used for authentication. There is no need to know customer ID on the client side.",
            resolve: (c) => c.number,
          }),
      is_subscribed: t.boolean({ nullable: true, resolve: isSubscribed }),
      lastname: t.string({ nullable: true, resolve: (c) => c.lastName }),
      middlename: t.string({ nullable: true, resolve: (c) => c.middleName }),
      prefix: t.string({ nullable: true, resolve: (c) => c.namePrefix }),
      suffix: t.string({ nullable: true, resolve: (c) => c.nameSuffix }),
      taxvat: t.string({ nullable: true, resolve: (c) => c.taxNumber }),
    }),
  });
  return { Customer, CustomerAddress, CountryCodeEnum, AttributeValueInterface };
}

/** Magento's General customer group (id 1), for customers in no core group. */
const GENERAL_GROUP = "1";

/** The region id of an address's region, from core's country data (ours, not Magento's ids). */
function regionId(a: AddressRecord): number | null {
  if (!a.countryCode || !(a.provinceCode || a.province)) return null;
  return findRegion(a.countryCode, a.provinceCode ?? a.province ?? "")?.id ?? null;
}

export type CustomerTypes = ReturnType<typeof addCustomerTypes>;
