/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { createCaller, createContextInner } from "@cg/api";
import {
  type Core,
  type Customer,
  type CustomerFilter,
  DEFAULT_STORE_VERSION,
  displayName,
  type Logger,
  normalizeEmail,
  normalizePhone,
  type Principal,
  primaryEmail,
  primaryPhone,
  STORE_VERSIONS,
} from "@cg/core";
import type { DialectDefinition, DialectServer, Route } from "@cg/dialect-kit";
import { TRPCError } from "@trpc/server";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  type Chrome,
  Csrf,
  ErrorBox,
  Json,
  Layout,
  MessagePage,
  NAV,
  type Sections,
  SignInPage,
  Table,
  valueText,
} from "./pages.tsx";
import {
  CSRF_FIELD,
  csrfToken,
  csrfValid,
  endSession,
  readSession,
  type Session,
  startSession,
} from "./session.ts";
import { CONSOLE_CSS } from "./style.ts";

export type Presenter = NonNullable<DialectServer<Route>["present"]>;

export interface ConsoleDeps {
  core: Core;
  log: Logger;
  /** The mounted dialects, in DIALECTS order: one view of a customer per dialect. */
  dialects: readonly DialectDefinition<Route>[];
  /** Each dialect's `present`, by name, as its mounted server built it (read per request). */
  presenters: ReadonlyMap<string, Presenter>;
}

type Caller = ReturnType<typeof createCaller>;
type Env = {
  Variables: { session: Session | null; caller: Caller; sections: Sections; csrf: string };
};

/** Every console answer: no inline script or style, no framing, forms only to ourselves. */
const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "cache-control": "no-store",
};

const PAGE = 25;
const HISTORY_PAGE = 20;

/** The tRPC error code of a failed call (UNKNOWN for anything not tRPC's). */
const codeOf = (err: unknown) => (err instanceof TRPCError ? err.code : "UNKNOWN");

/** What a refused call says, for the page: zod's issues by path, else the error's message. */
function messageOf(err: unknown): string {
  if (!(err instanceof TRPCError)) return "Internal error";
  const cause = err.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined;
  if (cause?.issues)
    return `Invalid input: ${cause.issues.map((i) => `${i.path.map(String).join(".") || "input"}: ${i.message}`).join("; ")}`;
  return err.code === "INTERNAL_SERVER_ERROR" ? "Internal error" : err.message;
}

const STATUS: Record<string, 400 | 401 | 403 | 404 | 409 | 500> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** Whether the caller may run the procedure: FORBIDDEN / UNAUTHORIZED say no, anything else yes. */
async function allowed(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    const code = codeOf(err);
    return code !== "FORBIDDEN" && code !== "UNAUTHORIZED";
  }
}

/**
 * The admin console at /admin: server-rendered pages (Hono JSX) whose forms work without script.
 * Every action is a call of the internal tRPC router (`createCaller`) as the signed-in credential,
 * so scopes apply exactly as on /trpc: a section whose procedures refuse the credential is not
 * linked, and opening it answers 403.
 */
export function createConsole(deps: ConsoleDeps) {
  const { core, log } = deps;
  const app = new Hono<Env>().basePath("/admin");
  // Which sections a session may open, probed once a minute per session (bounded).
  const sectionCache = new Map<string, { at: number; sections: Promise<Sections> }>();

  const probe = (caller: Caller, p: Principal): Promise<Sections> =>
    Promise.all([
      allowed(() => caller.customers.list({ first: 1, withTotal: false })),
      allowed(() => caller.tenants.list()),
      allowed(() => caller.credentials.list({ tenant: p.tenantSlug })),
      allowed(() => caller.stores.list({ tenant: p.tenantSlug })),
      allowed(() => caller.retailers.list({ tenant: p.tenantSlug })),
    ]).then(([customers, tenants, credentials, stores, retailers]) => ({
      customers,
      tenants,
      credentials,
      stores,
      retailers,
    }));

  const chrome = (c: Context<Env>): Chrome => {
    const s = c.get("session");
    return {
      csrf: c.get("csrf"),
      signedIn: s
        ? {
            tenant: s.principal.tenantSlug,
            credentialId: s.principal.credentialId,
            sections: c.get("sections"),
          }
        : null,
    };
  };
  const message = (c: Context<Env>, status: 400 | 401 | 403 | 404 | 409 | 500, text: string) =>
    c.html(
      <MessagePage
        chrome={chrome(c)}
        title={status === 403 ? "Forbidden" : status === 404 ? "Not found" : `Refused (${status})`}
        message={text}
      />,
      status,
    );
  /** A refused tRPC call as a page: its status, its message. */
  const refused = (c: Context<Env>, err: unknown) => {
    const status = STATUS[codeOf(err)] ?? 500;
    if (status === 500) log.error({ err }, "console: unexpected error");
    if (status === 401) return c.redirect("/admin/sign-in", 303);
    return message(c, status, messageOf(err));
  };
  const forbidden = (c: Context<Env>) =>
    message(c, 403, "This credential's scopes do not allow this page.");

  app.use("*", async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
  });

  app.get("/console.css", (c) =>
    c.body(CONSOLE_CSS, 200, { "content-type": "text/css; charset=utf-8" }),
  );

  // Session, caller and CSRF for every page; a POST must carry the form's CSRF token.
  app.use(
    "*",
    bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text("Request body too large", 413) }),
  );
  app.use("*", async (c, next) => {
    const session = await readSession(core, c);
    c.set("session", session);
    c.set("csrf", csrfToken(c, session));
    if (session) {
      const caller = createCaller(createContextInner({ core, principal: session.principal }));
      c.set("caller", caller);
      const now = Date.now();
      let hit = sectionCache.get(session.token);
      if (!hit || now - hit.at > 60_000) {
        if (sectionCache.size > 1000) sectionCache.clear();
        hit = { at: now, sections: probe(caller, session.principal) };
        sectionCache.set(session.token, hit);
      }
      c.set("sections", await hit.sections);
    }
    if (c.req.method === "POST") {
      const form = await c.req.parseBody();
      if (!csrfValid(c, session, form[CSRF_FIELD]))
        return message(c, 403, "The form's CSRF token is missing or wrong. Reload and try again.");
    }
    if (session || c.req.path === "/admin/sign-in") return next();
    if (c.req.method === "GET" || c.req.method === "HEAD") return c.redirect("/admin/sign-in", 303);
    return message(c, 401, "Sign in first.");
  });

  // The first section the credential may open (a credential with only `admin` has no customers).
  app.get("/", (c) => {
    if (!c.get("session")) return c.redirect("/admin/sign-in", 303);
    const first = NAV.find((n) => c.get("sections")[n.key]);
    return first
      ? c.redirect(first.href, 303)
      : message(c, 403, "This credential's scopes allow no section of the console.");
  });

  // Sign-in and sign-out.
  app.get("/sign-in", (c) =>
    c.get("session") ? c.redirect("/admin", 303) : c.html(<SignInPage chrome={chrome(c)} />),
  );
  app.post("/sign-in", async (c) => {
    const form = await c.req.parseBody();
    const secret = typeof form.secret === "string" ? form.secret.trim() : "";
    const p = secret ? await core.authenticate(secret) : null;
    if (p?.dialect !== "internal")
      return c.html(
        <SignInPage
          chrome={chrome(c)}
          error="Unknown or revoked secret, or not an internal credential."
        />,
        401,
      );
    await startSession(core, c, p);
    return c.redirect("/admin", 303);
  });
  app.post("/sign-out", async (c) => {
    const s = c.get("session");
    if (s) {
      sectionCache.delete(s.token);
      await endSession(core, c, s);
    }
    return c.redirect("/admin/sign-in", 303);
  });

  // Customers: search, and one customer beside each dialect's view of it, with its history.
  app.get("/customers", async (c) => {
    if (!c.get("sections").customers) return forbidden(c);
    const q = c.req.query();
    const f = (k: string) => (q[k] ?? "").trim();
    const terms: CustomerFilter[] = [];
    const problems: string[] = [];
    if (f("email")) {
      const n = normalizeEmail(f("email"));
      if (n.ok) terms.push({ identifier: { kind: "EMAIL", match: { equals: n.value } } });
      else problems.push(`email: ${n.error.message}`);
    }
    if (f("phone")) {
      const n = normalizePhone(f("phone"), ["phone"]);
      if (n.ok) terms.push({ identifier: { kind: "PHONE", match: { equals: n.value } } });
      else problems.push(`phone: ${n.error.message}`);
    }
    if (f("name")) {
      const prefix = { prefix: f("name") };
      terms.push({
        any: (["fullName", "firstName", "lastName"] as const).map((field) => ({
          field,
          match: prefix,
        })),
      });
    }
    if (f("tag")) terms.push({ tag: f("tag") });
    if (f("externalId"))
      terms.push({ identifier: { kind: "EXTERNAL_ID", match: { equals: f("externalId") } } });
    let updatedAfter: string | undefined;
    if (f("updatedSince")) {
      const d = new Date(f("updatedSince"));
      if (Number.isNaN(d.getTime())) problems.push("updated since: not a date");
      else updatedAfter = d.toISOString();
    }
    const keep = new URLSearchParams();
    for (const k of ["email", "phone", "name", "tag", "externalId", "updatedSince"])
      if (f(k)) keep.set(k, f(k));
    const link = (extra: Record<string, string>) =>
      `/admin/customers?${new URLSearchParams([...keep, ...Object.entries(extra)])}`;
    type ListPage = Awaited<ReturnType<Caller["customers"]["list"]>>;
    let page: ListPage | null = null;
    let error: string | null = problems.length ? problems.join("; ") : null;
    if (!error)
      try {
        page = await c.get("caller").customers.list({
          ...(f("before") ? { last: PAGE, before: f("before") } : { first: PAGE }),
          ...(f("after") && !f("before") ? { after: f("after") } : {}),
          ...(updatedAfter ? { updatedAfter } : {}),
          ...(terms.length ? { where: { all: terms } } : {}),
          sort: "updatedAt",
          descending: true,
        });
      } catch (err) {
        if (codeOf(err) !== "BAD_REQUEST") return refused(c, err);
        error = messageOf(err);
      }
    const field = (name: string, label: string, type = "text") => (
      <label>
        {label} <input type={type} name={name} value={f(name)} />
      </label>
    );
    const items = page?.items ?? [];
    return c.html(
      <Layout title="Customers" chrome={chrome(c)}>
        <form method="get" action="/admin/customers">
          <fieldset>
            {field("email", "Email")}
            {field("phone", "Phone")}
            {field("name", "Name starts with")}
            {field("tag", "Tag")}
            {field("externalId", "External id")}
            {field("updatedSince", "Updated since", "date")}
            <button type="submit">Search</button> <a href="/admin/customers">Clear</a>
          </fieldset>
        </form>
        <ErrorBox message={error} />
        {page ? (
          <>
            <p class="muted">
              {page.totalCount === null ? "" : `${page.totalCount} customers match.`}
            </p>
            <Table
              head={["Name", "Email", "Phone", "Tags", "Updated"]}
              rows={items.map(({ customer: x }) => [
                <a href={`/admin/customers/${encodeURIComponent(x.id)}`}>
                  {displayName(x as unknown as Customer) ?? x.id}
                </a>,
                primaryEmail(x as unknown as Customer)?.value ?? "",
                primaryPhone(x as unknown as Customer)?.value ?? "",
                x.tags.join(", "),
                x.updatedAt,
              ])}
            />
            <p class="pager">
              {page.hasPreviousPage && items[0] ? (
                <a rel="prev" href={link({ before: items[0].cursor })}>
                  ← Previous
                </a>
              ) : null}
              {page.hasNextPage && items.at(-1) ? (
                <a rel="next" href={link({ after: items.at(-1)!.cursor })}>
                  Next →
                </a>
              ) : null}
            </p>
          </>
        ) : null}
      </Layout>,
    );
  });

  app.get("/customers/:id", async (c) => {
    if (!c.get("sections").customers) return forbidden(c);
    const caller = c.get("caller");
    const id = c.req.param("id");
    const older = c.req.query("older");
    let customer: Awaited<ReturnType<Caller["customers"]["get"]>>;
    let history: Awaited<ReturnType<Caller["customers"]["history"]>>;
    try {
      customer = await caller.customers.get({ id });
      history = await caller.customers.history({
        id,
        first: HISTORY_PAGE,
        newestFirst: true,
        ...(older ? { after: older } : {}),
      });
    } catch (err) {
      return refused(c, err);
    }
    const session = c.get("session")!;
    // The record dialects translate from: the stored customer (its password hash is never shown).
    const { hasPassword, ...stored } = customer;
    const record = { ...stored, passwordHash: null } as Customer;
    const views = await Promise.all(
      deps.dialects.map(async (d) => {
        const present = deps.presenters.get(d.name);
        if (!present) return { dialect: d.name, view: null, note: "no view" };
        const viewer: Principal = {
          ...session.principal,
          dialect: d.name as Principal["dialect"],
          scopes: [...d.scopes.all],
        };
        try {
          return { dialect: d.name, view: await present(record, viewer), note: null };
        } catch (err) {
          log.error({ err, dialect: d.name }, "console: dialect view failed");
          return { dialect: d.name, view: null, note: "this dialect's view failed (logged)" };
        }
      }),
    );
    const base = `/admin/customers/${encodeURIComponent(id)}`;
    return c.html(
      <Layout title={displayName(record) ?? customer.id} chrome={chrome(c)}>
        <div class="columns">
          <section aria-label="Canonical record">
            <h2>Canonical record</h2>
            <p>
              <code>{customer.id}</code> · number {customer.number} · version {customer.version}
              {hasPassword ? " · has a password" : ""}
            </p>
            <h3>Identifiers</h3>
            <Table
              head={["Kind", "Namespace", "Value", "Primary", "Verified"]}
              rows={customer.identifiers.map((i) => [
                i.kind,
                i.namespace || "—",
                i.value,
                i.primary ? "yes" : "no",
                i.verifiedAt ?? "no",
              ])}
            />
            <h3>Record</h3>
            <Json value={customer} />
          </section>
          {views.map((v) => (
            <section class="dialect" aria-label={`As ${v.dialect} answers it`}>
              <h2>{`As ${v.dialect}`}</h2>
              {v.note ? <p class="muted">{v.note}</p> : <Json value={v.view} />}
            </section>
          ))}
        </div>
        <section aria-label="History">
          <h2>History (newest first)</h2>
          <Table
            head={["When", "What", "Who", "Changes (before → after)"]}
            rowAttrs={history.items.map(() => ({ class: "event" }))}
            rows={history.items.map((e) => [
              e.createdAt,
              `${e.result} v${e.version}`,
              <>
                {e.dialect}
                {e.credentialName ? ` · ${e.credentialName}` : ""}
                {e.attribution ? ` · for ${e.attribution}` : ""}
              </>,
              <ul>
                {e.changes.map((ch) => (
                  <li>
                    <code>{ch.field}</code>
                    {`: ${valueText(ch.before)} → ${valueText(ch.after)}`}
                  </li>
                ))}
              </ul>,
            ])}
          />
          <p class="pager">
            {older ? <a href={base}>Newest</a> : null}
            {history.hasNextPage && history.endCursor ? (
              <a rel="next" href={`${base}?older=${encodeURIComponent(history.endCursor)}`}>
                Older →
              </a>
            ) : null}
          </p>
        </section>
      </Layout>,
    );
  });

  mountAdmin(app, deps, { chrome, refused, forbidden });
  return app;
}

interface Helpers {
  chrome: (c: Context<Env>) => Chrome;
  refused: (c: Context<Env>, err: unknown) => Response | Promise<Response>;
  forbidden: (c: Context<Env>) => Response | Promise<Response>;
}

const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** The `admin` sections: tenants, credentials, Magento store codes, Fluent retailers. */
function mountAdmin(app: Hono<Env>, deps: ConsoleDeps, h: Helpers) {
  const { chrome, refused, forbidden } = h;
  const csrf = (c: Context<Env>) => <Csrf token={c.get("csrf")} />;

  // Tenants.
  const tenantsPage = async (c: Context<Env>, error?: string) => {
    let tenants: Awaited<ReturnType<Caller["tenants"]["list"]>>;
    try {
      tenants = await c.get("caller").tenants.list();
    } catch (err) {
      return refused(c, err);
    }
    return c.html(
      <Layout title="Tenants" chrome={chrome(c)}>
        <ErrorBox message={error} />
        <Table
          head={["Slug", "Name", "Created"]}
          rows={tenants.map((t) => [t.slug, t.name, t.createdAt])}
        />
        <h2>New tenant</h2>
        <form method="post" action="/admin/tenants">
          {csrf(c)}
          <fieldset>
            <label>
              Slug <input name="slug" required />
            </label>
            <label>
              Name <input name="name" />
            </label>
            <button type="submit">Create tenant</button>
          </fieldset>
        </form>
      </Layout>,
      error ? 400 : 200,
    );
  };
  app.get("/tenants", (c) => (c.get("sections").tenants ? tenantsPage(c) : forbidden(c)));
  app.post("/tenants", async (c) => {
    const form = await c.req.parseBody();
    try {
      await c.get("caller").tenants.create({
        slug: str(form.slug),
        ...(str(form.name) ? { name: str(form.name) } : {}),
      });
    } catch (err) {
      if (codeOf(err) === "BAD_REQUEST" || codeOf(err) === "CONFLICT")
        return tenantsPage(c, messageOf(err));
      return refused(c, err);
    }
    return c.redirect("/admin/tenants", 303);
  });

  // Credentials: the secret (and a dialect's login) is shown once, on the page the create answers.
  const dialectNames = ["internal", ...deps.dialects.map((d) => d.name)];
  const credentialsPage = async (
    c: Context<Env>,
    extra: { error?: string; created?: Awaited<ReturnType<Caller["credentials"]["create"]>> } = {},
  ) => {
    let list: Awaited<ReturnType<Caller["credentials"]["list"]>>;
    try {
      list = await c.get("caller").credentials.list();
    } catch (err) {
      return refused(c, err);
    }
    const me = c.get("session")!.principal;
    const made = extra.created;
    return c.html(
      <Layout title="Credentials" chrome={chrome(c)}>
        <ErrorBox message={extra.error} />
        {made ? (
          <div class="once" role="status">
            <p>
              {`Credential ${made.name} (${made.dialect}, tenant ${made.tenantSlug}) created. Its secret is shown this once:`}
            </p>
            <pre id="new-secret">{made.secret}</pre>
            {made.login ? (
              <>
                <p>Its login (what the vendor's client is configured with), also shown once:</p>
                <pre id="new-login">{JSON.stringify(made.login, null, 2)}</pre>
              </>
            ) : null}
          </div>
        ) : null}
        <Table
          head={["Name", "Tenant", "Dialect", "Scopes", "Prefix", "Created", "Status"]}
          rowAttrs={list.map((x) => ({ "data-credential": x.id }))}
          rows={list.map((x) => [
            x.name,
            x.tenantSlug,
            x.dialect,
            x.scopes.join(" "),
            <code>{x.prefix}</code>,
            x.createdAt,
            x.revokedAt ? (
              `revoked ${x.revokedAt}`
            ) : x.id === me.credentialId ? (
              "active (this session)"
            ) : (
              <form
                class="inline"
                method="post"
                action={`/admin/credentials/${encodeURIComponent(x.id)}/revoke`}
              >
                {csrf(c)}
                active <button type="submit">Revoke</button>
              </form>
            ),
          ])}
        />
        <h2>New credential</h2>
        <form method="post" action="/admin/credentials">
          {csrf(c)}
          <fieldset>
            <label>
              Tenant <input name="tenant" required value={me.tenantSlug} />
            </label>
            <label>
              Dialect{" "}
              <select name="dialect">
                {dialectNames.map((d) => (
                  <option value={d}>{d}</option>
                ))}
              </select>
            </label>
            <label>
              Name <input name="name" />
            </label>
            <label>
              Scopes{" "}
              <input name="scopes" size={40} placeholder="space-separated; blank: defaults" />
            </label>
            <button type="submit">Create credential</button>
          </fieldset>
        </form>
        <p class="muted">
          Scopes by dialect:{" "}
          {deps.dialects.map((d) => `${d.name}: ${d.scopes.all.join(" ") || "none"}`).join(" · ")}
        </p>
      </Layout>,
      extra.error ? 400 : made ? 201 : 200,
    );
  };
  app.get("/credentials", (c) =>
    c.get("sections").credentials ? credentialsPage(c) : forbidden(c),
  );
  app.post("/credentials", async (c) => {
    const form = await c.req.parseBody();
    const scopes = str(form.scopes)
      .split(/[\s,]+/)
      .filter(Boolean);
    try {
      const created = await c.get("caller").credentials.create({
        tenant: str(form.tenant),
        dialect: str(form.dialect),
        ...(str(form.name) ? { name: str(form.name) } : {}),
        ...(scopes.length ? { scopes } : {}),
      });
      return credentialsPage(c, { created });
    } catch (err) {
      const code = codeOf(err);
      if (code === "BAD_REQUEST" || code === "NOT_FOUND" || code === "CONFLICT")
        return credentialsPage(c, { error: messageOf(err) });
      return refused(c, err);
    }
  });
  app.post("/credentials/:id/revoke", async (c) => {
    try {
      await c.get("caller").credentials.revoke({ id: c.req.param("id") });
    } catch (err) {
      return refused(c, err);
    }
    return c.redirect("/admin/credentials", 303);
  });

  // Magento store codes.
  const storesPage = async (c: Context<Env>, error?: string) => {
    let stores: Awaited<ReturnType<Caller["stores"]["list"]>>;
    try {
      stores = await c.get("caller").stores.list();
    } catch (err) {
      return refused(c, err);
    }
    const me = c.get("session")!.principal;
    return c.html(
      <Layout title="Magento store codes" chrome={chrome(c)}>
        <ErrorBox message={error} />
        <Table
          head={["Code", "Tenant", "Version", "Config"]}
          rows={stores.map((s) => [
            s.code,
            s.tenantSlug,
            s.version,
            <code>{JSON.stringify(s.config)}</code>,
          ])}
        />
        <h2>New store code</h2>
        <form method="post" action="/admin/stores">
          {csrf(c)}
          <fieldset>
            <label>
              Tenant <input name="tenant" required value={me.tenantSlug} />
            </label>
            <label>
              Code <input name="code" required />
            </label>
            <label>
              Version{" "}
              <select name="version">
                {STORE_VERSIONS.map((v) => (
                  <option value={v} selected={v === DEFAULT_STORE_VERSION}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">Create store code</button>
          </fieldset>
        </form>
      </Layout>,
      error ? 400 : 200,
    );
  };
  app.get("/stores", (c) => (c.get("sections").stores ? storesPage(c) : forbidden(c)));
  app.post("/stores", async (c) => {
    const form = await c.req.parseBody();
    const version = STORE_VERSIONS.find((v) => v === str(form.version));
    try {
      await c.get("caller").stores.create({
        tenant: str(form.tenant),
        code: str(form.code),
        ...(version ? { version } : {}),
      });
    } catch (err) {
      const code = codeOf(err);
      if (code === "BAD_REQUEST" || code === "NOT_FOUND" || code === "CONFLICT")
        return storesPage(c, messageOf(err));
      return refused(c, err);
    }
    return c.redirect("/admin/stores", 303);
  });

  // Fluent retailers, per tenant.
  const retailersPage = async (c: Context<Env>, tenant: string, error?: string) => {
    let retailers: Awaited<ReturnType<Caller["retailers"]["list"]>>;
    try {
      retailers = await c.get("caller").retailers.list({ tenant });
    } catch (err) {
      const own = c.get("session")!.principal.tenantSlug;
      if (tenant !== own && (codeOf(err) === "NOT_FOUND" || codeOf(err) === "BAD_REQUEST"))
        return retailersPage(c, c.get("session")!.principal.tenantSlug, messageOf(err));
      return refused(c, err);
    }
    return c.html(
      <Layout title="Fluent retailers" chrome={chrome(c)}>
        <ErrorBox message={error} />
        <form method="get" action="/admin/retailers">
          <fieldset>
            <label>
              Tenant <input name="tenant" value={tenant} />
            </label>
            <button type="submit">Show</button>
          </fieldset>
        </form>
        <Table
          head={["Id", "Ref", "Created"]}
          rows={retailers.map((r) => [r.id, r.ref, r.createdAt])}
        />
        <h2>New retailer</h2>
        <form method="post" action="/admin/retailers">
          {csrf(c)}
          <fieldset>
            <input type="hidden" name="tenant" value={tenant} />
            <label>
              Ref <input name="ref" />
            </label>
            <button type="submit">Create retailer</button>
          </fieldset>
        </form>
      </Layout>,
      error ? 400 : 200,
    );
  };
  app.get("/retailers", (c) =>
    c.get("sections").retailers
      ? retailersPage(c, c.req.query("tenant")?.trim() || c.get("session")!.principal.tenantSlug)
      : forbidden(c),
  );
  app.post("/retailers", async (c) => {
    const form = await c.req.parseBody();
    const tenant = str(form.tenant) || c.get("session")!.principal.tenantSlug;
    try {
      await c.get("caller").retailers.create({
        tenant,
        ...(str(form.ref) ? { ref: str(form.ref) } : {}),
      });
    } catch (err) {
      const code = codeOf(err);
      if (code === "BAD_REQUEST" || code === "NOT_FOUND" || code === "CONFLICT")
        return retailersPage(c, c.get("session")!.principal.tenantSlug, messageOf(err));
      return refused(c, err);
    }
    return c.redirect(`/admin/retailers?tenant=${encodeURIComponent(tenant)}`, 303);
  });
}
