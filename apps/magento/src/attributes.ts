import type { StoreSettings } from "./store-settings.ts";

/**
 * The customer and address attributes this store accepts, as Magento's attributesForm and
 * customAttributeMetadataV2 describe them: the members the canonical customer stores, with
 * Magento's labels, required flags and validation rules, plus the store's own custom attributes
 * (`custom_attributes` in its config: [{ code, label, frontend_input?, is_required?, options? }]).
 */
export interface AttributeMeta {
  code: string;
  entity_type: "CUSTOMER" | "CUSTOMER_ADDRESS";
  label: string;
  frontend_input: string;
  is_required: boolean;
  is_unique: boolean;
  default_value: string | null;
  frontend_class: string | null;
  input_filter: string | null;
  multiline_count: number | null;
  sort_order: number;
  options: { label: string; value: string; is_default: boolean }[];
  validate_rules: { name: string; value: string }[];
}

const meta = (
  entity: AttributeMeta["entity_type"],
  code: string,
  label: string,
  sort: number,
  o: Partial<AttributeMeta> = {},
): AttributeMeta => ({
  code,
  entity_type: entity,
  label,
  frontend_input: "TEXT",
  is_required: false,
  is_unique: false,
  default_value: null,
  frontend_class: null,
  input_filter: null,
  multiline_count: null,
  sort_order: sort,
  options: [],
  validate_rules: [],
  ...o,
});
const maxLength = (n: number) => [{ name: "MAX_TEXT_LENGTH", value: String(n) }];

/** Magento's gender options (customer attribute `gender`). */
export const GENDER_OPTIONS = [
  { label: "Male", value: "1", is_default: false },
  { label: "Female", value: "2", is_default: false },
  { label: "Not Specified", value: "3", is_default: false },
];

function customerAttributes(s: StoreSettings, custom: AttributeMeta[]): AttributeMeta[] {
  const c = "CUSTOMER" as const;
  return [
    meta(c, "prefix", "Name Prefix", 30, { validate_rules: maxLength(40) }),
    meta(c, "firstname", "First Name", 40, { is_required: true, validate_rules: maxLength(255) }),
    meta(c, "middlename", "Middle Name/Initial", 50, { validate_rules: maxLength(255) }),
    meta(c, "lastname", "Last Name", 70, { is_required: true, validate_rules: maxLength(255) }),
    meta(c, "suffix", "Name Suffix", 80, { validate_rules: maxLength(40) }),
    meta(c, "email", "Email", 90, {
      is_required: true,
      is_unique: true,
      validate_rules: [{ name: "INPUT_VALIDATION", value: "email" }, ...maxLength(255)],
    }),
    meta(c, "dob", "Date of Birth", 100, {
      frontend_input: "DATE",
      input_filter: "DATE",
      validate_rules: [{ name: "INPUT_VALIDATION", value: "date" }],
    }),
    meta(c, "taxvat", "Tax/VAT number", 110, { validate_rules: maxLength(255) }),
    meta(c, "gender", "Gender", 120, { frontend_input: "SELECT", options: GENDER_OPTIONS }),
    ...custom.filter((a) => a.entity_type === c),
  ].filter((a) => s && a);
}

function addressAttributes(s: StoreSettings, custom: AttributeMeta[]): AttributeMeta[] {
  const a = "CUSTOMER_ADDRESS" as const;
  return [
    meta(a, "firstname", "First Name", 20, { is_required: true, validate_rules: maxLength(255) }),
    meta(a, "lastname", "Last Name", 40, { is_required: true, validate_rules: maxLength(255) }),
    meta(a, "company", "Company", 60, { validate_rules: maxLength(255) }),
    meta(a, "street", "Street Address", 70, {
      frontend_input: "MULTILINE",
      is_required: true,
      multiline_count: s.streetLines,
      input_filter: "TRIM",
      validate_rules: maxLength(255),
    }),
    meta(a, "city", "City", 80, { is_required: true, validate_rules: maxLength(255) }),
    meta(a, "country_id", "Country", 90, {
      frontend_input: "SELECT",
      is_required: true,
      default_value: s.defaultCountry,
    }),
    meta(a, "region", "State/Province", 100),
    meta(a, "region_id", "State/Province", 100, { frontend_input: "HIDDEN" }),
    meta(a, "postcode", "Zip/Postal Code", 110, { validate_rules: maxLength(255) }),
    meta(a, "telephone", "Phone Number", 120, {
      is_required: true,
      validate_rules: maxLength(255),
    }),
    ...custom.filter((x) => x.entity_type === a),
  ];
}

/** The store's own attributes from its config, skipping malformed entries. */
export function customOf(config: Record<string, unknown>): AttributeMeta[] {
  const list = Array.isArray(config.custom_attributes) ? config.custom_attributes : [];
  return list.flatMap((x, i) => {
    if (!x || typeof x !== "object") return [];
    const o = x as Record<string, unknown>;
    if (typeof o.code !== "string" || !/^[a-z][a-z0-9_]{0,59}$/.test(o.code)) return [];
    return [
      meta(
        o.entity_type === "CUSTOMER_ADDRESS" ? "CUSTOMER_ADDRESS" : "CUSTOMER",
        o.code,
        typeof o.label === "string" ? o.label : o.code,
        200 + i,
        {
          frontend_input:
            typeof o.frontend_input === "string" ? o.frontend_input.toUpperCase() : "TEXT",
          is_required: o.is_required === true,
          options: Array.isArray(o.options)
            ? o.options.map((v) => ({ label: String(v), value: String(v), is_default: false }))
            : [],
        },
      ),
    ];
  });
}

/** The forms storefronts build from attributesForm. */
export const FORMS = {
  customer_account_create: "CUSTOMER",
  customer_account_edit: "CUSTOMER",
  customer_address_edit: "CUSTOMER_ADDRESS",
} as const;

export function formAttributes(
  formCode: string,
  s: StoreSettings,
  config: Record<string, unknown>,
): AttributeMeta[] | null {
  const entity = FORMS[formCode as keyof typeof FORMS];
  if (!entity) return null;
  return entityAttributes(entity, s, config);
}

export function entityAttributes(
  entity: AttributeMeta["entity_type"],
  s: StoreSettings,
  config: Record<string, unknown>,
): AttributeMeta[] {
  const custom = customOf(config);
  return entity === "CUSTOMER" ? customerAttributes(s, custom) : addressAttributes(s, custom);
}
