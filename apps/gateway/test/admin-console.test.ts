import { existsSync } from "node:fs";
import { createCore, createTenant } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import { DEFAULT_HTTP_LIMITS, type HttpServer, listen } from "@cg/dialect-kit/http-server";
import pino from "pino";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayApp, createMetrics, DIALECTS } from "../src/index.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);

// One browser for the whole file (one page per engine), launched on first use.
let browser: Promise<Browser> | undefined;
const launch = () => (browser ??= chromium.launch({ executablePath: CHROMIUM, headless: true }));
afterAll(async () => {
  if (browser) await (await browser).close();
});

// The admin console on a real gateway on loopback over a fresh database: sign-in, search, a
// customer written through two dialects seen through every dialect and in its history, credential
// creation and revocation in Chromium; refusals (no session, forged form posts, a read-only
// credential on admin pages) over plain HTTP.
describe.each(testEngines())("admin console on %s", (engine) => {
  let t: TestDb;
  let http: HttpServer;
  let base: string;
  const secrets: Record<string, string> = {};
  let customerId: string;
  let core: ReturnType<typeof createCore>;

  const gql = async (
    path: string,
    headers: Record<string, string>,
    query: string,
    vars: unknown,
  ) => {
    const r = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables: vars }),
    });
    expect(r.status, await r.clone().text()).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: GraphQL response JSON
    const body = (await r.json()) as { data: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  beforeAll(async () => {
    t = await createTestDb(engine);
    const log = pino({ level: "silent" });
    core = createCore(t.db, { dialects: DIALECTS });
    await createTenant(t.db, "acme", "Acme");
    const made = async (dialect: string, name: string, scopes?: string[]) => {
      const c = await core.credentials.create({
        tenant: "acme",
        dialect,
        name,
        ...(scopes ? { scopes } : {}),
      });
      if (!c.ok) throw new Error(c.error.message);
      return c.value.secret;
    };
    // The console's main user holds what the first-run credential holds (operator: every tenant);
    // "admin only" is a tenant admin, which manages its own tenant and creates no tenants.
    secrets.admin = await made("internal", "console admin", [
      "customers:read",
      "customers:write",
      "admin",
      "operator",
    ]);
    secrets.reader = await made("internal", "read only", ["customers:read"]);
    secrets.adminOnly = await made("internal", "admin only", ["admin"]);
    secrets.plain = await made("plain", "plain app");
    secrets.shopify = await made("shopify", "shopify app");
    // The Magento view reads the customer in one of the tenant's stores.
    const store = await core.stores.create({ tenant: "acme", code: "acme_store" });
    if (!store.ok) throw new Error(store.error.message);
    const app = createGatewayApp({ db: t.db, core, log, metrics: createMetrics() });
    http = await listen(app.fetch, {
      port: 0,
      host: "127.0.0.1",
      limits: DEFAULT_HTTP_LIMITS,
      log,
    });
    base = `http://127.0.0.1:${http.port}`;

    // Written through two dialects: Plain creates, Shopify updates.
    const p = await gql(
      "/plain/graphql/v1",
      { authorization: `Bearer ${secrets.plain}` },
      `mutation($input: UpsertCustomerInput!) { upsertCustomer(input: $input) { result customer { id } } }`,
      {
        input: {
          identifier: { emailAddress: "grace@example.com" },
          onCreate: {
            fullName: "Grace Hopper",
            email: { email: "grace@example.com", isVerified: true },
            externalId: "ext-grace",
          },
          onUpdate: {},
        },
      },
    );
    expect(p.upsertCustomer.result).toBe("CREATED");
    const s = await gql(
      "/shopify/admin/api/2025-10/graphql.json",
      { "x-shopify-access-token": secrets.shopify! },
      `mutation($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
        customerSet(identifier: $identifier, input: $input) { customer { id } userErrors { message } } }`,
      {
        identifier: { email: "grace@example.com" },
        input: {
          email: "grace@example.com",
          firstName: "Grace",
          lastName: "Brewster",
          tags: ["navy"],
        },
      },
    );
    expect(s.customerSet.userErrors).toEqual([]);
    // Someone else, so that the search has something to leave out.
    await gql(
      "/plain/graphql/v1",
      { authorization: `Bearer ${secrets.plain}` },
      `mutation($input: UpsertCustomerInput!) { upsertCustomer(input: $input) { result } }`,
      {
        input: {
          identifier: { emailAddress: "alan@example.com" },
          onCreate: {
            fullName: "Alan Turing",
            email: { email: "alan@example.com", isVerified: false },
          },
          onUpdate: {},
        },
      },
    );
    const found = await core.lookup(
      { tenantId: (await core.authenticate(secrets.admin))!.tenantId },
      { kind: "EMAIL", value: "grace@example.com" },
    );
    customerId = found.ok && found.value ? found.value.id : "";
    expect(customerId).not.toBe("");
  }, 120_000);
  afterAll(async () => {
    await http?.drain();
    await t?.dispose();
  });

  /** A signed-in session over plain HTTP: its cookie and the CSRF token of its pages. */
  const signIn = async (secret: string) => {
    const page = await fetch(`${base}/admin/sign-in`);
    const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]!);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const r = await fetch(`${base}/admin/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: cookie.join("; "), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, secret }),
    });
    expect(r.status).toBe(303);
    const session = r.headers.getSetCookie().find((c) => c.startsWith("cg_console="))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    const jar = session.split(";")[0]!;
    const home = await fetch(`${base}/admin/customers`, { headers: { cookie: jar } });
    const token = /name="_csrf" value="([^"]+)"/.exec(await home.text())![1]!;
    return { cookie: jar, csrf: token };
  };
  const post = (path: string, cookie: string, form: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });

  it("refuses without a session: pages redirect to sign-in, posts answer 401; CSP on every answer", async () => {
    for (const path of ["/admin", "/admin/customers", `/admin/customers/${customerId}`]) {
      const r = await fetch(`${base}${path}`, { redirect: "manual" });
      expect(r.status, path).toBe(303);
      expect(r.headers.get("location")).toBe("/admin/sign-in");
      expect(r.headers.get("content-security-policy")).toContain("default-src 'self'");
    }
    const signInPage = await fetch(`${base}/admin/sign-in`);
    const csp = signInPage.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const r = await post("/admin/tenants", "", { slug: "nope" });
    expect([401, 403]).toContain(r.status);
    const wrong = await signInPage.text();
    expect(wrong).not.toMatch(/<script|<style|style=/);
  });

  it("refuses a forged form post (no or a wrong CSRF token) and changes nothing", async () => {
    const s = await signIn(secrets.admin!);
    const before = await (
      await fetch(`${base}/admin/tenants`, { headers: { cookie: s.cookie } })
    ).text();
    expect(before).not.toContain("forged");
    const forged: Record<string, string>[] = [
      { slug: "forged" },
      { slug: "forged", _csrf: "x".repeat(43) },
    ];
    for (const form of forged) {
      const r = await post("/admin/tenants", s.cookie, form);
      expect(r.status).toBe(403);
    }
    // The sign-in form's own token does not stand in for the session's either.
    const other = await signIn(secrets.reader!);
    expect(
      (await post("/admin/tenants", s.cookie, { slug: "forged", _csrf: other.csrf })).status,
    ).toBe(403);
    const after = await (
      await fetch(`${base}/admin/tenants`, { headers: { cookie: s.cookie } })
    ).text();
    expect(after).not.toContain("forged");
    // The real token works.
    expect(
      (await post("/admin/tenants", s.cookie, { slug: "real-one", _csrf: s.csrf })).status,
    ).toBe(303);
    expect(
      await (await fetch(`${base}/admin/tenants`, { headers: { cookie: s.cookie } })).text(),
    ).toContain("real-one");
  });

  it("a read-only credential sees customers but no admin section, and gets 403 on them", async () => {
    const s = await signIn(secrets.reader!);
    const home = await (
      await fetch(`${base}/admin/customers`, { headers: { cookie: s.cookie } })
    ).text();
    expect(home).toContain("Grace Brewster");
    for (const href of [
      "/admin/tenants",
      "/admin/credentials",
      "/admin/stores",
      "/admin/retailers",
    ]) {
      expect(home).not.toContain(`href="${href}"`);
      const r = await fetch(`${base}${href}`, { headers: { cookie: s.cookie } });
      expect(r.status, href).toBe(403);
    }
    const r = await post("/admin/credentials", s.cookie, {
      _csrf: s.csrf,
      tenant: "acme",
      dialect: "internal",
    });
    expect(r.status).toBe(403);
    const admin = await (
      await fetch(`${base}/admin/customers`, {
        headers: { cookie: (await signIn(secrets.admin!)).cookie },
      })
    ).text();
    for (const href of [
      "/admin/tenants",
      "/admin/credentials",
      "/admin/stores",
      "/admin/retailers",
    ])
      expect(admin).toContain(`href="${href}"`);
  });

  it("an admin-only credential lands on its first section and gets 403 on customers", async () => {
    const s = await signIn(secrets.adminOnly!);
    const home = await fetch(`${base}/admin`, {
      headers: { cookie: s.cookie },
      redirect: "manual",
    });
    expect(home.headers.get("location")).toBe("/admin/tenants");
    const page = await (
      await fetch(`${base}/admin/tenants`, { headers: { cookie: s.cookie } })
    ).text();
    expect(page).not.toContain('href="/admin/customers"');
    const r = await fetch(`${base}/admin/customers/${customerId}`, {
      headers: { cookie: s.cookie },
    });
    expect(r.status).toBe(403);
    // A tenant admin creates no tenants, even with a good CSRF token (operator only).
    const made = await post("/admin/tenants", s.cookie, { slug: "by-admin", _csrf: s.csrf });
    expect(made.status).toBe(403);
    const tenants = await (
      await fetch(`${base}/admin/tenants`, { headers: { cookie: s.cookie } })
    ).text();
    expect(tenants).not.toContain("by-admin");
  });

  it("the Secure flag is set behind TLS (x-forwarded-proto: https)", async () => {
    const r = await fetch(`${base}/admin/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(r.headers.getSetCookie().join("\n")).toMatch(/Secure/);
    const plainHttp = await fetch(`${base}/admin/sign-in`);
    expect(plainHttp.headers.getSetCookie().join("\n")).not.toMatch(/Secure/);
  });

  describe.skipIf(!hasChromium)(
    `in Chromium${hasChromium ? "" : ` (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`}`,
    () => {
      let page: Page;
      beforeAll(async () => {
        const context = await (await launch()).newContext();
        page = await context.newPage();
        // Nothing but the gateway: a CDN or any other host would be a failure.
        const foreign: string[] = [];
        await page.route("**/*", (route) => {
          const url = route.request().url();
          if (url.startsWith(base)) return route.continue();
          foreign.push(url);
          return route.abort();
        });
        page.on("console", (m) => {
          // A refused sign-in (401) is logged by Chromium as a failed load; nothing else may be.
          if (m.type() === "error" && !m.text().includes("status of 401"))
            foreign.push(`console: ${m.text()}`);
        });
        (page as Page & { foreign?: string[] }).foreign = foreign;
      }, 60_000);
      afterAll(async () => {
        await page?.context().close();
      });

      it("signs in, searches, opens a customer written through Plain and Shopify, sees every dialect's view and both writes", async () => {
        await page.goto(`${base}/admin/customers`);
        expect(page.url()).toBe(`${base}/admin/sign-in`);
        await page.fill('input[name="secret"]', "cg_internal_wrong");
        await page.click('button[type="submit"]:has-text("Sign in")');
        expect(await page.textContent("[role=alert]")).toContain("Unknown or revoked secret");
        await page.fill('input[name="secret"]', secrets.admin!);
        await page.click('button[type="submit"]:has-text("Sign in")');
        expect(page.url()).toBe(`${base}/admin/customers`);
        expect(await page.textContent("body")).toContain("Alan Turing");

        // Search: name prefix, then a tag; each narrows to Grace.
        await page.fill('input[name="name"]', "Grac");
        await page.click('button:has-text("Search")');
        let rows = await page.locator("tbody tr").allTextContents();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toContain("grace@example.com");
        await page.fill('input[name="name"]', "");
        await page.fill('input[name="tag"]', "navy");
        await page.click('button:has-text("Search")');
        rows = await page.locator("tbody tr").allTextContents();
        expect(rows).toHaveLength(1);
        await page.fill('input[name="tag"]', "");
        await page.fill('input[name="externalId"]', "ext-grace");
        await page.click('button:has-text("Search")');
        expect(await page.locator("tbody tr").count()).toBe(1);
        await page.click("tbody tr a");
        expect(page.url()).toBe(`${base}/admin/customers/${customerId}`);

        // The canonical record's identifiers.
        const ids = page.locator('section[aria-label="Canonical record"] table tbody tr');
        const idRows = await ids.allTextContents();
        expect(idRows.some((r) => r.includes("EMAIL") && r.includes("grace@example.com"))).toBe(
          true,
        );
        expect(idRows.some((r) => r.includes("EXTERNAL_ID") && r.includes("ext-grace"))).toBe(true);

        // Every dialect's view, each in its own vendor's shape.
        const view = async (d: string) =>
          JSON.parse(
            (await page.locator(`section[aria-label="As ${d} answers it"] pre`).textContent())!,
          );
        const plain = await view("plain");
        expect(plain).toMatchObject({
          id: expect.stringMatching(/^c_/),
          fullName: "Grace Brewster",
          externalId: "ext-grace",
          email: { email: "grace@example.com", isVerified: true },
        });
        const shopify = await view("shopify");
        expect(shopify).toMatchObject({
          id: expect.stringMatching(/^gid:\/\/shopify\/Customer\/\d+$/),
          firstName: "Grace",
          lastName: "Brewster",
          tags: ["navy"],
          defaultEmailAddress: { emailAddress: "grace@example.com" },
        });
        const fluent = await view("fluent");
        expect(fluent).toMatchObject({ firstName: "Grace", lastName: "Brewster" });
        const magento = await view("magento");
        expect(magento).toMatchObject({
          firstname: "Grace",
          lastname: "Brewster",
          email: "grace@example.com",
        });
        const capillary = await view("capillary");
        expect(JSON.stringify(capillary)).toContain("grace@example.com");
        for (const d of DIALECTS)
          expect(page.locator(`section[aria-label="As ${d.name} answers it"]`)).toBeDefined();

        // The history: newest first, both writes with their dialect, credential name and changes.
        const events = await page.locator("tr.event").allTextContents();
        expect(events).toHaveLength(2);
        expect(events[0]).toContain("UPDATED v2");
        expect(events[0]).toContain("shopify · shopify app");
        expect(events[0]).toMatch(/lastName: Hopper → Brewster|lastName: — → Brewster/);
        expect(events[1]).toContain("CREATED v1");
        expect(events[1]).toContain("plain · plain app");
        expect(events[1]).toContain("fullName: — → Grace Hopper");
      });

      it("creates a credential (secret shown once), revokes it, and the revoked secret is refused", async () => {
        await page.goto(`${base}/admin/credentials`);
        await page.selectOption('select[name="dialect"]', "fluent");
        await page.fill('input[name="name"]', "fluent till");
        await page.click('button:has-text("Create credential")');
        const secret = (await page.textContent("#new-secret"))!.trim();
        expect(secret).toMatch(/^cg_fluent_/);
        const login = JSON.parse((await page.textContent("#new-login"))!);
        expect(Object.keys(login).length).toBeGreaterThan(0);
        // Shown once: the list page does not carry it.
        await page.goto(`${base}/admin/credentials`);
        expect(await page.content()).not.toContain(secret);
        const row = page.locator("tr", { hasText: "fluent till" });
        await row.locator('button:has-text("Revoke")').click();
        expect(page.url()).toBe(`${base}/admin/credentials`);
        expect(await page.locator("tr", { hasText: "fluent till" }).textContent()).toContain(
          "revoked",
        );

        // An internal credential created here signs in; revoked, its session ends.
        await page.selectOption('select[name="dialect"]', "internal");
        await page.fill('input[name="name"]', "second admin");
        await page.click('button:has-text("Create credential")');
        const internal = (await page.textContent("#new-secret"))!.trim();
        const s = await signIn(internal);
        expect(
          (await fetch(`${base}/admin/customers`, { headers: { cookie: s.cookie } })).status,
        ).toBe(200);
        await page.goto(`${base}/admin/credentials`);
        await page
          .locator("tr", { hasText: "second admin" })
          .locator('button:has-text("Revoke")')
          .click();
        const gone = await fetch(`${base}/admin/customers`, {
          headers: { cookie: s.cookie },
          redirect: "manual",
        });
        expect(gone.status).toBe(303);
      });

      it("creates a tenant, a store code and a retailer; signs out; loads nothing from elsewhere", async () => {
        await page.goto(`${base}/admin/tenants`);
        await page.fill('input[name="slug"]', "globex");
        await page.click('button:has-text("Create tenant")');
        expect(await page.locator("tbody").textContent()).toContain("globex");
        await page.goto(`${base}/admin/stores`);
        await page.fill('input[name="tenant"]', "globex");
        await page.fill('input[name="code"]', "globex_store");
        await page.click('button:has-text("Create store code")');
        expect(await page.locator("tbody").textContent()).toContain("globex_store");
        await page.goto(`${base}/admin/retailers?tenant=globex`);
        await page.fill('input[name="ref"]', "GLOBEX-R2");
        await page.click('button:has-text("Create retailer")');
        expect(await page.locator("tbody").textContent()).toContain("GLOBEX-R2");
        await page.click('button:has-text("Sign out")');
        expect(page.url()).toBe(`${base}/admin/sign-in`);
        await page.goto(`${base}/admin/customers`);
        expect(page.url()).toBe(`${base}/admin/sign-in`);
        expect((page as Page & { foreign?: string[] }).foreign).toEqual([]);
      });
    },
  );

  it("pages a search (next, previous), searches by email and phone, pages the history", async () => {
    const p = (await core.authenticate(secrets.admin!))!;
    const ctx = {
      tenantId: p.tenantId,
      actor: { dialect: "internal", credentialId: p.credentialId },
    };
    const items = Array.from({ length: 30 }, (_, i) => {
      const email = [{ kind: "EMAIL", value: `bulk${i}@example.com` }];
      return {
        lookup: email,
        onCreate: { firstName: `Bulk${i}`, tags: ["bulk"], identifiers: email },
      };
    });
    items.push({
      lookup: [{ kind: "PHONE", value: "+14155550123" }],
      onCreate: {
        firstName: "Phoebe",
        tags: [],
        identifiers: [{ kind: "PHONE", value: "+14155550123" }],
      },
    });
    for (const r of await core.upsertMany(ctx, items)) expect(r.ok).toBe(true);
    const s = await signIn(secrets.reader!);
    const get = async (href: string) => {
      const r = await fetch(`${base}${href.replaceAll("&amp;", "&")}`, {
        headers: { cookie: s.cookie },
      });
      expect(r.status, href).toBe(200);
      const html = await r.text();
      return {
        rows: html.match(/<tr><td><a href="\/admin\/customers\//g)?.length ?? 0,
        next: /<a rel="next" href="([^"]+)"/.exec(html)?.[1],
        prev: /<a rel="prev" href="([^"]+)"/.exec(html)?.[1],
        html,
      };
    };
    const one = await get("/admin/customers?tag=bulk");
    expect(one.rows).toBe(25);
    expect(one.prev).toBeUndefined();
    const two = await get(one.next!);
    expect(two.rows).toBe(5);
    expect(two.next).toBeUndefined();
    expect(two.next ?? two.html).toContain("tag=bulk");
    const back = await get(two.prev!);
    expect(back.rows).toBe(25);
    expect((await get("/admin/customers?email=BULK7%40Example.com")).html).toContain("Bulk7");
    const phone = await get("/admin/customers?phone=%2B1%20415%20555%200123");
    expect(phone.rows).toBe(1);
    expect(phone.html).toContain("Phoebe");
    const since = await get("/admin/customers?updatedSince=2999-01-01");
    expect(since.rows).toBe(0);

    // The history pages too: 22 events are 20 newest first, then the 2 oldest.
    const phoneKey = [{ kind: "PHONE", value: "+14155550123" }];
    for (let i = 1; i <= 21; i++) {
      const r = await core.upsert(ctx, { lookup: phoneKey, onUpdate: { firstName: `Phoebe${i}` } });
      expect(r.ok).toBe(true);
    }
    const href = /href="(\/admin\/customers\/[0-9A-Z]{26})"/.exec(phone.html)![1]!;
    const newest = await get(href);
    const events = (html: string) => html.match(/<tr class="event">/g)?.length ?? 0;
    expect(events(newest.html)).toBe(20);
    expect(newest.html).toContain("Phoebe20 → Phoebe21");
    const older = await get(newest.next!);
    expect(events(older.html)).toBe(2);
    expect(older.html).toContain("CREATED v1");
    expect(older.next).toBeUndefined();
  });
});
