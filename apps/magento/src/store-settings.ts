import type { PasswordPolicy, StoreView } from "@cg/core";

/**
 * A store's configuration as this dialect reads it. The keys of `stores.config` are Magento's
 * own `storeConfig` member names (plus the few settings Magento keeps elsewhere, named after their
 * config paths); anything absent or of the wrong type takes Magento's default.
 */
export interface StoreSettings {
  storeName: string;
  storeGroupCode: string;
  storeGroupName: string;
  websiteCode: string;
  websiteName: string;
  locale: string;
  timezone: string;
  baseUrl: string | null;
  secureBaseUrl: string | null;
  baseCurrency: string;
  displayCurrency: string;
  weightUnit: string;
  defaultCountry: string;
  /** Country codes where the postcode is optional. */
  optionalZipCountries: string[];
  displayStateIfOptional: boolean;
  /** Country codes whose addresses need a region. */
  countriesWithRequiredRegion: string[];
  password: PasswordPolicy;
  /** customer_access_token_lifetime, hours (Magento default 1). */
  tokenLifetimeHours: number;
  createAccountConfirmation: boolean;
  newsletterEnabled: boolean;
  autocompleteOnStorefront: boolean;
  shareCustomerGroup: boolean;
  /** customer/address/street_lines (default 2). */
  streetLines: number;
  /** checkout/options/enable_guest_checkout_login: isEmailAvailable answers truthfully only then. */
  guestCheckoutLogin: boolean;
  /**
   * The token request throttler on generateCustomerToken, per email
   * (oauth/authentication_lock/max_failures_count 6, timeout 1800 s; Integration's config.xml).
   */
  tokenLock: { maxFailures: number; lockSeconds: number };
  /**
   * The customer account lockout on every password check, per customer
   * (customer/password/lockout_failures 10, lockout_threshold 10 minutes; Customer's config.xml).
   */
  accountLock: { maxFailures: number; lockSeconds: number };
}

const str = (v: unknown, d: string) => (typeof v === "string" && v !== "" ? v : d);
const num = (v: unknown, d: number) => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : d;
};
const bool = (v: unknown, d: boolean) => (typeof v === "boolean" ? v : d);
const list = (v: unknown, d: string[]) =>
  typeof v === "string" ? v.split(",").filter(Boolean) : Array.isArray(v) ? v.map(String) : d;

/** Magento's defaults for what the storefront reads (the US-centric defaults of a fresh install). */
export function storeSettings(store: StoreView): StoreSettings {
  const c = store.config;
  return {
    storeName: str(c.store_name, "Default Store View"),
    storeGroupCode: str(c.store_group_code, "main_website_store"),
    storeGroupName: str(c.store_group_name, "Main Website Store"),
    websiteCode: str(c.website_code, "base"),
    websiteName: str(c.website_name, "Main Website"),
    locale: str(c.locale, "en_US"),
    timezone: str(c.timezone, "America/Chicago"),
    baseUrl: typeof c.base_url === "string" ? c.base_url : null,
    secureBaseUrl: typeof c.secure_base_url === "string" ? c.secure_base_url : null,
    baseCurrency: str(c.base_currency_code, "USD"),
    displayCurrency: str(c.default_display_currency_code, str(c.base_currency_code, "USD")),
    weightUnit: str(c.weight_unit, "lbs"),
    defaultCountry: str(c.default_country, "US"),
    optionalZipCountries: list(c.optional_zip_countries, ["HK", "IE", "MO", "PA", "GB"]),
    displayStateIfOptional: bool(c.display_state_if_optional, false),
    countriesWithRequiredRegion: list(c.countries_with_required_region, [
      "AR",
      "AU",
      "BG",
      "BO",
      "BR",
      "CA",
      "CH",
      "CL",
      "CN",
      "CO",
      "EC",
      "EE",
      "ES",
      "GR",
      "GY",
      "HR",
      "IN",
      "IS",
      "IT",
      "LT",
      "LV",
      "MX",
      "PE",
      "PL",
      "PT",
      "PY",
      "RO",
      "SE",
      "SR",
      "US",
      "UY",
      "VE",
    ]),
    password: {
      minLength: num(c.minimum_password_length, 8),
      maxLength: 256,
      requiredClasses: num(c.required_character_classes_number, 3),
    },
    tokenLifetimeHours: num(c.customer_access_token_lifetime, 1),
    createAccountConfirmation: false,
    newsletterEnabled: bool(c.newsletter_enabled, true),
    autocompleteOnStorefront: bool(c.autocomplete_on_storefront, true),
    shareCustomerGroup: bool(c.graphql_share_customer_group, true),
    streetLines: num(c.street_lines, 2),
    guestCheckoutLogin: bool(c.enable_guest_checkout_login, false),
    tokenLock: {
      maxFailures: num(c.max_failures_count, 6),
      lockSeconds: num(c.authentication_lock_timeout, 1800),
    },
    accountLock: {
      maxFailures: num(c.lockout_failures, 10),
      lockSeconds: num(c.lockout_threshold, 10) * 60,
    },
  };
}
