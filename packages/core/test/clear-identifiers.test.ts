import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Env, setup } from "./helpers.ts";

describe.each(testEngines())("patch.clearIdentifiers on %s", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(async () => {
    await env.t.dispose();
  });

  it("removes every identifier of a kind + namespace without knowing its value", async () => {
    const ctx = await env.tenant();
    const email = { kind: "EMAIL", value: "clear@x.io" } as const;
    const a = await env.core.upsert(ctx, {
      lookup: [email],
      onCreate: {
        identifiers: [
          email,
          { kind: "EXTERNAL_ID", value: "ext-1" },
          { kind: "EXTERNAL_ID", namespace: "other", value: "keep" },
        ],
      },
    });
    expect(a.ok && a.value.result).toBe("CREATED");
    const b = await env.core.upsert(ctx, {
      lookup: [email],
      onUpdate: { clearIdentifiers: [{ kind: "EXTERNAL_ID" }] },
    });
    expect(b.ok && b.value.result).toBe("UPDATED");
    if (!b.ok) return;
    expect(
      b.value.customer.identifiers.map((i) => `${i.kind}/${i.namespace}/${i.value}`).sort(),
    ).toEqual(["EMAIL//clear@x.io", "EXTERNAL_ID/other/keep"]);
    const c = await env.core.upsert(ctx, {
      lookup: [email],
      onUpdate: { clearIdentifiers: [{ kind: "EXTERNAL_ID" }] },
    });
    expect(c.ok && c.value.result).toBe("NOOP");
    const found = await env.core.lookup(ctx, { kind: "EXTERNAL_ID", value: "ext-1" });
    expect(found.ok && found.value).toBeNull();
  });
});
