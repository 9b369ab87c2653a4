import { silentLogger } from "@cg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capillaryScenario } from "../bench.ts";
import { createCapillaryHandler } from "../src/index.ts";
import { type Env, setup } from "./helpers.ts";

// The bench sends these requests to the gateway; they must be valid bulk upserts that never fail.
describe("bench scenario", () => {
  let env: Env;
  beforeAll(async () => {
    env = await setup("pglite");
  });
  afterAll(() => env.close());

  it("creates batch i, NOOPs on its next round and UPDATEs on a renaming round, at the gateway path", async () => {
    const t = await env.core.tenants.create("bench-cap");
    if (!t.ok) throw new Error(t.error.message);
    const c = await env.core.credentials.create({ tenant: "bench-cap", dialect: "capillary" });
    if (!c.ok) throw new Error(c.error.message);
    const basic = capillaryScenario.secretOf(c.value);
    const handler = createCapillaryHandler({
      core: env.core,
      log: silentLogger,
      development: false,
    });
    const send = async (i: number) => {
      const { headers, body } = capillaryScenario.request(i, basic);
      const res = await handler(
        new Request(`http://localhost${capillaryScenario.path}`, { method: "POST", headers, body }),
      );
      const json = (await res.json()) as {
        response: { entityId: number; result: { profiles: { firstName: string }[] } }[];
        failureCount: number;
      };
      expect(res.status).toBe(200);
      expect(json.failureCount).toBe(0);
      return json.response;
    };
    const first = await send(3);
    const again = await send(53); // the same 100 customers, one round later
    expect(again.map((r) => r.entityId)).toEqual(first.map((r) => r.entityId));
    const renamed = await send(453); // the tenth round renames
    expect(renamed[0]!.result.profiles[0]!.firstName).toBe("Bench (renamed)");
    expect(renamed.map((r) => r.entityId)).toEqual(first.map((r) => r.entityId));
  });
});
