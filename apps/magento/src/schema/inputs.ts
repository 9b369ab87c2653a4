import type { Builder, MagentoVersion } from "../builder.ts";
import type { AddressFields, AttributeValueInput, CustomerFields } from "../magento-input.ts";
import type { CustomerTypes } from "./customer.ts";

/** The input types, as each version defines them (2.4.7 adds custom_attributes). */
export function addInputs(b: Builder, _version: MagentoVersion, types: CustomerTypes) {
  const AttributeInputSelectedOption = b.inputType("AttributeInputSelectedOption", {
    fields: (t) => ({ value: t.string({ required: true }) }),
  });
  const AttributeValueInput = b.inputRef<AttributeValueInput>("AttributeValueInput").implement({
    fields: (t) => ({
      attribute_code: t.string({ required: true }),
      selected_options: t.field({
        type: [AttributeInputSelectedOption],
        required: { list: false, items: false },
      }),
      value: t.string({ required: false }),
    }),
  });

  // Members shared by the three customer inputs.
  const common = (t: Parameters<Parameters<typeof b.inputType>[1]["fields"]>[0]) => ({
    date_of_birth: t.string({ required: false }),
    dob: t.string({ required: false }),
    gender: t.int({ required: false }),
    is_subscribed: t.boolean({ required: false }),
    middlename: t.string({ required: false }),
    prefix: t.string({ required: false }),
    suffix: t.string({ required: false }),
    taxvat: t.string({ required: false }),
  });
  const CustomerInput = b.inputRef<CustomerFields>("CustomerInput").implement({
    fields: (t) => ({
      ...common(t),
      email: t.string({ required: false }),
      firstname: t.string({ required: false }),
      lastname: t.string({ required: false }),
      password: t.string({ required: false }),
    }),
  });
  const CustomerCreateInput = b.inputRef<CustomerFields>("CustomerCreateInput").implement({
    fields: (t) => ({
      ...common(t),
      allow_remote_shopping_assistance: t.boolean({ required: false }),
      custom_attributes: t.field({
        type: [AttributeValueInput],
        required: { list: false, items: false },
      }),
      email: t.string({ required: true }),
      firstname: t.string({ required: true }),
      lastname: t.string({ required: true }),
      password: t.string({ required: false }),
    }),
  });
  const CustomerUpdateInput = b.inputRef<CustomerFields>("CustomerUpdateInput").implement({
    fields: (t) => ({
      ...common(t),
      allow_remote_shopping_assistance: t.boolean({ required: false }),
      custom_attributes: t.field({
        type: [AttributeValueInput],
        required: { list: false, items: false },
      }),
      firstname: t.string({ required: false }),
      lastname: t.string({ required: false }),
    }),
  });

  const RegionInput = b.inputType("CustomerAddressRegionInput", {
    fields: (t) => ({
      region: t.string({ required: false }),
      region_code: t.string({ required: false }),
      region_id: t.int({ required: false }),
    }),
  });
  const AddressAttributeInput = b.inputType("CustomerAddressAttributeInput", {
    fields: (t) => ({
      attribute_code: t.string({ required: true }),
      value: t.string({ required: true }),
    }),
  });
  const CustomerAddressInput = b.inputRef<AddressFields>("CustomerAddressInput").implement({
    fields: (t) => ({
      city: t.string({ required: false }),
      company: t.string({ required: false }),
      country_code: t.field({ type: types.CountryCodeEnum, required: false }),
      country_id: t.field({ type: types.CountryCodeEnum, required: false }),
      custom_attributes: t.field({
        type: [AddressAttributeInput],
        required: { list: false, items: false },
      }),
      custom_attributesV2: t.field({
        type: [AttributeValueInput],
        required: { list: false, items: false },
      }),
      default_billing: t.boolean({ required: false }),
      default_shipping: t.boolean({ required: false }),
      fax: t.string({ required: false }),
      firstname: t.string({ required: false }),
      lastname: t.string({ required: false }),
      middlename: t.string({ required: false }),
      postcode: t.string({ required: false }),
      prefix: t.string({ required: false }),
      region: t.field({ type: RegionInput, required: false }),
      street: t.stringList({ required: { list: false, items: false } }),
      suffix: t.string({ required: false }),
      telephone: t.string({ required: false }),
      vat_id: t.string({ required: false }),
    }),
  });
  return { CustomerInput, CustomerCreateInput, CustomerUpdateInput, CustomerAddressInput };
}

export type InputTypes = ReturnType<typeof addInputs>;
