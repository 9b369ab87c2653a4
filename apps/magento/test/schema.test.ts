import { readFileSync } from "node:fs";
import { compareWithAnchor } from "@cg/graphql-kit/testing";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import {
  buildMagentoSchema,
  MAGENTO_VERSIONS,
  type MagentoVersion,
  printMagentoSchema,
} from "../src/index.ts";

const anchor = (file: string) =>
  parse(readFileSync(new URL(`./anchors/${file}`, import.meta.url), "utf8"));

/** Commerce/B2B-only members and Open Source ones of other modules: left out (README, "Omissions"). */
const COMMERCE = [
  "Customer.companies",
  "Customer.gift_registries",
  "Customer.gift_registry",
  "Customer.job_title",
  "Customer.purchase_order",
  "Customer.purchase_order_approval_rule",
  "Customer.purchase_order_approval_rule_metadata",
  "Customer.purchase_order_approval_rules",
  "Customer.purchase_orders",
  "Customer.purchase_orders_enabled",
  "Customer.requisition_lists",
  "Customer.return",
  "Customer.returns",
  "Customer.reward_points",
  "Customer.role",
  "Customer.status",
  "Customer.store_credit",
  "Customer.structure_id",
  "Customer.team",
  "Customer.telephone",
];
const OTHER_MODULES = [
  "Customer.compare_list",
  "Customer.orders",
  "Customer.reviews",
  "Customer.wishlist",
  "Customer.wishlist_v2",
  "Customer.wishlists",
];
/** Flows that need mail delivery or an admin session, which this gateway does not have. */
const NOT_SERVED = [
  "Mutation.confirmEmail",
  "ConfirmEmailInput",
  "Mutation.requestPasswordResetEmail",
  "Mutation.resetPassword",
  "Mutation.generateCustomerTokenAsAdmin",
];
const OMISSIONS: Record<MagentoVersion, string[]> = {
  "2.4.7": [...COMMERCE, ...OTHER_MODULES, ...NOT_SERVED],
  "2.4.8": [
    ...COMMERCE,
    ...OTHER_MODULES,
    ...NOT_SERVED,
    "Customer.segments",
    "Mutation.resendConfirmationEmail",
  ],
  "2.4.9": [
    ...COMMERCE,
    ...OTHER_MODULES,
    ...NOT_SERVED,
    "Customer.segments",
    "Mutation.resendConfirmationEmail",
    "Mutation.exchangeExternalCustomerToken",
  ],
};
/** Members served beyond the subset anchor (README, "Beyond the anchor"). */
const STOREFRONT = [
  "Query.attributesForm",
  "Query.countries",
  "Query.country",
  "Query.customAttributeMetadataV2",
  "Query.storeConfig",
];
const EXTRAS: Record<MagentoVersion, string[]> = {
  "2.4.7": STOREFRONT,
  "2.4.8": STOREFRONT,
  "2.4.9": [...STOREFRONT, "Mutation.deleteCustomerAddressV2", "Mutation.updateCustomerAddressV2"],
};

describe.each(MAGENTO_VERSIONS)("Magento %s schema", (v) => {
  it("the committed SDL is current (pnpm --filter @cg/magento schema)", () => {
    const committed = readFileSync(new URL(`../schema/${v}.graphql`, import.meta.url), "utf8");
    expect(committed).toBe(`${printMagentoSchema(buildMagentoSchema(v))}\n`);
  });

  it("matches the customer subset anchor for the Open Source members; only the listed omissions", () => {
    const { problems, missing, compared } = compareWithAnchor(
      buildMagentoSchema(v),
      anchor(`customer-subset.${v}.graphql`),
      OMISSIONS[v],
      EXTRAS[v],
    );
    expect(problems).toEqual([]);
    expect(missing.sort()).toEqual([...OMISSIONS[v]].sort());
    expect(compared.types).toBeGreaterThan(20);
    expect(compared.fields).toBeGreaterThan(130);
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const o of OMISSIONS[v]) expect(readme).toContain(`\`${o}\``);
  });
});

describe("Magento 2.4.9 storefront extras", () => {
  it("attributesForm, customAttributeMetadataV2, storeConfig, countries match the extras anchor", () => {
    const { problems, missing, compared } = compareWithAnchor(
      buildMagentoSchema("2.4.9"),
      anchor("storefront-extras.2.4.9.graphql"),
      [],
      // The anchor's Query lists only the storefront fields; the customer ones are checked above.
      ["Query.customer", "Query.isEmailAvailable"],
    );
    expect(problems).toEqual([]);
    expect(missing).toEqual([]);
    expect(compared.types).toBeGreaterThan(15);
    expect(compared.enumValues).toBeGreaterThan(30);
  });
});
