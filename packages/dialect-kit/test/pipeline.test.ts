import { createCore, type Principal, silentLogger } from "@cg/core";
import { createTestDb, type TestDb } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDialectHandler, defineDialect, type RequestInfo } from "../src/index.ts";

const principal: Principal = {
  tenantId: "t_1",
  tenantSlug: "acme",
  credentialId: "cred_1",
  dialect: "toy" as Principal["dialect"], // the registry of dialect names comes with the kit
  scopes: ["read"],
};

/** A toy dialect that records the order in which the kit calls it. */
function toy(calls: string[]) {
  return defineDialect({
    name: "toy",
    prefix: "/toy",
    standalonePort: 0,
    scopes: { all: ["read", "write"], defaults: ["read"] },
    bodyLimit: 16,
    routes: [
      { name: "item", methods: ["GET", "POST"], path: "/items/:id", auth: "required" },
      { name: "write", methods: ["POST"], path: "/write", auth: "required", scopes: ["write"] },
      {
        name: "public",
        methods: ["POST"],
        path: "/token",
        auth: "none",
        accepts: ["application/json"],
      },
      { name: "boom", methods: ["GET"], path: "/boom", auth: "none" },
      { name: "bare", methods: ["GET"], path: "/bare/:status", auth: "none" },
    ],
    refuse: (r) => Response.json({ refused: r.kind, message: r.message ?? null }, { status: 499 }),
    setup: () => ({
      async authenticate(req) {
        calls.push("authenticate");
        const key = req.headers.get("x-key");
        if (key === "other") return { ...principal, dialect: "plain" as const };
        return key === "good" ? principal : null;
      },
      async preflight(r) {
        calls.push(`preflight:${r.body}`);
        return r.body === "slow" ? { kind: "RATE_LIMITED" } : undefined;
      },
      async serve(r) {
        calls.push("serve");
        if (r.route.name === "boom") throw new Error("secret detail");
        // As yoga answers a content type it has no parser for: a status, no body.
        if (r.route.name === "bare") return new Response(null, { status: Number(r.params.status) });
        r.setOperation(`op-${r.params.id ?? r.route.name}`);
        return Response.json({ params: r.params, call: r.call, body: r.body });
      },
    }),
  });
}

describe("dialect-kit pipeline", () => {
  let t: TestDb;
  const logged: unknown[] = [];
  const infos: RequestInfo[] = [];
  const calls: string[] = [];
  let handle: (req: Request) => Promise<Response>;
  beforeAll(async () => {
    t = await createTestDb("pglite");
    const log = { ...silentLogger, error: (o: object) => logged.push(o) };
    handle = createDialectHandler(
      toy(calls),
      { core: createCore(t.db), log, development: false },
      { root: "/toy", observe: (i) => infos.push(i) },
    );
  });
  afterAll(() => t.dispose());

  const send = async (path: string, init: RequestInit & { key?: string } = {}) => {
    calls.length = 0;
    const headers = new Headers(init.headers);
    if (init.key) headers.set("x-key", init.key);
    const res = await handle(new Request(`http://x${path}`, { ...init, headers }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("routes, authenticates, reads the body, runs preflight, then serves", async () => {
    const r = await send("/toy/items/a%20b", { method: "POST", body: "hi", key: "good" });
    expect(r.body).toEqual({
      params: { id: "a b" },
      call: { tenantId: "t_1", actor: { dialect: "toy", credentialId: "cred_1" } },
      body: "hi",
    });
    expect(calls).toEqual(["authenticate", "preflight:hi", "serve"]);
    expect(infos.at(-1)).toMatchObject({ route: "item", operation: "op-a b", tenantId: "t_1" });
  });

  it("a bare 404/405/413/415 from the dialect's own library becomes the dialect's refusal", async () => {
    expect((await send("/toy/bare/415")).body).toEqual({
      refused: "UNSUPPORTED_MEDIA_TYPE",
      message: null,
    });
    expect((await send("/toy/bare/404")).body.refused).toBe("NOT_FOUND");
    expect((await send("/toy/bare/405")).body.refused).toBe("METHOD_NOT_ALLOWED");
    expect((await send("/toy/bare/413")).body.refused).toBe("TOO_LARGE");
    const ok = await handle(new Request("http://x/toy/bare/204"));
    expect(ok.status).toBe(204);
  });

  it("answers every refusal in the dialect's shape, before the steps after it", async () => {
    expect((await send("/toy/nope")).body.refused).toBe("NOT_FOUND");
    expect((await send("/elsewhere/items/1")).body.refused).toBe("NOT_FOUND");
    expect((await send("/toy/items/1", { method: "DELETE" })).body.refused).toBe(
      "METHOD_NOT_ALLOWED",
    );
    expect((await send("/toy/items/1")).body.refused).toBe("UNAUTHENTICATED");
    expect(calls).toEqual(["authenticate"]);
    // A credential of another dialect is refused like an unknown one.
    expect((await send("/toy/items/1", { key: "other" })).body.refused).toBe("UNAUTHENTICATED");
    expect((await send("/toy/write", { method: "POST", key: "good" })).body.refused).toBe(
      "FORBIDDEN",
    );
    const big = await send("/toy/items/1", { method: "POST", body: "x".repeat(17), key: "good" });
    expect(big.body.refused).toBe("TOO_LARGE");
    expect(calls).toEqual(["authenticate"]);
    expect(
      (await send("/toy/items/1", { method: "POST", body: "slow", key: "good" })).body,
    ).toEqual({ refused: "RATE_LIMITED", message: null });
    expect(calls).toEqual(["authenticate", "preflight:slow"]);
    const media = await send("/toy/token", { method: "POST", body: "a=b" });
    expect(media.body.refused).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(calls).toEqual([]);
  });

  it("logs an unexpected error and masks it", async () => {
    const r = await send("/toy/boom");
    expect(r).toEqual({ status: 499, body: { refused: "INTERNAL", message: null } });
    expect(JSON.stringify(r.body)).not.toContain("secret detail");
    expect(logged).toHaveLength(1);
    expect(infos.at(-1)).toMatchObject({ route: "boom", refusal: "INTERNAL", status: 499 });
  });
});
