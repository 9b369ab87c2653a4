import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authHeaders, BULK, call, type Env, profile, setup, tenant } from "./helpers.ts";

describe.each(testEngines())("capillary bulk races on %s", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(() => env.close());

  it("32 concurrent bulk requests sharing one new mobile make one customer, with no 5xx", async () => {
    const l = await tenant(env);
    const headers = [await authHeaders(env, l, "basic"), await authHeaders(env, l, "oauth")];
    const results = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        call(env, "POST", BULK, {
          headers: headers[i % 2],
          body: [
            profile({ mobile: "919812345678", externalId: `race-${i}`, firstName: `R${i % 3}` }),
            profile({ mobile: `91981200${String(i).padStart(4, "0")}` }),
          ],
        }),
      ),
    );
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body.failureCount).toBe(0);
    }
    const shared = new Set(results.map((r) => r.body.response[0].entityId));
    expect(shared.size).toBe(1);
    const own = new Set(results.map((r) => r.body.response[1].entityId));
    expect(own.size).toBe(32);
    const page = await env.core.list({ tenantId: l.tenantId }, { first: 100 });
    expect(page.ok && page.value.items.length).toBe(33);
  });
});
