import type { CallContext, Core, Customer, UpsertOutcome } from "@cg/core";
import {
  type DialectRequest,
  type DialectServer,
  defineDialect,
  jsonResponse,
  parseJsonBody,
  QueryParams,
  routeTable,
} from "@cg/dialect-kit";
import type { z } from "zod";
import { attributionOf } from "./attribution.ts";
import {
  authenticate,
  credentials,
  DEFAULT_TOKEN_TTL_SECONDS,
  generateToken,
  tillOf,
} from "./auth.ts";
import {
  combineInput,
  PROFILES_NS,
  parseUserId,
  profileKey,
  readSource,
  type SourceAccount,
  type Translated,
  toChangeIdentifierInput,
  toIdentifier,
  toUpdateInput,
  toUpsertInput,
} from "./capillary-input.ts";
import { capillaryJsonFormat } from "./capillary-json.ts";
import { toCustomerDetails } from "./capillary-output.ts";
import { docsAsset, docsPage } from "./docs.ts";
import {
  type CapMessage,
  errorBody,
  itemErrors,
  msg,
  refusalResponse,
  statusOf,
} from "./errors.ts";
import { openApiDocument } from "./openapi.ts";
import {
  BULK_LIMIT,
  changeIdentifierSchema,
  customerSchema,
  tokenRequestSchema,
} from "./schemas.ts";

export const VIEW = "customer:view";
export const MODIFY = "customer:modify";
const JSON_ONLY = ["application/json"];

/** Capillary's routes, below the mount point (vendor paths standalone, /capillary in the gateway). */
const ROUTES = [
  {
    name: "oauth.token",
    methods: ["POST"],
    path: "/v3/oauth/token/generate",
    auth: "none",
    accepts: JSON_ONLY,
  },
  {
    name: "customers.upsertBulk",
    methods: ["POST"],
    path: "/v2/integrations/customer/upsert/bulk",
    auth: "required",
    scopes: [MODIFY],
    accepts: JSON_ONLY,
  },
  {
    name: "customers.lookupDetails",
    methods: ["GET"],
    path: "/v2/customers/lookup/customerDetails",
    auth: "required",
    scopes: [VIEW],
  },
  {
    name: "customers.lookup",
    methods: ["GET"],
    path: "/v2/customers/lookup",
    auth: "required",
    scopes: [VIEW],
  },
  {
    name: "customers.add",
    methods: ["POST"],
    path: "/v2/customers",
    auth: "required",
    scopes: [MODIFY],
    accepts: JSON_ONLY,
  },
  {
    name: "customers.get",
    methods: ["GET"],
    path: "/v2/customers/:id",
    auth: "required",
    scopes: [VIEW],
  },
  {
    name: "customers.update",
    methods: ["PUT"],
    path: "/v2/customers/:id",
    auth: "required",
    scopes: [MODIFY],
    accepts: JSON_ONLY,
  },
  // The reference says POST, the docs' API index says PUT: clients send either.
  {
    name: "customers.changeIdentifier",
    methods: ["POST", "PUT"],
    path: "/v2/customers/:id/changeIdentifier",
    auth: "required",
    scopes: [MODIFY],
    accepts: JSON_ONLY,
  },
  { name: "openapi", methods: ["GET"], path: "/openapi.json", auth: "none" },
  { name: "docs", methods: ["GET"], path: "/docs", auth: "none" },
  { name: "docs.asset", methods: ["GET"], path: "/docs/:file", auth: "none" },
] as const satisfies readonly {
  name: string;
  methods: readonly string[];
  path: string;
  auth: "required" | "optional" | "none";
  scopes?: readonly string[];
  accepts?: readonly string[];
}[];
type CapRoute = (typeof ROUTES)[number];
type Req = DialectRequest<CapRoute>;

export interface CapillaryOptions {
  /** OAuth access token lifetime; Capillary's default is 300 s. */
  tokenTtlSeconds?: number;
}

const bad = (message: string) =>
  jsonResponse(errorBody({ ...msg(400), message: `${msg(400).message}: ${message}` }), 400);
const zodMessage = (e: z.ZodError) =>
  e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");

/** The customer's own profile for this account (not the one an INSTORE read makes up). */
const hasProfile = (c: Customer, a: SourceAccount) =>
  c.attributes.some((x) => x.namespace === PROFILES_NS && x.key === profileKey(a));

/** 8050 when an existing customer gained this source account (Capillary combines them). */
function combined(o: UpsertOutcome, a: SourceAccount): CapMessage[] {
  const field = `attributes.${PROFILES_NS}.${profileKey(a)}`;
  const joined =
    o.result === "UPDATED" && o.changes.some((c) => c.field === field && c.before == null);
  return joined ? [msg(8050)] : [];
}

function server(core: Core, opts: CapillaryOptions): DialectServer<CapRoute> {
  const ttl = opts.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const country = async (tenantId: string) =>
    (await core.tenantSettings.get(tenantId))?.defaultCountry ?? null;

  /** The call context with the request's attribution as the writer, or a 400. */
  function callOf(r: Req): CallContext | Response {
    const a = attributionOf(r.req, tillOf(r.req));
    if (a !== null && typeof a === "object") return jsonResponse(errorBody(a), 400);
    return { tenantId: r.call!.tenantId, actor: { ...r.call!.actor, attribution: a } };
  }
  const userIdOf = (r: Req) => parseUserId(r.params.id ?? "");

  /** A write to `/v2/customers/{id}…`: the call context, the id and the body, or the 400. */
  function writeById<T>(
    r: Req,
    schema: z.ZodType<T>,
  ): { call: CallContext; id: number; data: T; q: QueryParams } | Response {
    const call = callOf(r);
    if (call instanceof Response) return call;
    const id = userIdOf(r);
    if (id === null) return bad("the customer id must be a positive integer");
    const parsed = parseJsonBody(r.body);
    if (!parsed.ok) return bad(parsed.message);
    const body = schema.safeParse(parsed.value);
    if (!body.success) return bad(zodMessage(body.error));
    return { call, id, data: body.data, q: QueryParams.of(r.url) };
  }
  const failed = (op: Parameters<typeof itemErrors>[0], e: Parameters<typeof itemErrors>[1]) =>
    jsonResponse(errorBody(...itemErrors(op, e)), statusOf(e));

  async function findBy(r: Req, tenantId: string): Promise<Customer | Response | null> {
    const q = QueryParams.of(r.url);
    const names = q.list("identifierName");
    const values = q.list("identifierValue");
    if (!names.length || names.length !== values.length)
      return jsonResponse(errorBody(msg(8002)), 400);
    const source = q.get("source")?.trim().toUpperCase();
    const account =
      source === "ALL"
        ? { source: "ALL", accountId: "" }
        : readSource({ source, accountId: q.get("accountId") }, "lookup");
    if ("code" in account)
      return jsonResponse(errorBody(account), account.code === 8015 ? 404 : 400);
    const defaultCountry = await country(tenantId);
    for (const [i, name] of names.entries()) {
      const id = toIdentifier(name, values[i]!, account, ["identifierValue"], defaultCountry);
      if (!id) return jsonResponse(errorBody(msg(8013)), 400);
      if (id.namespace && account.source === "ALL") continue;
      const found = await core.lookup({ tenantId }, id);
      if (!found.ok) return failed("lookup", found.error);
      if (found.value) return found.value;
    }
    return null;
  }

  const handlers = {
    async "oauth.token"(r: Req) {
      const parsed = parseJsonBody(r.body);
      const body = parsed.ok ? tokenRequestSchema.safeParse(parsed.value) : null;
      if (!body?.success)
        return jsonResponse(
          { data: null, errors: [{ code: 400, message: "key and secret are required" }] },
          400,
        );
      const t = await generateToken(core, body.data, ttl);
      if (!t)
        return jsonResponse(
          { data: null, errors: [{ code: 401, message: "Invalid key or secret" }] },
          401,
        );
      return jsonResponse({ data: t, errors: null });
    },

    async "customers.upsertBulk"(r: Req) {
      const call = callOf(r);
      if (call instanceof Response) return call;
      const parsed = parseJsonBody(r.body);
      if (!parsed.ok) return bad(parsed.message);
      if (!Array.isArray(parsed.value)) return bad("the body must be a JSON array of customers");
      if (parsed.value.length > BULK_LIMIT)
        return jsonResponse(
          errorBody({
            ...msg(1060),
            message: `${msg(1060).message} At most ${BULK_LIMIT} customers per request.`,
          }),
          400,
        );
      const skip = QueryParams.of(r.url).bool("skipChangeIdentifier", true);
      if (skip === null) return bad("skipChangeIdentifier must be true or false");
      const defaultCountry = await country(call.tenantId);
      const items = parsed.value.map((v) => {
        const c = customerSchema.safeParse(v);
        if (!c.success)
          return [{ ...msg(400), message: `${msg(400).message}: ${zodMessage(c.error)}` }];
        return toUpsertInput(c.data, { op: "upsert", changeIdentifiers: !skip, defaultCountry });
      });
      const valid = items.filter((t): t is Translated => !Array.isArray(t));
      const results = await core.upsertMany(
        call,
        valid.map((t) => t.input),
      );
      // An item whose source account is new on an existing customer is Capillary's add in another
      // source: the customer is combined, and that account's identifiers join it even when the
      // identifier change is skipped. One more upsertMany for those items (none usually).
      const joins = valid.flatMap((t, i) => {
        const out = results[i]!;
        return skip && out.ok && combined(out.value, t.account).length ? [i] : [];
      });
      if (joins.length) {
        const again = await core.upsertMany(
          call,
          joins.map((i) =>
            combineInput(valid[i]!, (results[i] as { value: UpsertOutcome }).value.customer.id),
          ),
        );
        joins.forEach((i, k) => {
          const r = again[k]!;
          const first = results[i] as { ok: true; value: UpsertOutcome };
          results[i] = r.ok
            ? {
                ok: true,
                value: {
                  ...r.value,
                  result: "UPDATED",
                  changes: [...first.value.changes, ...r.value.changes],
                },
              }
            : r;
        });
      }
      let next = 0;
      const response = items.map((t) => {
        if (Array.isArray(t)) return { entityId: null, result: null, errors: t, warnings: [] };
        const out = results[next++]!;
        if (!out.ok)
          return {
            entityId: null,
            result: null,
            errors: itemErrors("upsert", out.error),
            warnings: [],
          };
        return {
          entityId: out.value.customer.number,
          result: toCustomerDetails(out.value.customer),
          errors: t.itemErrors,
          warnings: combined(out.value, t.account),
        };
      });
      const failureCount = response.filter((x) => x.errors.length).length;
      r.setOperation(`upsertBulk(${response.length})`);
      return jsonResponse(
        { response, totalCount: response.length, failureCount },
        failureCount ? 201 : 200,
      );
    },

    async "customers.lookupDetails"(r: Req) {
      const found = await findBy(r, r.call!.tenantId);
      if (found instanceof Response) return found;
      if (!found) return jsonResponse(errorBody(msg(8015)), 404);
      return jsonResponse(toCustomerDetails(found));
    },

    async "customers.lookup"(r: Req) {
      const found = await findBy(r, r.call!.tenantId);
      if (found instanceof Response) return found;
      if (!found) return jsonResponse(errorBody(msg(8015)), 404);
      return jsonResponse({ entity: found.number, warnings: [] });
    },

    async "customers.get"(r: Req) {
      const id = userIdOf(r);
      if (id === null) return bad("the customer id must be a positive integer");
      const found = await core.lookup(r.call!, { kind: "NUMBER", value: String(id) });
      if (!found.ok) return failed("get", found.error);
      if (!found.value) return jsonResponse(errorBody(msg(8015)), 404);
      return jsonResponse(toCustomerDetails(found.value));
    },

    async "customers.add"(r: Req) {
      const call = callOf(r);
      if (call instanceof Response) return call;
      const parsed = parseJsonBody(r.body);
      if (!parsed.ok) return bad(parsed.message);
      const c = customerSchema.safeParse(parsed.value);
      if (!c.success) return bad(zodMessage(c.error));
      const q = QueryParams.of(r.url);
      const t = toUpsertInput(c.data, {
        op: "add",
        changeIdentifiers: true,
        defaultCountry: await country(call.tenantId),
        query: { source: q.get("source"), accountId: q.get("accountId") },
      });
      if (Array.isArray(t)) return jsonResponse(errorBody(...t), 400);
      const res = await core.upsert(call, t.input);
      if (res.ok)
        return jsonResponse({ createdId: res.value.customer.number, warnings: t.itemErrors });
      if (res.error.kind !== "ALREADY_EXISTS") return failed("add", res.error);
      const existing = await core.get(call, res.error.customerIds?.[0] ?? "");
      if (!existing) return failed("add", { kind: "INTERNAL", message: "vanished", fields: [] });
      if (hasProfile(existing, t.account))
        return jsonResponse(errorBody(msg(8006, existing.number)), 400);
      const joined = await core.upsert(call, combineInput(t, existing.id));
      if (!joined.ok) return failed("add", joined.error);
      return jsonResponse({
        createdId: joined.value.customer.number,
        warnings: [...combined(joined.value, t.account), ...t.itemErrors],
      });
    },

    async "customers.update"(r: Req) {
      const w = writeById(r, customerSchema);
      if (w instanceof Response) return w;
      const { call, id, data, q } = w;
      const input = toUpdateInput(data, id, {
        defaultCountry: await country(call.tenantId),
        query: { source: q.get("source"), accountId: q.get("accountId") },
      });
      if (Array.isArray(input)) return jsonResponse(errorBody(...input), 400);
      const res = await core.upsert(call, input);
      if (!res.ok) return failed("update", res.error);
      return jsonResponse({ createdId: res.value.customer.number, warnings: [] });
    },

    async "customers.changeIdentifier"(r: Req) {
      const w = writeById(r, changeIdentifierSchema);
      if (w instanceof Response) return w;
      const { call, id, data, q } = w;
      // Source defaults to INSTORE: mobile and email do not depend on it.
      const account = readSource(
        { source: q.get("source") ?? "INSTORE", accountId: q.get("accountId") },
        "upsert",
      );
      if ("code" in account) return jsonResponse(errorBody(account), 400);
      const input = toChangeIdentifierInput(data, id, {
        defaultCountry: await country(call.tenantId),
        account,
      });
      if (Array.isArray(input)) return jsonResponse(errorBody(...input), 400);
      const res = await core.upsert(call, input);
      if (!res.ok) return failed("changeIdentifier", res.error);
      return jsonResponse({
        createdId: res.value.customer.number,
        warnings: res.value.result === "NOOP" ? [msg(8070)] : [],
      });
    },

    async openapi(r: Req) {
      return jsonResponse(openApiDocument(rootOf(r, "/openapi.json")));
    },
    async docs(r: Req) {
      return new Response(docsPage(r.url.pathname.replace(/\/docs\/?$/, "")), {
        headers: { "content-type": "text/html;charset=UTF-8" },
      });
    },
    async "docs.asset"(r: Req) {
      return (await docsAsset(r.params.file ?? "")) ?? refusalResponse({ kind: "NOT_FOUND" });
    },
  };
  return { authenticate: (req) => authenticate(core, req), serve: routeTable<CapRoute>(handlers) };
}

/** The mount point a request came in under (for the document's `servers`). */
const rootOf = (r: Req, tail: string) => r.url.pathname.slice(0, -tail.length);

/** Capillary's dialect: the definition the gateway mounts and `main.ts` runs standalone. */
export function capillaryDialect(opts: CapillaryOptions = {}) {
  return defineDialect<CapRoute>({
    name: "capillary",
    prefix: "/capillary",
    standalonePort: 4105,
    scopes: { all: [VIEW, MODIFY], defaults: [VIEW, MODIFY] },
    formats: [capillaryJsonFormat],
    // 100 customers of a few KB each.
    bodyLimit: 2 * 1024 * 1024,
    routes: ROUTES,
    refuse: (r) => refusalResponse(r),
    setup: (deps) => ({
      ...server(deps.core, opts),
      // What `GET /v2/customers/:id` answers for the customer (capillary-output.ts).
      present: async (customer) => toCustomerDetails(customer),
    }),
    credentials,
  });
}

export const capillary = capillaryDialect({
  tokenTtlSeconds: Number(process.env.CAPILLARY_TOKEN_TTL_SECONDS) || DEFAULT_TOKEN_TTL_SECONDS,
});
