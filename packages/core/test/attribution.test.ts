import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { msisdnToE164, normalizePhone } from "../src/index.ts";
import { type Env, setup } from "./helpers.ts";

describe.each(testEngines())("the writer's attribution (%s)", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(() => env.t.dispose());

  it("is kept on the customer and on each event, and cleared by a writer that names none", async () => {
    const ctx = await env.tenant();
    const till = {
      ...ctx,
      actor: { dialect: "capillary", credentialId: null, attribution: "TILL:store.1" },
    };
    const lookup = [{ kind: "EMAIL", value: "att@example.com" }];
    const created = await env.core.upsert(till, {
      lookup,
      onCreate: { firstName: "A", identifiers: [{ kind: "EMAIL", value: "att@example.com" }] },
    });
    expect(created.ok && created.value.customer.createdBy).toEqual({
      dialect: "capillary",
      credentialId: null,
      attribution: "TILL:store.1",
    });
    const updated = await env.core.upsert(ctx, { lookup, onUpdate: { firstName: "B" } });
    if (!updated.ok) throw new Error(updated.error.message);
    expect(updated.value.customer.createdBy.attribution).toBe("TILL:store.1");
    expect(updated.value.customer.updatedBy.attribution).toBeNull();
    const history = await env.core.history(ctx, updated.value.customer.id);
    expect(history.map((e) => [e.result, e.attribution])).toEqual([
      ["CREATED", "TILL:store.1"],
      ["UPDATED", null],
    ]);
  });
});

describe("msisdnToE164", () => {
  it("reads digits with a country code, national numbers in the default country, else leaves them", () => {
    expect(msisdnToE164("916360499160", "IN")).toBe("+916360499160");
    expect(msisdnToE164("6289999999", "IN")).toBe("+916289999999");
    expect(msisdnToE164("14155550123", "IN")).toBe("+14155550123");
    expect(msisdnToE164("916360499160")).toBe("+916360499160");
    expect(msisdnToE164(" 916360499160 ", null)).toBe("+916360499160");
    expect(msisdnToE164("+916360499160", "IN")).toBe("+916360499160");
    expect(msisdnToE164("12", "IN")).toBe("12");
    expect(msisdnToE164("abc", "IN")).toBe("abc");
  });

  it("answers a repeated reading as the first (answers are memoised per text and country)", () => {
    for (let i = 0; i < 2; i++) {
      expect(msisdnToE164("6289999999", "IN")).toBe("+916289999999");
      expect(msisdnToE164("6289999999", null)).toBe("6289999999");
      expect(msisdnToE164(" 6289999999", null)).toBe(" 6289999999");
      expect(msisdnToE164("  6289999999 ", "IN")).toBe("+916289999999");
      expect(normalizePhone("6289999999", ["a", i], "IN")).toEqual({
        ok: true,
        value: "+916289999999",
      });
      expect(normalizePhone("6289999999", ["b", i])).toEqual({
        ok: false,
        error: {
          path: ["b", i],
          code: "INVALID",
          message: "Phone is invalid",
          identifierKind: "PHONE",
        },
      });
    }
  });
});
