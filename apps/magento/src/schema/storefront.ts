import { countryName, findCountry, listCountries } from "@cg/core";
import { type AttributeMeta, entityAttributes, formAttributes } from "../attributes.ts";
import type { Builder, MagentoVersion } from "../builder.ts";
import { magentoError } from "../errors.ts";
import { storeSettings } from "../store-settings.ts";
import { COUNTRY_CODES } from "./country-codes.ts";

type Country = NonNullable<ReturnType<typeof findCountry>>;
type AttrError = { type: string; message: string };

/** What storefronts read around the account: attributesForm, storeConfig, countries. */
export function addStorefront(b: Builder, version: MagentoVersion) {
  const EntityType = b.enumType("AttributeEntityTypeEnum", {
    values: [
      "CATALOG_PRODUCT",
      "CATALOG_CATEGORY",
      "CUSTOMER",
      "CUSTOMER_ADDRESS",
      "RMA_ITEM",
    ] as const,
  });
  const FrontendInput = b.enumType("AttributeFrontendInputEnum", {
    values: [
      "BOOLEAN",
      "DATE",
      "DATETIME",
      "FILE",
      "GALLERY",
      "HIDDEN",
      "IMAGE",
      "MEDIA_IMAGE",
      "MULTILINE",
      "MULTISELECT",
      "PRICE",
      "SELECT",
      "TEXT",
      "TEXTAREA",
      "WEIGHT",
      "UNDEFINED",
    ] as const,
  });
  const InputFilter = b.enumType("InputFilterEnum", {
    values: ["NONE", "DATE", "TRIM", "STRIPTAGS", "ESCAPEHTML"] as const,
  });
  const RuleName = b.enumType("ValidationRuleEnum", {
    values: [
      "DATE_RANGE_MAX",
      "DATE_RANGE_MIN",
      "FILE_EXTENSIONS",
      "INPUT_VALIDATION",
      "MAX_TEXT_LENGTH",
      "MIN_TEXT_LENGTH",
      "MAX_FILE_SIZE",
      "MAX_IMAGE_HEIGHT",
      "MAX_IMAGE_WIDTH",
    ] as const,
  });
  const ErrorType = b.enumType("AttributeMetadataErrorType", {
    values: ["ENTITY_NOT_FOUND", "ATTRIBUTE_NOT_FOUND", "FILTER_NOT_FOUND", "UNDEFINED"] as const,
  });
  const ValidationRule = b.objectRef<{ name: string; value: string }>("ValidationRule").implement({
    fields: (t) => ({
      name: t.field({ type: RuleName, nullable: true, resolve: (r) => r.name as never }),
      value: t.exposeString("value", { nullable: true }),
    }),
  });
  type Option = AttributeMeta["options"][number];
  const OptionInterface = b.interfaceRef<Option>("CustomAttributeOptionInterface").implement({
    resolveType: () => "AttributeOptionMetadata",
    fields: (t) => ({
      is_default: t.exposeBoolean("is_default", { nullable: false }),
      label: t.exposeString("label", { nullable: false }),
      value: t.exposeString("value", { nullable: false }),
    }),
  });
  b.objectRef<Option>("AttributeOptionMetadata").implement({
    interfaces: [OptionInterface],
    fields: () => ({}),
  });
  const MetaInterface = b
    .interfaceRef<AttributeMeta>("CustomAttributeMetadataInterface")
    .implement({
      resolveType: () => "CustomerAttributeMetadata",
      fields: (t) => ({
        code: t.exposeID("code", { nullable: false }),
        default_value: t.exposeString("default_value", { nullable: true }),
        entity_type: t.field({ type: EntityType, nullable: false, resolve: (a) => a.entity_type }),
        frontend_class: t.exposeString("frontend_class", { nullable: true }),
        frontend_input: t.field({
          type: FrontendInput,
          nullable: true,
          resolve: (a) => a.frontend_input as never,
        }),
        is_required: t.exposeBoolean("is_required", { nullable: false }),
        is_unique: t.exposeBoolean("is_unique", { nullable: false }),
        label: t.exposeString("label", { nullable: true }),
        options: t.field({
          type: [OptionInterface],
          nullable: { list: false, items: true },
          resolve: (a) => a.options,
        }),
      }),
    });
  // Magento's generic metadata type; nothing this dialect lists is of it.
  b.objectRef<AttributeMeta>("AttributeMetadata").implement({
    interfaces: [MetaInterface],
    fields: () => ({}),
  });
  b.objectRef<AttributeMeta>("CustomerAttributeMetadata").implement({
    interfaces: [MetaInterface],
    fields: (t) => ({
      input_filter: t.field({
        type: InputFilter,
        nullable: true,
        resolve: (a) => a.input_filter as never,
      }),
      multiline_count: t.exposeInt("multiline_count", { nullable: true }),
      sort_order: t.exposeInt("sort_order", { nullable: true }),
      validate_rules: t.field({
        type: [ValidationRule],
        nullable: { list: true, items: true },
        resolve: (a) => a.validate_rules,
      }),
    }),
  });
  const MetaError = b.objectRef<AttrError>("AttributeMetadataError").implement({
    fields: (t) => ({
      message: t.exposeString("message", { nullable: false }),
      type: t.field({ type: ErrorType, nullable: false, resolve: (e) => e.type as never }),
    }),
  });
  type Output = { items: AttributeMeta[]; errors: AttrError[] };
  const output = (name: string) =>
    b.objectRef<Output>(name).implement({
      fields: (t) => ({
        errors: t.field({
          type: [MetaError],
          nullable: { list: false, items: true },
          resolve: (o) => o.errors,
        }),
        items: t.field({
          type: [MetaInterface],
          nullable: { list: false, items: true },
          resolve: (o) => o.items,
        }),
      }),
    });
  const FormOutput = output("AttributesFormOutput");
  const MetadataOutput = output("AttributesMetadataOutput");
  const AttributeInput = b.inputType("AttributeInput", {
    fields: (t) => ({
      attribute_code: t.string({ required: false }),
      entity_type: t.string({ required: false }),
    }),
  });

  const Region = b
    .objectRef<{ id: number; code: string | null; name: string }>("Region")
    .implement({
      fields: (t) => ({
        code: t.exposeString("code", { nullable: true }),
        id: t.exposeInt("id", { nullable: true }),
        name: t.exposeString("name", { nullable: true }),
      }),
    });
  const CountryRef = b.objectRef<{ c: Country; locale: string }>("Country").implement({
    fields: (t) => ({
      available_regions: t.field({
        type: [Region],
        nullable: { list: true, items: true },
        resolve: ({ c }) => (c.regions.length ? c.regions : null),
      }),
      full_name_english: t.string({
        nullable: true,
        resolve: ({ c }) => countryName(c.code, "en"),
      }),
      full_name_locale: t.string({
        nullable: true,
        resolve: ({ c, locale }) => countryName(c.code, locale),
      }),
      id: t.string({ nullable: true, resolve: ({ c }) => c.code }),
      three_letter_abbreviation: t.string({ nullable: true, resolve: ({ c }) => c.alpha3 }),
      two_letter_abbreviation: t.string({ nullable: true, resolve: ({ c }) => c.code }),
    }),
  });

  type Cfg = { s: ReturnType<typeof storeSettings>; code: string; version: MagentoVersion };
  const StoreConfig = b.objectRef<Cfg>("StoreConfig").implement({
    fields: (t) => ({
      autocomplete_on_storefront: t.boolean({
        nullable: true,
        resolve: ({ s }) => s.autocompleteOnStorefront,
      }),
      base_currency_code: t.string({ nullable: true, resolve: ({ s }) => s.baseCurrency }),
      base_url: t.string({ nullable: true, resolve: ({ s }) => s.baseUrl }),
      countries_with_required_region: t.string({
        nullable: true,
        resolve: ({ s }) => s.countriesWithRequiredRegion.join(","),
      }),
      create_account_confirmation: t.boolean({
        nullable: true,
        resolve: ({ s }) => s.createAccountConfirmation,
      }),
      customer_access_token_lifetime: t.float({
        nullable: true,
        resolve: ({ s }) => s.tokenLifetimeHours,
      }),
      default_country: t.string({ nullable: true, resolve: ({ s }) => s.defaultCountry }),
      default_display_currency_code: t.string({
        nullable: true,
        resolve: ({ s }) => s.displayCurrency,
      }),
      display_state_if_optional: t.boolean({
        nullable: true,
        resolve: ({ s }) => s.displayStateIfOptional,
      }),
      graphql_share_customer_group: t.boolean({
        nullable: true,
        resolve: ({ s }) => s.shareCustomerGroup,
      }),
      is_default_store: t.boolean({ nullable: true, resolve: ({ code }) => code === "default" }),
      is_default_store_group: t.boolean({ nullable: true, resolve: () => true }),
      locale: t.string({ nullable: true, resolve: ({ s }) => s.locale }),
      minimum_password_length: t.string({
        nullable: true,
        resolve: ({ s }) => String(s.password.minLength),
      }),
      newsletter_enabled: t.boolean({ nullable: false, resolve: ({ s }) => s.newsletterEnabled }),
      optional_zip_countries: t.string({
        nullable: true,
        resolve: ({ s }) => s.optionalZipCountries.join(","),
      }),
      required_character_classes_number: t.string({
        nullable: true,
        resolve: ({ s }) => String(s.password.requiredClasses),
      }),
      secure_base_url: t.string({ nullable: true, resolve: ({ s }) => s.secureBaseUrl }),
      store_code: t.id({ nullable: true, resolve: ({ code }) => code }),
      store_group_code: t.id({ nullable: true, resolve: ({ s }) => s.storeGroupCode }),
      store_group_name: t.string({ nullable: true, resolve: ({ s }) => s.storeGroupName }),
      store_name: t.string({ nullable: true, resolve: ({ s }) => s.storeName }),
      timezone: t.string({ nullable: true, resolve: ({ s }) => s.timezone }),
      website_code: t.id({ nullable: true, resolve: ({ s }) => s.websiteCode }),
      website_id: t.int({
        nullable: true,
        deprecationReason: "The field should not be used on the storefront.",
        resolve: () => 1,
      }),
      website_name: t.string({ nullable: true, resolve: ({ s }) => s.websiteName }),
      weight_unit: t.string({ nullable: true, resolve: ({ s }) => s.weightUnit }),
    }),
  });

  const served = (c: Country) => COUNTRY_CODES.includes(c.code);
  b.queryFields((t) => ({
    attributesForm: t.field({
      type: FormOutput,
      nullable: false,
      args: { formCode: t.arg.string({ required: true }) },
      resolve: (_r, a, ctx) => {
        const items = formAttributes(a.formCode, storeSettings(ctx.store), ctx.store.config);
        return items
          ? { items, errors: [] }
          : {
              items: [],
              errors: [
                { type: "ENTITY_NOT_FOUND", message: `Form "${a.formCode}" could not be found.` },
              ],
            };
      },
    }),
    customAttributeMetadataV2: t.field({
      type: MetadataOutput,
      nullable: false,
      args: { attributes: t.arg({ type: [AttributeInput], required: false }) },
      resolve: (_r, a, ctx) => {
        const s = storeSettings(ctx.store);
        const out: Output = { items: [], errors: [] };
        for (const q of a.attributes ?? [
          ...entityAttributes("CUSTOMER", s, ctx.store.config).map((x) => ({
            attribute_code: x.code,
            entity_type: "customer",
          })),
        ]) {
          const entity = String(q.entity_type ?? "").toLowerCase();
          const type =
            entity === "customer"
              ? "CUSTOMER"
              : entity === "customer_address"
                ? "CUSTOMER_ADDRESS"
                : null;
          if (!type) {
            out.errors.push({
              type: "ENTITY_NOT_FOUND",
              message: `Entity "${q.entity_type ?? ""}" could not be found.`,
            });
            continue;
          }
          const hit = entityAttributes(type, s, ctx.store.config).find(
            (x) => x.code === q.attribute_code,
          );
          if (hit) out.items.push(hit);
          else
            out.errors.push({
              type: "ATTRIBUTE_NOT_FOUND",
              message: `Attribute code "${q.attribute_code ?? ""}" could not be found.`,
            });
        }
        return out;
      },
    }),
    countries: t.field({
      type: [CountryRef],
      nullable: { list: true, items: true },
      resolve: (_r, _a, ctx) => {
        const locale = storeSettings(ctx.store).locale;
        return listCountries()
          .filter(served)
          .map((c) => ({ c, locale }));
      },
    }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      args: { id: t.arg.string({ required: false }) },
      resolve: (_r, a, ctx) => {
        const c = a.id ? findCountry(a.id) : null;
        if (!c || !served(c)) throw magentoError("COUNTRY_NOT_AVAILABLE");
        return { c, locale: storeSettings(ctx.store).locale };
      },
    }),
    storeConfig: t.field({
      type: StoreConfig,
      nullable: true,
      resolve: (_r, _a, ctx) => ({ s: storeSettings(ctx.store), code: ctx.store.code, version }),
    }),
  }));
}
