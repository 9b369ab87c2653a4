import { describe, expect, it } from "vitest";
import { basicCredentials, jsonResponse, parseJsonBody, QueryParams } from "../src/index.ts";

describe("REST helpers", () => {
  it("parses JSON bodies and says what is wrong instead of throwing", () => {
    expect(parseJsonBody('[{"a":1}]')).toEqual({ ok: true, value: [{ a: 1 }] });
    expect(parseJsonBody(null)).toEqual({ ok: false, message: "Request body is empty" });
    expect(parseJsonBody("  ")).toEqual({ ok: false, message: "Request body is empty" });
    const bad = parseJsonBody("[{");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^Malformed JSON: /);
  });

  it("reads query parameters in any case, lists and booleans", () => {
    const q = QueryParams.of(
      new URL(
        "http://x/?IdentifierName=externalID&identifierValue=a,b&embed=x&embed=y&skip=TRUE&no=0",
      ),
    );
    expect(q.get("identifiername")).toBe("externalID");
    expect(q.has("IDENTIFIERVALUE")).toBe(true);
    expect(q.list("identifierValue")).toEqual(["a", "b"]);
    expect(q.list("embed")).toEqual(["x", "y"]);
    expect(q.list("missing")).toEqual([]);
    expect(q.bool("skip", false)).toBe(true);
    expect(q.bool("absent", true)).toBe(true);
    expect(q.bool("no", true)).toBeNull();
    // A + in a query string is a space: the value comes back with it.
    expect(QueryParams.of(new URL("http://x/?v=+9163")).get("v")).toBe(" 9163");
  });

  it("splits Basic credentials at the first colon, scheme in any case", () => {
    const req = (h?: string) =>
      new Request("http://x/", h ? { headers: { authorization: h } } : undefined);
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    expect(basicCredentials(req(`Basic ${b64("store.server:8a16:x")}`))).toEqual({
      user: "store.server",
      password: "8a16:x",
    });
    expect(basicCredentials(req(`basic ${b64("u:p")}`))).toEqual({ user: "u", password: "p" });
    expect(basicCredentials(req(`Bearer ${b64("u:p")}`))).toBeNull();
    expect(basicCredentials(req(`Basic ${b64("nocolon")}`))).toBeNull();
    expect(basicCredentials(req())).toBeNull();
  });

  it("answers JSON with the vendor's content type", async () => {
    const r = jsonResponse({ a: 1 }, 201, { "x-y": "z" });
    expect(r.status).toBe(201);
    expect(r.headers.get("content-type")).toBe("application/json;charset=UTF-8");
    expect(r.headers.get("x-y")).toBe("z");
    expect(await r.json()).toEqual({ a: 1 });
  });
});
