import { createCredential } from "@cg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fluentScenario } from "../bench.ts";
import { type Env, setup } from "./helpers.ts";

// The bench sends these requests to the gateway; they must be valid updates that never fail.
describe("bench scenario", () => {
  let env: Env;
  beforeAll(async () => {
    env = await setup("pglite");
  });
  afterAll(() => env.close());

  it("authorizes like the SDK, then updates (or NOOPs) customer i at the gateway path", async () => {
    const { createTenant } = await import("@cg/core");
    const tenant = await createTenant(env.t.db, "bench");
    if (!tenant.ok) throw new Error(tenant.error.message);
    const c = await createCredential(env.t.db, { tenant: "bench", dialect: "fluent" });
    if (!c.ok) throw new Error(c.error.message);
    const token = await fluentScenario.authorize({
      core: env.core,
      baseUrl: env.baseUrl.replace(/\/fluent$/, ""),
      credentialId: c.value.id,
      tenantId: tenant.value.id,
      secret: c.value.secret,
      name: c.value.name,
    });
    const send = async (i: number) => {
      const { headers, body } = fluentScenario.request(i, token);
      const res = await fetch(`${env.baseUrl.replace(/\/fluent$/, "")}${fluentScenario.path}`, {
        method: "POST",
        headers,
        body,
      });
      expect(res.status).toBe(200);
      const json = (await res.json()) as {
        data?: { updateCustomer: Record<string, string> };
        errors?: unknown;
      };
      expect(json.errors).toBeUndefined();
      return json.data!.updateCustomer;
    };
    const first = await send(7);
    expect(first).toMatchObject({ username: "1_bench-7@example.com", firstName: "Bench" });
    expect((await send(1007)).updatedOn).toBe(first.updatedOn);
    expect((await send(9007)).firstName).toBe("Renamed");
  });
});
