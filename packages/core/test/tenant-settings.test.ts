import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Env, setup } from "./helpers.ts";

describe.each(testEngines())("tenant settings and the default country (%s)", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(() => env.t.dispose());

  it("stores the default country and refuses one that is not ISO 3166-1 alpha-2", async () => {
    expect(await env.core.tenantSettings.get(env.ctx.tenantId)).toEqual({ defaultCountry: null });
    const bad = await env.core.tenantSettings.update(env.ctx.tenantId, { defaultCountry: "India" });
    expect(bad.ok).toBe(false);
    const r = await env.core.tenantSettings.update(env.ctx.tenantId, { defaultCountry: "IN" });
    expect(r).toEqual({ ok: true, value: { defaultCountry: "IN" } });
    expect(await env.core.tenantSettings.get(env.ctx.tenantId)).toEqual({ defaultCountry: "IN" });
    expect(await env.core.tenantSettings.get("t_missing")).toBeNull();
  });

  it("reads a national phone in the default country, in the lookup and the patch alike", async () => {
    const national = {
      lookup: [{ kind: "PHONE", value: "6360499160" }],
      onCreate: { identifiers: [{ kind: "PHONE", value: "063604 99160" }] },
    };
    expect((await env.core.upsert(env.ctx, national)).ok).toBe(false);
    const created = await env.core.upsert(env.ctx, { ...national, defaultCountry: "IN" });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.result).toBe("CREATED");
    expect(created.value.customer.identifiers.map((i) => i.value)).toEqual(["+916360499160"]);
    const again = await env.core.upsert(env.ctx, { ...national, defaultCountry: "IN" });
    expect(again.ok && again.value.result).toBe("NOOP");
  });
});
