import {
  type AddressInput,
  type AddressRecord,
  type Customer,
  type CustomerPatch,
  checkPassword,
  findCountry,
  findRegion,
  findRegionById,
  hashSecret,
  IdentifierKind,
  PasswordRule,
  verifySecret,
} from "@cg/core";
import type { GraphQLError } from "graphql";
import type { MagentoContext } from "./builder.ts";
import { defaultBilling, defaultShipping, primaryEmail } from "./customer-view.ts";
import { fromDomain, magentoError } from "./errors.ts";
import {
  type AddressFields,
  ATTR,
  addressInput,
  type CustomerFields,
  customerPatch,
  isRefusal,
  MAGENTO_NS,
  type Refusal,
} from "./magento-input.ts";
import { type StoreSettings, storeSettings } from "./store-settings.ts";

/**
 * The storefront account operations: each resolver is one call into here. Magento's order of
 * checks is kept (input present → required attributes → email/gender → password rules → write),
 * and every failure is thrown as the Magento error a storefront expects.
 */

/** The kind of customer tokens and of their sign-in throttling. */
export const TOKEN_KIND = "magento.customer";

const thrown = (r: Refusal): GraphQLError => magentoError(...r.error);
const settingsOf = (ctx: MagentoContext) => storeSettings(ctx.store);

/** The signed-in customer, or Magento's "isn't authorized" for a guest. */
export async function requireCustomer(ctx: MagentoContext): Promise<Customer> {
  if (!ctx.signedIn) throw magentoError("NOT_AUTHORIZED");
  const [c, locked] = await Promise.all([
    ctx.me(),
    ctx.core.signIns.lockedUntil(accountKey(ctx, ctx.signedIn.customerId)),
  ]);
  if (!c) throw magentoError("CUSTOMER_NOT_FOUND", ctx.signedIn.customerId);
  // GetCustomer: a locked account serves no authenticated operation.
  if (locked) throw magentoError("ACCOUNT_LOCKED");
  return c;
}

function passwordError(password: string, s: StoreSettings, email: string | null) {
  const rule = checkPassword(password, s.password, email);
  switch (rule) {
    case null:
      return null;
    case PasswordRule.TOO_LONG:
      return magentoError("PASSWORD_TOO_LONG", s.password.maxLength);
    case PasswordRule.TOO_SHORT:
      return magentoError("PASSWORD_TOO_SHORT", s.password.minLength);
    case PasswordRule.EDGE_SPACE:
      return magentoError("PASSWORD_EDGE_SPACE");
    case PasswordRule.TOO_FEW_CLASSES:
      return magentoError("PASSWORD_CLASSES", s.password.requiredClasses);
    case PasswordRule.SAME_AS_EMAIL:
      return magentoError("PASSWORD_IS_EMAIL");
    default:
      return rule satisfies never;
  }
}

// Verified when no customer has the email, so a wrong email costs what a wrong password does.
let dummyHash: Promise<string> | null = null;

/**
 * Magento keeps two counters (core `signIns`, one kind each):
 * - the token request throttler (Magento\Integration\Model\Oauth\Token\RequestThrottler), per
 *   email as given, on generateCustomerToken only: every failure counts (unknown email, locked
 *   account, wrong password), a success resets it;
 * - the account lockout (Magento\Customer\Model\Authentication), per customer, on every password
 *   check (sign-in, email and password changes): wrong passwords count, a lock that ran out starts
 *   again, a sign-in resets it (CustomerLoginSuccessObserver); a locked customer's authenticated
 *   operations answer `The account is locked.` (GetCustomer).
 */
export const THROTTLE_KIND = "magento.token";
const tokenKey = (ctx: MagentoContext, email: string) => ({
  tenantId: ctx.store.tenantId,
  kind: THROTTLE_KIND,
  login: email.trim().toLowerCase(),
});
const accountKey = (ctx: MagentoContext, customerId: string) => ({
  tenantId: ctx.store.tenantId,
  kind: TOKEN_KIND,
  login: customerId,
});

/** generateCustomerToken: the generic message for every failure. */
export async function signIn(ctx: MagentoContext, email: string, password: string) {
  if (!email.trim()) throw magentoError("TOKEN_EMAIL_MISSING");
  if (!password) throw magentoError("TOKEN_PASSWORD_MISSING");
  const s = settingsOf(ctx);
  const throttle = tokenKey(ctx, email);
  if (await ctx.core.signIns.lockedUntil(throttle)) throw magentoError("SIGN_IN_FAILED");
  const found = await ctx.core.lookup(ctx.call, { kind: IdentifierKind.EMAIL, value: email });
  const c = found.ok ? found.value : null;
  const locked = c ? await ctx.core.signIns.lockedUntil(accountKey(ctx, c.id)) : null;
  dummyHash ??= hashSecret("not a password of anyone");
  const good =
    !locked &&
    (c?.passwordHash
      ? await verifySecret(password, c.passwordHash)
      : (await verifySecret(password, await dummyHash)) && false);
  if (!c || !good) {
    if (c && !locked) await ctx.core.signIns.failed(accountKey(ctx, c.id), s.accountLock);
    await ctx.core.signIns.failed(throttle, s.tokenLock);
    throw magentoError("SIGN_IN_FAILED");
  }
  await ctx.core.signIns.succeeded(throttle);
  await ctx.core.signIns.succeeded(accountKey(ctx, c.id));
  const { token } = await ctx.core.tokens.issue({
    kind: TOKEN_KIND,
    tenantId: ctx.store.tenantId,
    customerId: c.id,
    ttlSeconds: Math.round(s.tokenLifetimeHours * 3600),
  });
  return { token };
}

/**
 * The current password of a signed-in customer (email and password changes): Magento's
 * Authentication::authenticate via CheckCustomerPassword, which counts a wrong one and answers
 * `The account is locked.` once that failure locks the account (a success resets nothing).
 */
async function checkCurrentPassword(ctx: MagentoContext, c: Customer, password: string) {
  if (!c.passwordHash || !(await verifySecret(password, c.passwordHash))) {
    const lockedNow = await ctx.core.signIns.failed(
      accountKey(ctx, c.id),
      settingsOf(ctx).accountLock,
    );
    throw magentoError(lockedNow ? "ACCOUNT_LOCKED" : "INVALID_LOGIN");
  }
}

const isEmpty = (input: object | null | undefined) => !input || Object.keys(input).length === 0;

/** createCustomerV2 and the legacy createCustomer (anonymous; password optional). */
export async function createAccount(ctx: MagentoContext, input: CustomerFields | null) {
  if (isEmpty(input) || !input) throw magentoError("INPUT_MISSING");
  const s = settingsOf(ctx);
  const t = customerPatch(input, {
    mode: "create",
    now: new Date().toISOString(),
    newsletter: s.newsletterEnabled,
  });
  if (isRefusal(t)) throw thrown(t);
  if (t.password !== undefined) {
    const bad = passwordError(t.password, s, t.email ?? null);
    if (bad) throw bad;
    t.patch.passwordHash = await hashSecret(t.password);
  }
  const r = await ctx.core.upsert(ctx.call, {
    mode: "create",
    lookup: [{ kind: IdentifierKind.EMAIL, value: t.email ?? "", path: ["email"] }],
    onCreate: t.patch,
  });
  if (!r.ok) throw fromDomain(r.error, { emailTaken: "EMAIL_TAKEN_ON_CREATE" });
  return { customer: r.value.customer };
}

/**
 * The signed-in customer's change. `asRead`: `c` is the customer as requireCustomer read it, which
 * core plans the change against instead of reading it again (and reads it if it has moved since).
 */
async function write(
  ctx: MagentoContext,
  c: Customer,
  patch: CustomerPatch,
  asRead = true,
): Promise<Customer> {
  const r = await ctx.core.upsert(
    ctx.call,
    { mode: "update", lookup: [{ kind: "ID", value: c.id }], onUpdate: patch },
    asRead ? { current: c } : {},
  );
  if (!r.ok) throw fromDomain(r.error, { emailTaken: "EMAIL_TAKEN_ON_CHANGE", customerId: c.id });
  return r.value.customer;
}

/**
 * updateCustomerV2 and the legacy updateCustomer: only the submitted keys are checked. The legacy
 * input may carry `email`, which needs the current `password` when it changes.
 */
export async function updateAccount(ctx: MagentoContext, input: CustomerFields | null) {
  const c = await requireCustomer(ctx);
  if (isEmpty(input) || !input) throw magentoError("INPUT_MISSING");
  const { email, password, ...rest } = input;
  const t = customerPatch(rest, {
    mode: "update",
    now: new Date().toISOString(),
    newsletter: true,
  });
  if (isRefusal(t)) throw thrown(t);
  if (email != null && email.trim().toLowerCase() !== primaryEmail(c)) {
    const e = customerPatch({ email }, { mode: "update", now: "", newsletter: true });
    if (isRefusal(e)) throw thrown(e);
    if (!password) throw magentoError("PASSWORD_FOR_EMAIL");
    await checkCurrentPassword(ctx, c, password);
    t.patch.identifiers = e.patch.identifiers;
  }
  return { customer: await write(ctx, c, t.patch) };
}

/** updateCustomerEmail(email, password). */
export async function changeEmail(ctx: MagentoContext, email: string, password: string) {
  const c = await requireCustomer(ctx);
  const e = customerPatch({ email }, { mode: "update", now: "", newsletter: true });
  if (isRefusal(e)) throw thrown(e);
  if (!password) throw magentoError("PASSWORD_FOR_EMAIL");
  await checkCurrentPassword(ctx, c, password);
  if (e.email === primaryEmail(c)) return { customer: c };
  return { customer: await write(ctx, c, { identifiers: e.patch.identifiers }) };
}

/** changeCustomerPassword: the customer's other tokens are revoked, this one lives on. */
export async function changePassword(ctx: MagentoContext, current: string, next: string) {
  const c = await requireCustomer(ctx);
  if (!current.trim()) throw magentoError("CURRENT_PASSWORD_MISSING");
  if (!next.trim()) throw magentoError("NEW_PASSWORD_MISSING");
  await checkCurrentPassword(ctx, c, current);
  const bad = passwordError(next, settingsOf(ctx), primaryEmail(c));
  if (bad) throw bad;
  const updated = await write(ctx, c, { passwordHash: await hashSecret(next) });
  await ctx.core.tokens.revoke({ customerId: c.id, exceptToken: ctx.signedIn!.token });
  return updated;
}

export async function deleteAccount(ctx: MagentoContext) {
  const c = await requireCustomer(ctx);
  const r = await ctx.core.delete(ctx.call, { kind: "ID", value: c.id });
  if (!r.ok) throw fromDomain(r.error, { emailTaken: "EMAIL_TAKEN_ON_CHANGE", customerId: c.id });
  await ctx.core.tokens.revoke({ customerId: c.id });
  return true;
}

export async function revokeToken(ctx: MagentoContext) {
  await requireCustomer(ctx);
  await ctx.core.tokens.revoke({ token: ctx.signedIn!.token });
  return { result: true };
}

/** As 2.4.7+ answers it: true for every email unless guest checkout login is enabled. */
export async function isEmailAvailable(ctx: MagentoContext, email: string) {
  if (!email.trim()) throw magentoError("IS_EMAIL_MISSING");
  const e = customerPatch({ email }, { mode: "update", now: "", newsletter: true });
  if (isRefusal(e)) throw magentoError("IS_EMAIL_INVALID");
  if (!settingsOf(ctx).guestCheckoutLogin) return { is_email_available: true };
  const found = await ctx.core.lookup(ctx.call, { kind: IdentifierKind.EMAIL, value: email });
  return { is_email_available: !(found.ok && found.value) };
}

/** The stored address as an input that keeps it unchanged (replace mode re-sends every address). */
const asInput = (a: AddressRecord, isDefault = a.isDefault): AddressInput => ({
  id: a.id,
  isDefault,
  firstName: a.firstName,
  lastName: a.lastName,
  company: a.company,
  address1: a.address1,
  address2: a.address2,
  city: a.city,
  province: a.province,
  provinceCode: a.provinceCode,
  country: a.country,
  countryCode: a.countryCode,
  zip: a.zip,
  phone: a.phone,
});

/**
 * Magento's ValidateAddress, over the country data in core. A region named by code or name wins
 * over region_id (our region ids are not Magento's, and storefronts send both); a region_id alone
 * must be one of the country's.
 */
function regionOf(s: StoreSettings) {
  const no = (
    c: "REGION_ID_REQUIRED" | "REGION_NOT_IN_COUNTRY" | "REGION_ID_MISMATCH",
  ): Refusal => ({
    error: [c],
  });
  return (country: string | null, r: AddressFields["region"]) => {
    if (!country) return { province: null, provinceCode: null };
    const regions = findCountry(country)?.regions ?? [];
    const required = s.countriesWithRequiredRegion.includes(country) && regions.length > 0;
    const named = r?.region_code?.trim() || r?.region?.trim() || "";
    const byName = named && regions.length ? findRegion(country, named) : null;
    if (byName) return { province: byName.name, provinceCode: byName.code };
    if (r?.region_id) {
      const hit = findRegionById(r.region_id);
      if (hit && hit.country.code === country)
        return { province: hit.region.name, provinceCode: hit.region.code };
      return no(hit ? "REGION_ID_MISMATCH" : "REGION_NOT_IN_COUNTRY");
    }
    if (required) return no(named ? "REGION_NOT_IN_COUNTRY" : "REGION_ID_REQUIRED");
    return { province: r?.region?.trim() || null, provinceCode: r?.region_code?.trim() || null };
  };
}

function translateAddress(ctx: MagentoContext, input: AddressFields, existing?: AddressRecord) {
  const s = settingsOf(ctx);
  const t = addressInput(input, {
    ...(existing ? { existing } : {}),
    streetLines: s.streetLines,
    region: regionOf(s),
  });
  if (isRefusal(t)) throw thrown(t);
  if (!t.address.zip && !s.optionalZipCountries.includes(t.address.countryCode ?? ""))
    throw magentoError("REQUIRED_MISSING", "postcode");
  return t;
}

async function writeAddresses(
  ctx: MagentoContext,
  c: Customer,
  addresses: AddressInput[],
  billing?: string | null,
  asRead = true,
) {
  const patch: CustomerPatch = { addresses };
  if (billing !== undefined)
    patch.attributes = [
      { namespace: MAGENTO_NS, key: ATTR.defaultBilling, type: "string", value: billing },
    ];
  return write(ctx, c, patch, asRead);
}

/** createCustomerAddress: the new address, with its default flags. */
export async function createAddress(ctx: MagentoContext, input: AddressFields | null) {
  const c = await requireCustomer(ctx);
  if (isEmpty(input) || !input) throw magentoError("INPUT_MISSING");
  const t = translateAddress(ctx, input);
  const shipping = t.defaultShipping === true;
  let after = await writeAddresses(ctx, c, [
    ...c.addresses.map((a) => asInput(a, shipping ? false : a.isDefault)),
    // Magento's first address is no default unless it says so: core keeps none then.
    { ...t.address, isDefault: shipping },
  ]);
  const before = new Set(c.addresses.map((a) => a.id));
  const created = after.addresses.find((a) => !before.has(a.id));
  if (!created) throw magentoError("INTERNAL");
  if (t.defaultBilling)
    after = await writeAddresses(
      ctx,
      after,
      after.addresses.map((a) => asInput(a)),
      created.id,
      false, // `after` is the first write's answer, not a read
    );
  return { address: after.addresses.find((a) => a.id === created.id)!, customer: after };
}

function findAddress(c: Customer, number: number | null, shown: string | number) {
  const a = number === null ? undefined : c.addresses.find((x) => x.number === number);
  if (!a) throw magentoError("ADDRESS_NOT_FOUND", shown);
  return a;
}

/** updateCustomerAddress(V2): the input's members laid over the stored address. */
export async function updateAddress(
  ctx: MagentoContext,
  number: number | null,
  shown: string | number,
  input: AddressFields | null,
) {
  const c = await requireCustomer(ctx);
  if (!shown && shown !== 0) throw magentoError("ADDRESS_ID_MISSING");
  const target = findAddress(c, number, shown);
  const t = translateAddress(ctx, input ?? {}, target);
  const shipping = t.defaultShipping === true;
  const billingId = defaultBilling(c)?.id ?? null;
  const billing =
    t.defaultBilling === true
      ? target.id
      : t.defaultBilling === false && billingId === target.id
        ? null
        : undefined;
  const after = await writeAddresses(
    ctx,
    c,
    c.addresses.map((a) =>
      a.id === target.id
        ? { ...t.address, isDefault: t.defaultShipping ?? a.isDefault }
        : asInput(a, shipping ? false : a.isDefault),
    ),
    billing,
  );
  return { address: after.addresses.find((a) => a.id === target.id)!, customer: after };
}

/** deleteCustomerAddress(V2): a default billing or shipping address cannot be deleted. */
export async function deleteAddress(
  ctx: MagentoContext,
  number: number | null,
  shown: string | number,
) {
  const c = await requireCustomer(ctx);
  if (!shown && shown !== 0) throw magentoError("ADDRESS_ID_MISSING");
  const target = findAddress(c, number, shown);
  if (defaultBilling(c)?.id === target.id) throw magentoError("ADDRESS_DEFAULT_BILLING", shown);
  if (defaultShipping(c)?.id === target.id) throw magentoError("ADDRESS_DEFAULT_SHIPPING", shown);
  await writeAddresses(
    ctx,
    c,
    c.addresses.filter((a) => a.id !== target.id).map((a) => asInput(a)),
  );
  return true;
}
