import { createSchema } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { createDialectYoga, jsonParams, readBodyLimited } from "../src/index.ts";

const schema = createSchema({
  typeDefs: `type Query { echo(s: String!): String! }`,
  resolvers: { Query: { echo: (_: unknown, { s }: { s: string }) => s } },
});
const yoga = () => createDialectYoga({ schema, graphqlEndpoint: "/graphql", context: () => ({}) });
const post = (
  body: string,
  headers: Record<string, string> = { "content-type": "application/json" },
) => new Request("http://x/graphql", { method: "POST", headers, body });

describe("pre-parsed params", () => {
  it("yoga answers from the params the handler parsed and does not read the body again", async () => {
    // The body is not JSON at all: had yoga read it, the answer would be a parse error.
    const res = await yoga().fetch(post("this is not json"), {
      graphqlParams: { query: `{ echo(s: "from params") }` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { echo: "from params" } });
  });

  it("without them yoga parses the body itself, with its own errors", async () => {
    const ok = await yoga().fetch(post(JSON.stringify({ query: `{ echo(s: "body") }` })));
    expect(await ok.json()).toEqual({ data: { echo: "body" } });
    const bad = await yoga().fetch(post("{"));
    expect((await bad.json()).errors[0].message).toBe("POST body sent invalid JSON.");
  });

  it("jsonParams takes only a JSON object from a JSON POST", () => {
    const q = JSON.stringify({ query: "{ a }", variables: { x: 1 } });
    expect(jsonParams(post(q), q)).toEqual({ query: "{ a }", variables: { x: 1 } });
    expect(jsonParams(post("{"), "{")).toBeUndefined();
    expect(jsonParams(post("[]"), "[]")).toBeUndefined();
    expect(jsonParams(post("null"), "null")).toBeUndefined();
    expect(jsonParams(post(q, { "content-type": "application/graphql" }), q)).toBeUndefined();
    expect(jsonParams(new Request("http://x/graphql"), null)).toBeUndefined();
  });
});

describe("readBodyLimited", () => {
  const chunked = (text: string) =>
    new Request("http://x/", {
      method: "POST",
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(text));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);

  it("reads a body of declared length, and refuses one declared over the cap unread", async () => {
    expect(await readBodyLimited(post("é".repeat(10), { "content-length": "20" }), 20)).toBe(
      "é".repeat(10),
    );
    expect(await readBodyLimited(post("x".repeat(21), { "content-length": "21" }), 20)).toBeNull();
  });

  it("counts bytes, not characters, whatever length is declared", async () => {
    // 11 two-byte characters: 22 bytes, over a cap of 20 although the header claims less.
    expect(await readBodyLimited(post("é".repeat(11), { "content-length": "11" }), 20)).toBeNull();
  });

  it("reads a body of unknown length up to the cap, and stops past it", async () => {
    expect(await readBodyLimited(chunked("abc"), 20)).toBe("abc");
    expect(await readBodyLimited(chunked("x".repeat(21)), 20)).toBeNull();
  });
});
