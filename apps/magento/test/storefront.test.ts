import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Env, setup } from "./helpers.ts";

// What storefront clients read around the account (Adobe's drop-ins, PWA Studio): no database
// differences to show, so PGlite only.
describe("attributesForm, storeConfig, countries", () => {
  let env: Env;
  beforeAll(async () => {
    env = await setup("pglite");
  });
  afterAll(() => env.dispose());

  it("attributesForm describes the sign-up and address forms with required flags and rules", async () => {
    const store = await env.store({
      config: {
        street_lines: 3,
        custom_attributes: [{ code: "loyalty_number", label: "Loyalty number", is_required: true }],
      },
    });
    const c = env.client(store);
    const form = await c.request<{
      attributesForm: {
        items: {
          code: string;
          is_required: boolean;
          frontend_input: string;
          validate_rules: unknown;
        }[];
        errors: unknown[];
      };
    }>(
      `query getAttributesForm($formCode: String!) {
        attributesForm(formCode: $formCode) {
          items { code default_value entity_type frontend_class frontend_input is_required is_unique label
            options { is_default label value }
            ... on CustomerAttributeMetadata { multiline_count sort_order validate_rules { name value } }
          }
          errors { type message }
        }
      }`,
      { formCode: "customer_account_create" },
      "GET",
    );
    const items = form.data!.attributesForm.items;
    expect(items.filter((i) => i.is_required).map((i) => i.code)).toEqual([
      "firstname",
      "lastname",
      "email",
      "loyalty_number",
    ]);
    expect(items.find((i) => i.code === "email")).toMatchObject({
      validate_rules: [
        { name: "INPUT_VALIDATION", value: "email" },
        { name: "MAX_TEXT_LENGTH", value: "255" },
      ],
    });
    expect(items.find((i) => i.code === "gender")).toMatchObject({ frontend_input: "SELECT" });
    const address = await c.request<{
      attributesForm: { items: { code: string; multiline_count: number }[] };
    }>(
      `{ attributesForm(formCode: "customer_address_edit") { items { code ... on CustomerAttributeMetadata { multiline_count } } errors { type } } }`,
    );
    expect(
      address.data!.attributesForm.items.find((i) => i.code === "street")?.multiline_count,
    ).toBe(3);
    const unknown = await c.request(
      `{ attributesForm(formCode: "nope") { items { code } errors { type message } } }`,
    );
    expect(unknown.data).toEqual({
      attributesForm: {
        items: [],
        errors: [{ type: "ENTITY_NOT_FOUND", message: 'Form "nope" could not be found.' }],
      },
    });
  });

  it("storeConfig from the store's configuration, Magento's defaults otherwise", async () => {
    const store = await env.store({
      config: { locale: "de_DE", minimum_password_length: "10", customer_access_token_lifetime: 2 },
    });
    const r = await env.client(store).request(
      `{ storeConfig { store_code locale website_code minimum_password_length required_character_classes_number
          customer_access_token_lifetime newsletter_enabled default_country create_account_confirmation } }`,
    );
    expect(r.data).toEqual({
      storeConfig: {
        store_code: store.code,
        locale: "de_DE",
        website_code: "base",
        minimum_password_length: "10",
        required_character_classes_number: "3",
        customer_access_token_lifetime: 2,
        newsletter_enabled: true,
        default_country: "US",
        create_account_confirmation: false,
      },
    });
    // The store's password rule is the one enforced.
    const weak = await env
      .client(store)
      .request(
        `mutation { createCustomerV2(input: { firstname: "A", lastname: "B", email: "a@example.com", password: "Abcdef1!x" }) { customer { email } } }`,
      );
    expect(weak.errors?.[0]?.message).toBe(
      "The password needs at least 10 characters. Create a new password and try again.",
    );
  });

  it("countries and country(id) with regions, names in the store's locale", async () => {
    const store = await env.store({ config: { locale: "de_DE" } });
    const c = env.client(store);
    const all = await c.request<{ countries: { id: string }[] }>(`{ countries { id } }`);
    expect(all.data!.countries.length).toBeGreaterThan(200);
    const us = await c.request<{
      country: { available_regions: { id: number; code: string; name: string }[] };
    }>(
      `query { country(id: "US") { id two_letter_abbreviation full_name_english full_name_locale available_regions { id code name } } }`,
    );
    expect(us.data!.country).toMatchObject({
      id: "US",
      two_letter_abbreviation: "US",
      full_name_english: "United States",
      full_name_locale: "Vereinigte Staaten",
    });
    const tx = us.data!.country.available_regions.find((r) => r.code === "TX")!;
    expect(tx.name).toBe("Texas");
    const missing = await c.request(`{ country(id: "QQ") { id } }`);
    expect(missing.errors?.[0]).toMatchObject({
      message: "The country isn't available.",
      extensions: { category: "graphql-no-such-entity" },
    });
  });
});
