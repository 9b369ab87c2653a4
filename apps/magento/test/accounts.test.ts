import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS, type Env, PASSWORD, type Store, setup } from "./helpers.ts";

const TAKEN = "A customer with the same email address already exists in an associated website.";
const SIGN_IN_FAILED =
  "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.";

type Token = { generateCustomerToken: { token: string } | null };

describe.each(testEngines())("Magento storefront accounts on %s", (engine) => {
  let env: Env;
  let now = Date.now();
  beforeAll(async () => {
    env = await setup(engine, { clock: () => now });
  });
  afterAll(() => env.dispose());

  async function signUp(store: Store, email: string, password = PASSWORD) {
    const r = await env.client(store).request(DOCS.createCustomerVars, {
      input: { firstname: "Bob", lastname: "Loblaw", email, password },
    });
    expect(r.errors).toBeUndefined();
    return signIn(store, email, password);
  }
  async function signIn(store: Store, email: string, password = PASSWORD) {
    const c = env.client(store);
    const t = await c.request<Token>(DOCS.generateCustomerToken, { email, password });
    expect(t.errors).toBeUndefined();
    const token = t.data!.generateCustomerToken!.token;
    c.setToken(token);
    return { c, token };
  }

  it("registers with the docs' createCustomerV2 and createCustomer; a duplicate email is refused (exact text, graphql-input, HTTP 200)", async () => {
    const store = await env.store();
    const c = env.client(store);
    expect(await c.request(DOCS.createCustomerV2)).toEqual({
      data: {
        createCustomerV2: {
          customer: {
            firstname: "Bob",
            lastname: "Loblaw",
            email: "bobloblaw@example.com",
            is_subscribed: true,
          },
        },
      },
    });
    const dup = await env.raw("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", store: store.code },
      body: JSON.stringify({ query: DOCS.createCustomerLegacy }),
    });
    expect(dup.status).toBe(200);
    expect(await dup.json()).toEqual({
      errors: [
        {
          message: TAKEN,
          locations: [{ line: 2, column: 3 }],
          path: ["createCustomer"],
          extensions: { category: "graphql-input" },
        },
      ],
      data: { createCustomer: null },
    });
    // The legacy mutation registers too (password optional, as in Magento).
    const legacy = await c.request(
      DOCS.createCustomerVars.replace("createCustomerV2", "createCustomerV2"),
      {
        input: { firstname: "No", lastname: "Password", email: "nopass@example.com" },
      },
    );
    expect(legacy.errors).toBeUndefined();
    // One canonical customer with the email as its primary identifier (what other dialects find).
    const found = await env.core.lookup(
      { tenantId: store.tenantId },
      { kind: "EMAIL", value: "BobLoblaw@example.com" },
    );
    expect(found.ok && found.value?.firstName).toBe("Bob");
    expect(found.ok && found.value?.passwordHash?.startsWith("scrypt$")).toBe(true);
  });

  it("input errors: required attributes, email, gender, with Magento's texts", async () => {
    const c = env.client(await env.store());
    const create = (input: Record<string, unknown>) =>
      c.request(DOCS.createCustomerVars, {
        input: { firstname: "A", lastname: "B", email: "a@example.com", ...input },
      });
    const err = async (input: Record<string, unknown>) => (await create(input)).errors?.[0];
    expect(await err({ firstname: "", lastname: " " })).toMatchObject({
      message: "Required parameters are missing: First Name, Last Name",
      extensions: { category: "graphql-input" },
    });
    expect(await err({ email: "not-an-email" })).toMatchObject({
      message: '"not-an-email" is not a valid email address.',
      extensions: { category: "graphql-input" },
    });
    expect(await err({ gender: 9 })).toMatchObject({
      message: '"9" is not a valid gender value.',
      extensions: { category: "graphql-input" },
    });
    // graphql's own validation: category "graphql", nothing written.
    const missing = await c.request(
      `mutation { createCustomerV2(input: { email: "x@example.com" }) { customer { email } } }`,
    );
    expect(missing.errors?.[0]?.extensions).toEqual({ category: "graphql" });
    expect(missing.errors?.[0]?.message).toContain("CustomerCreateInput.firstname");
    const ok = await create({ gender: 2, date_of_birth: "1990-04-01", email: "g@example.com" });
    expect(ok.data).toMatchObject({
      createCustomerV2: {
        customer: { gender: 2, date_of_birth: "1990-04-01", email: "g@example.com" },
      },
    });
  });

  it("weak passwords: each of Magento's rules, in its words", async () => {
    const c = env.client(await env.store());
    const pw = async (password: string, email = "weak@example.com") =>
      (
        await c.request(DOCS.createCustomerVars, {
          input: { firstname: "W", lastname: "P", email, password },
        })
      ).errors?.[0]?.message;
    expect(await pw("Ab1!")).toBe(
      "The password needs at least 8 characters. Create a new password and try again.",
    );
    expect(await pw(`Ab1!${"x".repeat(253)}`)).toBe(
      "Please enter a password with at most 256 characters.",
    );
    expect(await pw(" Abcdef1!")).toBe(
      "The password can't begin or end with a space. Verify the password and try again.",
    );
    expect(await pw("abcdefgh")).toBe(
      "Minimum of different classes of characters in password is 3. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.",
    );
    expect(await pw("Bob.Loblaw1@example.com", "bob.loblaw1@example.com")).toBe(
      "The password can't be the same as the email address. Create a new password and try again.",
    );
    const none = await env.core.list({ tenantId: (await env.store()).tenantId }, {});
    expect(none.ok && none.value.items).toEqual([]);
  });

  it("signs in, reads `customer` by POST and GET, updates names (V2 and legacy), guest refused", async () => {
    const store = await env.store();
    const { c } = await signUp(store, "bobloblaw@example.com");
    const me = await c.request(DOCS.customer, undefined, "GET");
    expect(me).toEqual({
      data: {
        customer: {
          firstname: "Bob",
          lastname: "Loblaw",
          suffix: null,
          email: "bobloblaw@example.com",
          addresses: [],
        },
      },
    });
    expect(await c.request(DOCS.updateCustomerV2)).toEqual({
      data: { updateCustomerV2: { customer: { firstname: "Robert", is_subscribed: false } } },
    });
    // Legacy updateCustomer from the docs changes the email too: that needs the password.
    const noPassword = await c.request(DOCS.updateCustomerLegacy);
    expect(noPassword.errors?.[0]).toMatchObject({
      message: 'Provide the current "password" to change "email".',
      extensions: { category: "graphql-input" },
    });
    const legacy = await c.request(
      `mutation { updateCustomer(input: { firstname: "Rob", lastname: "" }) { customer { firstname } } }`,
    );
    expect(legacy.errors?.[0]?.message).toBe("Required parameters are missing: Last Name");
    expect(
      (
        await c.request(
          `mutation { updateCustomer(input: { firstname: "Rob" }) { customer { firstname } } }`,
        )
      ).data,
    ).toEqual({ updateCustomer: { customer: { firstname: "Rob" } } });
    const guest = await env.client(store).request(DOCS.customer);
    expect(guest).toMatchObject({
      data: { customer: null },
      errors: [
        {
          message: "The current customer isn't authorized.",
          extensions: { category: "graphql-authorization" },
        },
      ],
    });
  });

  it("HTTP status of resolver errors: 2.4.9 answers 403 / 401 by the first category, 2.4.7 and 2.4.8 200", async () => {
    const post = (code: string, query: string) =>
      env.raw("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", store: code },
        body: JSON.stringify({ query }),
      });
    const signInWrong = `mutation { generateCustomerToken(email: "nobody@example.com", password: "x") { token } }`;
    for (const [version, guest, wrong] of [
      ["2.4.9", 403, 401],
      ["2.4.8", 200, 200],
      ["2.4.7", 200, 200],
    ] as const) {
      const store = await env.store({ version });
      const g = await post(store.code, DOCS.customer);
      expect([version, g.status]).toEqual([version, guest]);
      expect(await g.json()).toMatchObject({
        data: { customer: null },
        errors: [{ extensions: { category: "graphql-authorization" } }],
      });
      const w = await post(store.code, signInWrong);
      expect([version, w.status]).toEqual([version, wrong]);
      expect(((await w.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
        SIGN_IN_FAILED,
      );
      // An input error stays 200 everywhere.
      const i = await post(
        store.code,
        `mutation { createCustomerV2(input: { email: "", firstname: "", lastname: "" }) { customer { email } } }`,
      );
      expect([version, i.status]).toEqual([version, 200]);
    }
  });

  it("wrong password and unknown email: the generic text; lock after 6 failures for 30 minutes", async () => {
    const store = await env.store();
    await signUp(store, "lock@example.com");
    const c = env.client(store);
    const token = (password: string, email = "lock@example.com") =>
      c.request<Token>(DOCS.generateCustomerToken, { email, password });
    const unknown = await token(PASSWORD, "nobody@example.com");
    expect(unknown.errors?.[0]).toMatchObject({
      message: SIGN_IN_FAILED,
      extensions: { category: "graphql-authentication" },
    });
    for (let i = 0; i < 6; i++)
      expect((await token("Wrong-pass1")).errors?.[0]?.message).toBe(SIGN_IN_FAILED);
    // Locked: the right password is refused the same way.
    expect((await token(PASSWORD)).errors?.[0]?.message).toBe(SIGN_IN_FAILED);
    now += 29 * 60_000;
    expect((await token(PASSWORD)).errors?.[0]?.message).toBe(SIGN_IN_FAILED);
    now += 2 * 60_000;
    expect((await token(PASSWORD)).data?.generateCustomerToken?.token).toBeTruthy();
  });

  it("the account lockout is its own counter: 10 wrong current passwords lock the customer for 10 minutes", async () => {
    const store = await env.store();
    const { c } = await signUp(store, "lockout@example.com");
    const change = (current: string) =>
      c.request(DOCS.changeCustomerPassword, { current, next: "N3w-password" });
    for (let i = 0; i < 9; i++)
      expect((await change("Wrong-pass1")).errors?.[0]).toMatchObject({
        message: "Invalid login or password.",
        extensions: { category: "graphql-authentication" },
      });
    // The tenth failure locks the account (Authentication::authenticate answers it so).
    expect((await change("Wrong-pass1")).errors?.[0]?.message).toBe("The account is locked.");
    // GetCustomer: every authenticated operation of a locked customer, the right password too.
    expect((await c.request(DOCS.customer)).errors?.[0]).toMatchObject({
      message: "The account is locked.",
      extensions: { category: "graphql-authentication" },
    });
    expect((await change(PASSWORD)).errors?.[0]?.message).toBe("The account is locked.");
    // Signing in is refused with the generic text, though the token throttler counted nothing.
    const anon = env.client(store);
    const token = () =>
      anon.request<Token>(DOCS.generateCustomerToken, {
        email: "lockout@example.com",
        password: PASSWORD,
      });
    expect((await token()).errors?.[0]?.message).toBe(SIGN_IN_FAILED);
    now += 11 * 60_000;
    expect((await token()).data?.generateCustomerToken?.token).toBeTruthy();
    expect((await c.request(DOCS.customer)).errors).toBeUndefined();
  });

  it("both counters read their store configuration keys", async () => {
    const store = await env.store({
      config: {
        max_failures_count: 2,
        authentication_lock_timeout: 60,
        lockout_failures: 3,
        lockout_threshold: 1,
      },
    });
    await signUp(store, "keys@example.com");
    const anon = env.client(store);
    const token = (password: string) =>
      anon.request<Token>(DOCS.generateCustomerToken, { email: "keys@example.com", password });
    await token("Wrong-pass1");
    await token("Wrong-pass1");
    // Throttled after 2 (max_failures_count) for 60 s (authentication_lock_timeout).
    expect((await token(PASSWORD)).errors?.[0]?.message).toBe(SIGN_IN_FAILED);
    now += 61_000;
    // The account counter saw 2 wrong passwords; a third locks it (lockout_failures 3) for 1 min.
    await token("Wrong-pass1");
    expect((await token(PASSWORD)).errors?.[0]?.message).toBe(SIGN_IN_FAILED);
    now += 61_000;
    expect((await token(PASSWORD)).data?.generateCustomerToken?.token).toBeTruthy();
  });

  it("updates the email with a wrong then the right password; the duplicate on change is graphql-already-exists", async () => {
    const store = await env.store();
    await signUp(store, "taken@example.com");
    const { c } = await signUp(store, "mover@example.com");
    const wrong = await c.request(DOCS.updateCustomerEmail, {
      email: "moved@example.com",
      password: "Wrong-pass1",
    });
    expect(wrong.errors?.[0]).toMatchObject({
      message: "Invalid login or password.",
      extensions: { category: "graphql-authentication" },
    });
    const taken = await c.request(DOCS.updateCustomerEmail, {
      email: "taken@example.com",
      password: PASSWORD,
    });
    expect(taken.errors?.[0]).toMatchObject({
      message: TAKEN,
      extensions: { category: "graphql-already-exists" },
    });
    expect(
      await c.request(DOCS.updateCustomerEmail, { email: "moved@example.com", password: PASSWORD }),
    ).toEqual({ data: { updateCustomerEmail: { customer: { email: "moved@example.com" } } } });
    const anon = env.client(store);
    expect(
      (
        await anon.request<Token>(DOCS.generateCustomerToken, {
          email: "mover@example.com",
          password: PASSWORD,
        })
      ).errors?.[0]?.message,
    ).toBe(SIGN_IN_FAILED);
    expect(
      (
        await anon.request<Token>(DOCS.generateCustomerToken, {
          email: "moved@example.com",
          password: PASSWORD,
        })
      ).data?.generateCustomerToken?.token,
    ).toBeTruthy();
  });

  it("changes the password: the old password and the customer's other tokens are refused after", async () => {
    const store = await env.store();
    const first = await signUp(store, "change@example.com");
    const second = await signIn(store, "change@example.com");
    const wrong = await second.c.request(DOCS.changeCustomerPassword, {
      current: "Wrong-pass1",
      next: "N3w-password",
    });
    expect(wrong.errors?.[0]?.message).toBe("Invalid login or password.");
    const weak = await second.c.request(DOCS.changeCustomerPassword, {
      current: PASSWORD,
      next: "short",
    });
    expect(weak.errors?.[0]?.message).toBe(
      "The password needs at least 8 characters. Create a new password and try again.",
    );
    const changed = await second.c.request<{ changeCustomerPassword: { email: string } }>(
      DOCS.changeCustomerPassword,
      { current: PASSWORD, next: "N3w-password" },
    );
    expect(changed.data?.changeCustomerPassword.email).toBe("change@example.com");
    // The token that changed it lives on; the other one is refused up front (2.4.9).
    expect((await second.c.request(DOCS.customer)).data?.customer).toBeTruthy();
    const old = await env.raw("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        store: store.code,
        authorization: `Bearer ${first.token}`,
      },
      body: JSON.stringify({ query: DOCS.customer }),
    });
    expect(old.status).toBe(401);
    expect(await old.json()).toEqual({
      errors: [
        {
          message: "User token has been revoked",
          extensions: { category: "graphql-authentication" },
        },
      ],
    });
    const anon = env.client(store);
    expect(
      (
        await anon.request<Token>(DOCS.generateCustomerToken, {
          email: "change@example.com",
          password: PASSWORD,
        })
      ).errors?.[0]?.message,
    ).toBe(SIGN_IN_FAILED);
    expect(
      (
        await anon.request<Token>(DOCS.generateCustomerToken, {
          email: "change@example.com",
          password: "N3w-password",
        })
      ).data?.generateCustomerToken?.token,
    ).toBeTruthy();
  });

  it("addresses: create (docs), update with default_billing, the defaults refuse deletion, delete", async () => {
    const store = await env.store();
    const { c } = await signUp(store, "addr@example.com");
    const created = await c.request<{ createCustomerAddress: { id: number; uid: string } }>(
      DOCS.createCustomerAddress,
    );
    expect(created).toMatchObject({
      data: {
        createCustomerAddress: {
          region: { region: "Arizona", region_code: "AZ" },
          country_code: "US",
          street: ["123 Main Street"],
          telephone: "7777777777",
          postcode: "77777",
          city: "Phoenix",
          default_shipping: true,
          default_billing: false,
        },
      },
    });
    const first = created.data!.createCustomerAddress;
    expect(Buffer.from(first.uid, "base64").toString()).toBe(String(first.id));
    const second = await c.request<{ createCustomerAddress: { id: number } }>(
      `mutation { createCustomerAddress(input: { firstname: "Bob", lastname: "Loblaw", street: ["1 Side St", "Apt 2"],
        city: "Austin", region: { region_code: "TX" }, postcode: "73301", country_code: US, telephone: "5125550100" })
        { id region { region region_code region_id } street default_shipping default_billing } }`,
    );
    expect(second.data?.createCustomerAddress).toMatchObject({
      region: { region: "Texas", region_code: "TX" },
      street: ["1 Side St", "Apt 2"],
      default_shipping: false,
      default_billing: false,
    });
    const secondId = second.data!.createCustomerAddress.id;
    expect(await c.request(DOCS.updateCustomerAddress, { id: first.id })).toEqual({
      data: {
        updateCustomerAddress: {
          id: first.id,
          city: "Tucson",
          default_shipping: true,
          default_billing: true,
        },
      },
    });
    const me = await c.request<{ customer: { default_billing: string; default_shipping: string } }>(
      `{ customer { default_billing default_shipping addresses { id city } } }`,
    );
    expect(me.data?.customer).toMatchObject({
      default_billing: String(first.id),
      default_shipping: String(first.id),
    });
    const del = await c.request(DOCS.deleteCustomerAddress, { id: first.id });
    expect(del.errors?.[0]).toMatchObject({
      message: `Customer Address ${first.id} is set as default billing address and can not be deleted`,
      extensions: { category: "graphql-input" },
    });
    const unknown = await c.request(DOCS.deleteCustomerAddress, { id: 999999 });
    expect(unknown.errors?.[0]).toMatchObject({
      message: 'Could not find a address with ID "999999"',
      extensions: { category: "graphql-no-such-entity" },
    });
    // Required region for the US, and required members.
    const noRegion = await c.request(
      `mutation { createCustomerAddress(input: { firstname: "B", lastname: "L", street: ["x"], city: "y",
        postcode: "1", country_code: US, telephone: "1" }) { id } }`,
    );
    expect(noRegion.errors?.[0]?.message).toBe(
      "A region_id is required for the specified country code",
    );
    const missing = await c.request(
      `mutation { createCustomerAddress(input: { firstname: "B" }) { id } }`,
    );
    expect(missing.errors?.[0]?.message).toBe(
      "Required parameters are missing: lastname, street, city, country_id, telephone",
    );
    expect(await c.request(DOCS.deleteCustomerAddress, { id: secondId })).toEqual({
      data: { deleteCustomerAddress: true },
    });
    const after = await c.request<{ customer: { addresses: { id: number }[] } }>(
      `{ customer { addresses { id } } }`,
    );
    expect(after.data?.customer.addresses.map((a) => a.id)).toEqual([first.id]);
  });

  it("addresses keep middlename, prefix, suffix, fax and vat_id; a customer may have no default shipping address", async () => {
    const store = await env.store();
    const { c } = await signUp(store, "extras@example.com");
    const fields = `id middlename prefix suffix fax vat_id default_shipping default_billing`;
    const created = await c.request<{ createCustomerAddress: Record<string, unknown> }>(
      `mutation { createCustomerAddress(input: { firstname: "Bob", middlename: "Q", lastname: "Loblaw",
        prefix: "Dr.", suffix: "Jr.", fax: "+1 555 0100", vat_id: "GB123456789",
        street: ["1 Main St"], city: "Austin", region: { region_code: "TX" }, country_code: US,
        postcode: "78701", telephone: "5550100" }) { ${fields} } }`,
    );
    expect(created.errors).toBeUndefined();
    // No default_shipping asked for: Magento's first address is no default, and neither is ours.
    expect(created.data?.createCustomerAddress).toMatchObject({
      middlename: "Q",
      prefix: "Dr.",
      suffix: "Jr.",
      fax: "+1 555 0100",
      vat_id: "GB123456789",
      default_shipping: false,
      default_billing: false,
    });
    const id = created.data?.createCustomerAddress.id as number;
    const me = `{ customer { default_shipping addresses { ${fields} } } }`;
    expect(
      (await c.request<{ customer: { default_shipping: unknown } }>(me)).data?.customer
        .default_shipping,
    ).toBeNull();
    // Laid over the stored address: fax changes, the rest stays; default_shipping true sets it.
    const upd = await c.request<{ updateCustomerAddress: Record<string, unknown> }>(
      `mutation { updateCustomerAddress(id: ${id}, input: { fax: "", default_shipping: true }) { ${fields} } }`,
    );
    expect(upd.data?.updateCustomerAddress).toMatchObject({
      middlename: "Q",
      fax: null,
      vat_id: "GB123456789",
      default_shipping: true,
    });
    // default_shipping: false unsets it: no default shipping address again.
    const unset = await c.request<{ updateCustomerAddress: Record<string, unknown> }>(
      `mutation { updateCustomerAddress(id: ${id}, input: { default_shipping: false }) { default_shipping } }`,
    );
    expect(unset.data?.updateCustomerAddress).toEqual({ default_shipping: false });
    const after = await c.request<{
      customer: { default_shipping: unknown; addresses: unknown[] };
    }>(me);
    expect(after.data?.customer.default_shipping).toBeNull();
    expect(after.data?.customer.addresses).toHaveLength(1);
    // With no default, the address can be deleted.
    expect(await c.request(DOCS.deleteCustomerAddress, { id })).toEqual({
      data: { deleteCustomerAddress: true },
    });
  });

  it("revokes the token; an expired token is refused too", async () => {
    const store = await env.store();
    const { c } = await signUp(store, "revoke@example.com");
    expect(await c.request(DOCS.revokeCustomerToken)).toEqual({
      data: { revokeCustomerToken: { result: true } },
    });
    const after = await c.request(DOCS.customer);
    expect(after.errors?.[0]).toMatchObject({
      message: "User token has been revoked",
      extensions: { category: "graphql-authentication" },
    });
    const again = await signUp(store, "revoke2@example.com");
    now += 3601_000;
    expect((await again.c.request(DOCS.customer)).errors?.[0]).toMatchObject({
      message: "Consumer key has expired",
      extensions: { category: "graphql-authentication" },
    });
    // A token never issued: no reader reads it (AuthenticationTest::testInvalidToken), even on a
    // query a guest may run.
    const invalid = await env.raw("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        store: store.code,
        authorization: "Bearer invalid_token",
      },
      body: JSON.stringify({
        query: `{ isEmailAvailable(email: "a@example.com") { is_email_available } }`,
      }),
    });
    expect(invalid.status).toBe(401);
    expect(await invalid.json()).toEqual({
      errors: [
        {
          message: "Composite reader could not read a token",
          extensions: { category: "graphql-authentication" },
        },
      ],
    });
  });

  it("an unknown Store code is refused with Magento's error, nothing written; no header is the default store", async () => {
    const before = await env.t.db.sql.query<{ n: string }>("SELECT count(*) AS n FROM customers");
    const r = await env.raw("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", store: "no_such_store" },
      body: JSON.stringify({ query: DOCS.createCustomerV2 }),
    });
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({
      errors: [
        { message: "Requested store is not found", extensions: { category: "graphql-input" } },
      ],
    });
    const after = await env.t.db.sql.query<{ n: string }>("SELECT count(*) AS n FROM customers");
    expect(after[0]!.n).toBe(before[0]!.n);
    // This database was not bootstrapped: there is no `default` store either.
    const none = await env.client(null).request(DOCS.customer);
    expect(none.errors?.[0]?.message).toBe("Requested store is not found");
  });

  it("a token of tenant A with tenant B's store code: 2.4.9 refuses it, 2.4.7 reads a guest", async () => {
    const a = await env.store();
    const { token } = await signUp(a, "tenant-a@example.com");
    const b = await env.store();
    const other = await env.client(b, token).request(DOCS.customer);
    expect(other).toEqual({
      errors: [
        {
          message: "Composite reader could not read a token",
          extensions: { category: "graphql-authentication" },
        },
      ],
    });
    const old = await env.store({ version: "2.4.7" });
    const r = await env.client(old, token).request(DOCS.customer);
    expect(r).toMatchObject({
      data: { customer: null },
      errors: [
        {
          message: "The current customer isn't authorized.",
          extensions: { category: "graphql-authorization" },
        },
      ],
    });
  });

  it("2.4.7 and 2.4.8 stores type Customer.id Int; 2.4.9 ID! (the uid)", async () => {
    for (const [version, expected] of [
      ["2.4.7", "number"],
      ["2.4.8", "number"],
      ["2.4.9", "string"],
    ] as const) {
      const store = await env.store({ version });
      const { c } = await signUp(store, `id-${version}@example.com`);
      const r = await c.request<{ customer: { id: unknown } }>(`{ customer { id } }`);
      expect(typeof r.data?.customer.id).toBe(expected);
    }
  });

  it("isEmailAvailable answers as 2.4.7+ does; deleteCustomer removes the account and its tokens", async () => {
    const store = await env.store({ config: { enable_guest_checkout_login: true } });
    const { c } = await signUp(store, "avail@example.com");
    const avail = (email: string) =>
      env.client(store).request(DOCS.isEmailAvailable, { email }, "GET");
    expect((await avail("avail@example.com")).data).toEqual({
      isEmailAvailable: { is_email_available: false },
    });
    expect((await avail("free@example.com")).data).toEqual({
      isEmailAvailable: { is_email_available: true },
    });
    expect((await avail("nope")).errors?.[0]?.message).toBe("Email is invalid");
    const plain = await env.store();
    await signUp(plain, "avail@example.com");
    expect(
      (await env.client(plain).request(DOCS.isEmailAvailable, { email: "avail@example.com" })).data,
    ).toEqual({
      isEmailAvailable: { is_email_available: true },
    });
    expect(await c.request(`mutation { deleteCustomer }`)).toEqual({
      data: { deleteCustomer: true },
    });
    expect((await c.request(DOCS.customer)).errors?.[0]?.extensions?.category).toBe(
      "graphql-authentication",
    );
  });

  it("a POST that is not JSON is refused as Magento's content-type validator does; mutations need POST", async () => {
    const store = await env.store();
    const r = await env.raw("/graphql", {
      method: "POST",
      headers: { "content-type": "text/plain", store: store.code },
      body: DOCS.createCustomerV2,
    });
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({
      errors: [
        {
          message: "Request content type must be application/json",
          extensions: { category: "graphql-input" },
        },
      ],
    });
    const get = await env.client(store).request(DOCS.createCustomerV2, undefined, "GET");
    expect(get.errors?.length).toBe(1);
    expect(get.data ?? null).toBeNull();
  });
});
