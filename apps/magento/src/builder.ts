import type { CallContext, Core, Customer, Logger, StoreView } from "@cg/core";
import SchemaBuilder from "@pothos/core";

/**
 * The Magento schema versions served; a store's version is part of its configuration (core
 * stores). 2.4.8 adds Customer.addressesV2 and Customer.group; 2.4.9 types Customer.id `ID!` and
 * adds CustomerAddress.uid with the uid-based address mutations (see ../README.md).
 */
export const MAGENTO_VERSIONS = ["2.4.7", "2.4.8", "2.4.9"] as const;
export type MagentoVersion = (typeof MAGENTO_VERSIONS)[number];

/** The signed-in customer of a request (from its bearer token). */
export interface SignedIn {
  customerId: string;
  /** The bearer token itself: revokeCustomerToken and changeCustomerPassword name it. */
  token: string;
}

/** Per-request context: the store (hence the tenant), the version served, and who is signed in. */
export interface MagentoContext {
  core: Core;
  log: Logger;
  store: StoreView;
  version: MagentoVersion;
  /** The tenant and actor every core call is made with (no credential: storefronts send none). */
  call: CallContext;
  /** null for a guest (no bearer, or on 2.4.7 an invalid one, which Magento reads as a guest). */
  signedIn: SignedIn | null;
  /** The signed-in customer, read at most once per request. */
  me(): Promise<Customer | null>;
}

export interface MagentoTypes {
  Context: MagentoContext;
}

/** One builder per version; each is turned into a GraphQLSchema once, at start-up. */
export function createBuilder() {
  return new SchemaBuilder<MagentoTypes>({});
}

export type Builder = ReturnType<typeof createBuilder>;
