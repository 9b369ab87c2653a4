import { createHash } from "node:crypto";
import { type Core, createCore } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../src/dialects.ts";
import { createGatewayApp, createMetrics } from "../src/index.ts";

// #16: a seeded fuzz of every endpoint through the gateway's Hono app (in process, no socket), on
// each engine. Valid requests, mutated (wrong types, missing and extra fields, huge and odd
// strings, unicode, nulls, bad JSON, wrong content types and methods, bad auth headers, deep
// nesting), then: no 5xx, no stack trace or file path in any body, every answer in the endpoint's
// shape, and the customers (and, where the answer says CREATED/UPDATED, the events) in the
// endpoint's tenant exactly those the answers acknowledged.
//
// CG_FUZZ_CASES cases per endpoint (default 2000), CG_FUZZ_SEED the seed (default 16).
const CASES = Number(process.env.CG_FUZZ_CASES ?? 2000);
const SEED = Number(process.env.CG_FUZZ_SEED ?? 16);

/** mulberry32: a small seeded PRNG, so every run sends the same requests. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Rng = ReturnType<typeof prng>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** A JSON value (sent as JSON), or raw text. */
  body?: Json | { raw: string };
}

const ODD_STRINGS = [
  "",
  " ",
  "null",
  "0",
  "-1",
  "1e309",
  "true",
  "ünïcödé",
  "名前",
  "‮evil",
  "a\u200bb",
  "\u0000",
  "\ud800",
  "🙂".repeat(50),
  "x".repeat(256),
  "y".repeat(5000),
  "z".repeat(70_000),
  "'; DROP TABLE customers; --",
  "<script>alert(1)</script>",
  "%00%ff",
  "{{7*7}}",
  "$" + "{jndi:ldap://x}",
  "a@b",
  "@example.com",
  "+1",
  "+99999999999999999999",
  "__proto__",
  "constructor",
  "gid://shopify/Customer/1",
  "c_01J0000000000000000000000",
];

function oddValue(r: Rng, depth = 0): Json {
  switch (r.int(10)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return r.next() < 0.5;
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return depth < 2 ? [oddValue(r, depth + 1), oddValue(r, depth + 1)] : "arr";
    case 6:
      return nested(r.pick([5, 50, 500, 3000]), r.next() < 0.5);
    case 7:
      return depth < 2 ? { [r.pick(ODD_STRINGS).slice(0, 64)]: oddValue(r, depth + 1) } : "obj";
    default:
      return r.pick(ODD_STRINGS);
  }
}

function nested(levels: number, arrays: boolean): Json {
  let v: Json = "deep";
  for (let i = 0; i < levels; i++) v = arrays ? [v] : { a: v };
  return v;
}

/** The paths of every node below `v` (objects' keys and arrays' indexes). */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []) {
  if (out.length > 200) return out;
  const step = (k: string | number, x: Json) => {
    out.push([...at, k]);
    paths(x, [...at, k], out);
  };
  if (Array.isArray(v)) v.forEach((x, i) => step(i, x));
  else if (v && typeof v === "object") for (const k of Object.keys(v)) step(k, v[k]!);
  return out;
}

/** A copy of `v` with the node at `path` replaced (`undefined`: removed). */
function setAt(v: Json, path: (string | number)[], to: Json | undefined): Json {
  if (!path.length) return to === undefined ? null : to;
  const [k, ...rest] = path;
  if (Array.isArray(v)) {
    const copy = [...v];
    if (rest.length) copy[k as number] = setAt(copy[k as number]!, rest, to);
    else if (to === undefined) copy.splice(k as number, 1);
    else copy[k as number] = to;
    return copy;
  }
  if (v && typeof v === "object") {
    const copy = { ...v };
    if (rest.length) copy[k as string] = setAt(copy[k as string]!, rest, to);
    else if (to === undefined) delete copy[k as string];
    else copy[k as string] = to;
    return copy;
  }
  return v;
}

/** GraphQL documents broken in the ways clients break them. */
function oddQuery(r: Rng, q: string): string {
  switch (r.int(8)) {
    case 0:
      return q.slice(0, r.int(q.length));
    case 1: {
      const i = r.int(q.length);
      return (
        q.slice(0, i) +
        r.pick(["{", "}", "(", ")", "$", "!", "@", '"', "#", "...", "\\"]) +
        q.slice(i)
      );
    }
    case 2:
      return `{ ${"a: __typename ".repeat(r.pick([10, 500, 3000]))}}`;
    case 3:
      return `{ ${"__schema { types { fields { type { ofType { ".repeat(r.pick([3, 30]))} name ${"} ".repeat(200)}`;
    case 4:
      return `${q}\n${q}`;
    case 5:
      return `query Q { __typename } mutation Q { __typename }`;
    case 6:
      return `# ${"c".repeat(r.pick([100, 200_000]))}\n{ __typename }`;
    default:
      return r.pick(ODD_STRINGS);
  }
}

const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/graphql",
  "application/xml",
  "",
];

/** 1–3 mutations of a valid request (or none: about a quarter are sent as they are). */
function mutate(r: Rng, req: Req, graphql: boolean): Req {
  if (r.next() < 0.25) return req;
  let out: Req = { ...req, headers: { ...req.headers } };
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const body = out.body;
    const json = body !== undefined && !(body && typeof body === "object" && "raw" in body);
    switch (r.int(12)) {
      case 0:
      case 1:
      case 2: {
        // A node of the body (or a GET input) replaced by an odd value, removed, or given a sibling.
        if (!json) break;
        const ps = paths(body as Json);
        if (!ps.length) {
          out.body = oddValue(r);
          break;
        }
        const p = r.pick(ps);
        const k = r.int(3);
        out.body =
          k === 0
            ? setAt(body as Json, p, oddValue(r))
            : k === 1
              ? setAt(body as Json, p, undefined)
              : setAt(body as Json, [...p.slice(0, -1), `extra${r.int(3)}`], oddValue(r));
        break;
      }
      case 3:
        if (graphql && json && body && typeof body === "object" && !Array.isArray(body))
          out.body = {
            ...body,
            query: oddQuery(r, String((body as { query?: Json }).query ?? "")),
          };
        else out.body = oddValue(r);
        break;
      case 4: {
        // Bad JSON.
        const text = json ? JSON.stringify(body) : "{}";
        out.body = {
          raw: r.pick([
            text.slice(0, Math.max(0, text.length - 1 - r.int(10))),
            `${text},`,
            "{",
            "[1,2",
            "\u0000",
            "nul",
            `{"a":${"[".repeat(5000)}`,
            text.replace(/"/g, "'"),
            `\ufeff${text}`,
          ]),
        };
        break;
      }
      case 5:
        out.headers["content-type"] = r.pick(CONTENT_TYPES);
        if (out.headers["content-type"] === "") delete out.headers["content-type"];
        break;
      case 6: {
        // Bad auth headers (Latin-1 only: a Request refuses other header bytes itself).
        const h = r.pick(["authorization", "x-shopify-access-token", "store"]);
        const v = r.pick([
          "",
          "Bearer",
          "Bearer ",
          "Bearer cg_internal_nope",
          "Basic !!!",
          `Basic ${Buffer.from("till:").toString("base64")}`,
          "bearer   x y z",
          "x".repeat(4000),
          "Bearer \u00ff\u00fe",
          "default",
          "DEFAULT",
          "no_such_store",
        ]);
        if (r.next() < 0.3) delete out.headers[h];
        else out.headers[h] = v;
        break;
      }
      case 7:
        out.method = r.pick(["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
        break;
      case 8:
        // The whole body an odd value (a list, a string, a number, deep nesting).
        out.body = oddValue(r);
        break;
      case 9:
        // Over the caps: the gateway's 1 MiB (tRPC), the dialects' own (2 KB to 2 MB).
        out.body = {
          raw: "x".repeat(r.next() < 0.8 ? 100 + r.int(4000) : r.pick([1_100_000, 2_200_000])),
        };
        break;
      case 10:
        out = {
          ...out,
          path: out.path + r.pick(["/", "x", "?a=%zz", "//", "%00", "?input=%7B", "/%2e%2e"]),
        };
        break;
      default:
        if (graphql && json && body && typeof body === "object" && !Array.isArray(body))
          out.body = { ...body, operationName: oddValue(r), variables: oddValue(r) };
        else delete out.body;
    }
  }
  return out;
}

async function send(app: ReturnType<typeof createGatewayApp>, req: Req): Promise<Response> {
  const hasBody = req.body !== undefined && req.method !== "GET" && req.method !== "HEAD";
  const body = !hasBody
    ? undefined
    : req.body && typeof req.body === "object" && "raw" in req.body
      ? String((req.body as { raw: string }).raw)
      : JSON.stringify(req.body);
  return app.fetch(
    new Request(`http://gateway.test${req.path}`, {
      method: req.method,
      headers: req.headers,
      ...(body === undefined ? {} : { body }),
    }),
  );
}

/** Stack frames, source paths, module paths: none may reach a client. */
const LEAK =
  /\n\s+at |\bat (?:async )?[\w$.<>]+ \(|node_modules|\/work\/|\/home\/|file:\/\/|\.[cm]?[jt]sx?:\d+(?::\d+)?\b|\bat \//;

type Ack = { key: string; result?: string };
interface Target {
  name: string;
  graphql: boolean;
  /** Valid requests of case n (identifiers unique to it). */
  seeds(n: number): Req[];
  /** Why the answer is not in the endpoint's shape, or null. */
  shape(status: number, body: unknown): string | null;
  /** The customers a successful answer acknowledges writing (and the result it said). */
  acks(req: Req, body: unknown): Ack[];
  /** The answer states CREATED/UPDATED/NOOP: events are checked too. */
  results?: boolean;
  tenantId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the checks walk arbitrary response JSON
type Any = any;
const isObj = (v: unknown): v is Record<string, Any> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** `{data?, errors?, extensions?}`, each error with a string message, checked further by `each`. */
function graphqlShape(body: unknown, each: (e: Any) => string | null): string | null {
  if (!isObj(body)) return "not an object";
  const extra = Object.keys(body).filter((k) => !["data", "errors", "extensions"].includes(k));
  if (extra.length) return `keys ${extra}`;
  if (!("data" in body) && !("errors" in body)) return "neither data nor errors";
  if ("errors" in body) {
    if (!Array.isArray(body.errors) || !body.errors.length) return "errors not a non-empty list";
    for (const e of body.errors) {
      if (!isObj(e) || typeof e.message !== "string") return "error without a message";
      const bad = each(e);
      if (bad) return bad;
    }
  }
  return null;
}

describe.each(testEngines())("seeded fuzz of every endpoint on %s", (engine) => {
  let t: TestDb;
  let core: Core;
  let app: ReturnType<typeof createGatewayApp>;
  const targets: Target[] = [];
  /** Every error the gateway logged (unexpected failures are logged, then masked). */
  const errorLogs: string[] = [];

  const tenant = async (slug: string) => {
    const r = await core.tenants.create(slug);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.id;
  };
  const credential = async (tenantSlug: string, dialect: string) => {
    const c = await core.credentials.create({ tenant: tenantSlug, dialect });
    if (!c.ok) throw new Error(c.error.message);
    return c.value;
  };

  beforeAll(async () => {
    t = await createTestDb(engine);
    core = createCore(t.db, { dialects: DIALECTS });
    app = createGatewayApp({
      db: t.db,
      core,
      log: pino({ level: "error" }, { write: (line: string) => void errorLogs.push(line) }),
      metrics: createMetrics(),
    });

    // tRPC
    {
      const tenantId = await tenant("fz-trpc");
      const { secret } = await credential("fz-trpc", "internal");
      const auth = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
      const upsert = (n: number): Json => ({
        lookup: [{ kind: "EMAIL", value: `t${n}@fuzz.example` }],
        onCreate: {
          firstName: "Ann",
          identifiers: [{ kind: "EMAIL", value: `t${n}@fuzz.example` }],
        },
        onUpdate: { lastName: `L${n % 3}` },
      });
      const get = (proc: string, input: Json): Req => ({
        method: "GET",
        path: `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`,
        headers: { authorization: auth.authorization },
      });
      targets.push({
        name: "trpc",
        graphql: false,
        tenantId,
        results: true,
        seeds: (n): Req[] => [
          { method: "POST", path: "/trpc/customers.upsert", headers: auth, body: upsert(n) },
          { method: "POST", path: "/trpc/customers.upsert", headers: auth, body: upsert(n - 1) },
          {
            method: "POST",
            path: "/trpc/customers.upsertMany",
            headers: auth,
            body: { items: [upsert(n), upsert(n + 100_000)] },
          },
          get("customers.list", { first: 5, where: { tag: "x" } }),
          get("customers.lookup", { kind: "EMAIL", value: `t${n - 1}@fuzz.example` }),
          {
            method: "POST",
            path: "/trpc/groups.create",
            headers: auth,
            body: { key: `g${n}`, name: "G" },
          },
          { method: "POST", path: "/trpc/nope.nope", headers: auth, body: {} },
        ],
        shape(status, body) {
          if (!isObj(body)) return "not an object";
          if ("result" in body) return status === 200 && isObj(body.result) ? null : "result";
          const e = body.error;
          if (!isObj(e) || typeof e.message !== "string" || typeof e.code !== "number")
            return "no tRPC error envelope";
          if (!isObj(e.data) || typeof e.data.code !== "string") return "no error data.code";
          if (e.data.httpStatus !== status) return `httpStatus ${e.data.httpStatus} ≠ ${status}`;
          if ("stack" in e.data) return "stack in data";
          return null;
        },
        acks(req, body) {
          const b = body as Any;
          if (!isObj(b) || !isObj(b.result)) return [];
          const data = b.result.data;
          if (req.path.startsWith("/trpc/customers.upsertMany"))
            return Array.isArray(data)
              ? data
                  .filter((x: Any) => x.ok)
                  .map((x: Any) => ({ key: x.customer.id, result: x.result }))
              : [];
          if (req.path.startsWith("/trpc/customers.upsert") && isObj(data) && data.customer)
            return [{ key: data.customer.id, result: data.result }];
          return [];
        },
      });
    }

    // Plain
    {
      const tenantId = await tenant("fz-plain");
      const { secret } = await credential("fz-plain", "plain");
      const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
      const UPSERT = `mutation($input: UpsertCustomerInput!) { upsertCustomer(input: $input) { result customer { id fullName email { email } } error { message type code fields { field message type } } } }`;
      targets.push({
        name: "plain",
        graphql: true,
        tenantId,
        results: true,
        seeds: (n): Req[] => [
          {
            method: "POST",
            path: "/plain/graphql/v1",
            headers,
            body: {
              query: UPSERT,
              variables: {
                input: {
                  identifier: { emailAddress: `p${n}@fuzz.example` },
                  onCreate: {
                    fullName: "Ada Lovelace",
                    email: { email: `p${n}@fuzz.example`, isVerified: true },
                    externalId: `ext-${n}`,
                  },
                  onUpdate: { fullName: { value: `Ada ${n % 3}` } },
                },
              },
            },
          },
          {
            method: "POST",
            path: "/plain/graphql/v1",
            headers,
            body: {
              query: `query($e: String!) { customerByEmail(email: $e) { id fullName } }`,
              variables: { e: `p${n - 1}@fuzz.example` },
            },
          },
          {
            method: "POST",
            path: "/plain/graphql/v1",
            headers,
            body: { query: `{ customers(first: 3) { edges { node { id } } totalCount } }` },
          },
        ],
        shape: (_s, body) =>
          graphqlShape(body, (e) =>
            isObj(e.extensions) && typeof e.extensions.code === "string" ? null : "no Plain code",
          ),
        acks(_req, body) {
          const u = (body as Any)?.data?.upsertCustomer;
          return u?.customer && u.result
            ? [{ key: u.customer.id.replace(/^c_/, ""), result: u.result }]
            : [];
        },
      });
    }

    // Shopify
    {
      const tenantId = await tenant("fz-shopify");
      const { secret } = await credential("fz-shopify", "shopify");
      const headers = { "x-shopify-access-token": secret, "content-type": "application/json" };
      const path = "/shopify/admin/api/2025-10/graphql.json";
      targets.push({
        name: "shopify",
        graphql: true,
        tenantId,
        seeds: (n): Req[] => [
          {
            method: "POST",
            path,
            headers,
            body: {
              query: `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id email firstName } userErrors { field message } } }`,
              variables: { input: { email: `s${n}@fuzz.example`, firstName: "Sam", tags: ["a"] } },
            },
          },
          {
            method: "POST",
            path,
            headers,
            body: {
              query: `query($q: String) { customers(first: 3, query: $q) { nodes { id email } pageInfo { hasNextPage } } }`,
              variables: { q: `email:s${n - 1}@fuzz.example` },
            },
          },
        ],
        shape(_s, body) {
          // Shopify's HTTP-level errors are `{"errors": "<text>"}`; GraphQL's a list.
          if (isObj(body) && typeof body.errors === "string")
            return Object.keys(body).length === 1 ? null : "string errors with other keys";
          return graphqlShape(body, () => null);
        },
        acks(_req, body) {
          const c = (body as Any)?.data?.customerCreate;
          return c?.customer?.id ? [{ key: c.customer.id }] : [];
        },
      });
    }

    // Fluent (an OAuth token first, as fc-connect-sdk does)
    {
      const tenantId = await tenant("fz-fluent");
      const c = await credential("fz-fluent", "fluent");
      const login = c.login!;
      const res = await app.request("/fluent/oauth/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "password",
          client_id: login.clientId!,
          client_secret: login.clientSecret!,
          username: login.username!,
          password: login.password!,
          scope: "api",
        }).toString(),
      });
      const access = ((await res.json()) as { access_token: string }).access_token;
      const headers = { authorization: `Bearer ${access}`, "content-type": "application/json" };
      targets.push({
        name: "fluent",
        graphql: true,
        tenantId,
        seeds: (n): Req[] => [
          {
            method: "POST",
            path: "/fluent/graphql",
            headers,
            body: {
              query: `mutation($input: CreateCustomerInput) { createCustomer(input: $input) { id ref primaryEmail } }`,
              variables: {
                input: {
                  username: `f${n}`,
                  firstName: "Fay",
                  lastName: "L",
                  primaryEmail: `f${n}@fuzz.example`,
                  promotionOptIn: n % 2 === 0,
                  retailer: { id: login.retailerId ?? "1" },
                },
              },
            },
          },
          {
            method: "POST",
            path: "/fluent/graphql",
            headers,
            body: {
              query: `query($e: [String]) { customers(primaryEmail: $e, first: 2) { edges { node { id ref } } } }`,
              variables: { e: [`f${n - 1}@fuzz.example`] },
            },
          },
          {
            method: "POST",
            path: "/fluent/oauth/token",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: { raw: `grant_type=password&client_id=${login.clientId}&username=x&password=y` },
          },
        ],
        shape(_s, body) {
          // Refusals and the token endpoint answer OAuth's {error, error_description}.
          if (isObj(body) && typeof body.error === "string")
            return typeof body.error_description === "string" ? null : "no error_description";
          if (isObj(body) && typeof body.access_token === "string") return null;
          return graphqlShape(body, () => null);
        },
        acks(_req, body) {
          const c = (body as Any)?.data?.createCustomer;
          return c?.id ? [{ key: String(c.id) }] : [];
        },
      });
    }

    // Magento (a storefront: the Store header names the tenant)
    {
      const tenantId = await tenant("fz-magento");
      const s = await core.stores.create({ tenant: "fz-magento", code: "fz_store" });
      if (!s.ok) throw new Error(s.error.message);
      const headers = { store: "fz_store", "content-type": "application/json" };
      targets.push({
        name: "magento",
        graphql: true,
        tenantId,
        seeds: (n): Req[] => [
          {
            method: "POST",
            path: "/magento/graphql",
            headers,
            body: {
              query: `mutation($input: CustomerCreateInput!) { createCustomerV2(input: $input) { customer { firstname email } } }`,
              variables: {
                input: {
                  firstname: "Mo",
                  lastname: "Z",
                  email: `m${n}@fuzz.example`,
                  is_subscribed: n % 2 === 0,
                },
              },
            },
          },
          {
            method: "POST",
            path: "/magento/graphql",
            headers: { ...headers, authorization: "Bearer nope" },
            body: { query: `{ customer { email } }` },
          },
          {
            method: "GET",
            path: `/magento/graphql?query=${encodeURIComponent("{ storeConfig { store_code } }")}`,
            headers: { store: "fz_store" },
          },
        ],
        shape: (_s, body) =>
          graphqlShape(body, (e) =>
            isObj(e.extensions) && typeof e.extensions.category === "string"
              ? null
              : "no Magento category",
          ),
        acks(_req, body) {
          const c = (body as Any)?.data?.createCustomerV2?.customer;
          return c?.email ? [{ key: String(c.email).toLowerCase() }] : [];
        },
      });
    }

    // Capillary (Basic: till code and the md5 of its password)
    {
      const tenantId = await tenant("fz-capillary");
      const c = await credential("fz-capillary", "capillary");
      const md5 = createHash("md5").update(c.login!.password!).digest("hex");
      const basic = Buffer.from(`${c.login!.tillCode}:${md5}`).toString("base64");
      const headers = { authorization: `Basic ${basic}`, "content-type": "application/json" };
      const profile = (n: number) => ({
        firstName: "Cap",
        lastName: "K",
        identifiers: [
          { type: "email", value: `c${n}@fuzz.example` },
          { type: "externalId", value: `X${n}` },
        ],
        source: "INSTORE",
        accountId: "",
      });
      targets.push({
        name: "capillary",
        graphql: false,
        tenantId,
        seeds: (n): Req[] => [
          {
            method: "POST",
            path: "/capillary/v2/customers?source=INSTORE",
            headers,
            body: { profiles: [profile(n)] },
          },
          {
            method: "POST",
            path: "/capillary/v2/integrations/customer/upsert/bulk",
            headers,
            body: [{ profiles: [profile(n + 100_000)] }],
          },
          {
            method: "GET",
            path: `/capillary/v2/customers/lookup?source=INSTORE&identifierName=email&identifierValue=c${n - 1}@fuzz.example`,
            headers: { authorization: headers.authorization },
          },
        ],
        shape(status, body) {
          if (!isObj(body) && !Array.isArray(body)) return "not JSON object";
          if (status < 400) return null;
          const b = body as Any;
          if (!Array.isArray(b.errors) || !Array.isArray(b.warnings)) return "no errors/warnings";
          for (const e of b.errors)
            if (!isObj(e) || typeof e.code !== "number" || typeof e.message !== "string")
              return "error without code/message";
          return null;
        },
        acks(req, body) {
          const b = body as Any;
          if (!isObj(b)) return [];
          if (req.path.startsWith("/capillary/v2/customers?") && b.createdId != null)
            return [{ key: String(b.createdId) }];
          if (req.path.startsWith("/capillary/v2/integrations") && Array.isArray(b.response))
            return b.response
              .filter((x: Any) => x?.entityId != null)
              .map((x: Any) => ({ key: String(x.entityId) }));
          return [];
        },
      });
    }
  }, 120_000);
  afterAll(() => t.dispose());

  const count = async (table: "customers" | "events", tenantId: string) => {
    const [r] = await t.db.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`,
      [tenantId],
    );
    return Number(r!.n);
  };

  for (const name of ["trpc", "plain", "shopify", "fluent", "magento", "capillary"])
    it(`${name}: ${CASES} mutated requests, no 5xx, no leak, its shape, writes = acknowledgements`, async () => {
      const target = targets.find((x) => x.name === name)!;
      const r = prng(SEED * 1000 + name.length * 31 + name.charCodeAt(0));
      const problems: string[] = [];
      const keys = new Set<string>();
      let created = 0;
      let updated = 0;
      const statuses: Record<number, number> = {};
      for (let n = 1; n <= CASES; n++) {
        const req = mutate(r, r.pick(target.seeds(n)), target.graphql);
        let res: Response;
        try {
          res = await send(app, req);
        } catch (err) {
          // A request the fetch API itself refuses to build (e.g. a body on GET) is not sent.
          if (err instanceof TypeError && /Request|header|body/i.test(err.message)) continue;
          throw err;
        }
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const text = await res.text();
        const say = (why: string) =>
          problems.length < 10 &&
          problems.push(
            `#${n} ${req.method} ${req.path.slice(0, 80)} ${JSON.stringify(req.headers).slice(0, 200)} ${JSON.stringify(req.body)?.slice(0, 300)} → ${res.status} ${why}: ${text.slice(0, 300)}`,
          );
        // Magento answers request-validator and parse errors with HTTP 500 (its documented status).
        const vendor500 =
          name === "magento" && /"category":"graphql/.test(text) && !text.includes('"internal"');
        if (res.status >= 500 && !vendor500) say("5xx");
        if (LEAK.test(text)) say("leak");
        if (req.method === "HEAD" || res.status === 204 || res.status === 304) continue;
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          say("not JSON");
          continue;
        }
        const bad = target.shape(res.status, body);
        if (bad) say(`shape: ${bad}`);
        for (const a of target.acks(req, body)) {
          keys.add(a.key);
          if (a.result === "CREATED") created++;
          if (a.result === "UPDATED") updated++;
        }
      }
      expect(errorLogs.splice(0).map((l) => l.slice(0, 1500))).toEqual([]);
      expect(problems).toEqual([]);
      // Every request was answered; some writes went through (the fuzz did reach the engine).
      expect(keys.size).toBeGreaterThan(CASES / 20);
      expect(await count("customers", target.tenantId)).toBe(keys.size);
      if (target.results) {
        expect(created).toBe(keys.size);
        expect(await count("events", target.tenantId)).toBe(created + updated);
      }
    }, 600_000);
});
