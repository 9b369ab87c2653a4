import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainScenario } from "../bench.ts";
import { type Env, setup, type TenantEnv, tenant } from "./helpers.ts";

// The bench sends these requests to the gateway; they must be valid upserts that never fail.
describe("bench scenario", () => {
  let env: Env;
  let t: TenantEnv;
  beforeAll(async () => {
    env = await setup("pglite");
    t = await tenant(env);
  });
  afterAll(async () => {
    await env.close();
  });

  it("creates customer i, NOOPs on its next round and UPDATEs on a renaming round, at the gateway path", async () => {
    const handler = env.kit.handlerWith({ root: plainScenario.path.replace(/\/graphql\/v1$/, "") });
    const send = async (i: number) => {
      const { headers, body } = plainScenario.request(i, t.secret);
      const res = await handler(
        new Request(`http://localhost${plainScenario.path}`, { method: "POST", headers, body }),
      );
      expect(res.status).toBe(200);
      const json = (await res.json()) as {
        data: {
          upsertCustomer: {
            result: string;
            error: unknown;
            customer: { email: { email: string } };
          };
        };
      };
      expect(json.data.upsertCustomer.error).toBeNull();
      return json.data.upsertCustomer;
    };
    expect((await send(7)).result).toBe("CREATED");
    expect((await send(8)).result).toBe("CREATED");
    expect(await send(5007)).toMatchObject({
      result: "NOOP",
      customer: { email: { email: "bench-7@example.com" } },
    });
    expect((await send(45007)).result).toBe("UPDATED");
  });
});
