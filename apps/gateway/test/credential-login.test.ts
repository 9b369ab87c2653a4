import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCaller, createContextInner } from "@cg/api";
import { type Core, createCore } from "@cg/core";
import { createTestDb, type TestDb, testEngines } from "@cg/db/testing";
import { defineDialect } from "@cg/dialect-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.ts";

/** A dialect core has never heard of, with a login hook (as Fluent's OAuth user, Capillary's till). */
const toy = defineDialect({
  name: "toy",
  prefix: "/toy",
  standalonePort: 0,
  scopes: { all: ["toy:read", "toy:write", "toy:admin"], defaults: ["toy:read", "toy:write"] },
  bodyLimit: 1024,
  routes: [],
  refuse: (r) => Response.json({ refused: r.kind }, { status: 400 }),
  setup: () => ({ authenticate: async () => null, serve: async () => new Response() }),
  credentials: {
    async login({ core, credentialId, tenantId, secret, name }) {
      if (name === "break the hook") throw new Error("hook failed");
      const username = `${name.replace(/\W/g, "-")}@${tenantId}`;
      await core.tokens.logins.create({ credentialId, kind: "toy.user", login: username, secret });
      return { username, password: secret };
    },
  },
});

describe.each(testEngines())(
  "credentials of a registered dialect with a login hook (%s)",
  (engine) => {
    let t: TestDb;
    let core: Core;
    let admin: ReturnType<typeof createCaller>;
    beforeAll(async () => {
      t = await createTestDb(engine);
      core = createCore(t.db, { dialects: [toy] });
      const tenant = await core.tenants.create("acme");
      if (!tenant.ok) throw new Error(tenant.error.message);
      const c = await core.credentials.create({
        tenant: "acme",
        dialect: "internal",
        scopes: ["customers:read", "customers:write", "admin"],
      });
      if (!c.ok) throw new Error(c.error.message);
      admin = createCaller(
        createContextInner({ core, principal: await core.authenticate(c.value.secret) }),
      );
    });
    afterAll(() => t.dispose());

    it("tRPC credentials.create returns the login beside the secret, once; it verifies", async () => {
      const c = await admin.credentials.create({ tenant: "acme", dialect: "toy", name: "till 1" });
      expect(c).toMatchObject({
        dialect: "toy",
        name: "till 1",
        scopes: ["toy:read", "toy:write"],
      });
      expect(c.login).toEqual({
        username: expect.stringMatching(/^till-1@t_/),
        password: c.secret,
      });
      const p = await core.tokens.logins.verify("toy.user", c.login!.username!, c.secret);
      expect(p).toMatchObject({ credentialId: c.id, dialect: "toy" });
      expect(await core.authenticate(c.secret)).toMatchObject({ dialect: "toy" });
      // Listed without either.
      const listed = (await admin.credentials.list({ tenant: "acme" })).find((x) => x.id === c.id);
      expect(listed).not.toHaveProperty("login");
      expect(listed).not.toHaveProperty("secret");
      // A dialect without a hook (internal) has no login.
      const plainInternal = await admin.credentials.create({ tenant: "acme", dialect: "internal" });
      expect(plainInternal).not.toHaveProperty("login");
      expect(plainInternal.scopes).toEqual(["customers:read", "customers:write"]);
    });

    it("checks names and scopes against the registry the composition root handed core", async () => {
      const code = async (input: Parameters<typeof admin.credentials.create>[0]) => {
        try {
          await admin.credentials.create(input);
          return "created";
        } catch (err) {
          return (err as { code?: string }).code;
        }
      };
      expect(await code({ tenant: "acme", dialect: "toy", scopes: ["toy:admin"] })).toBe("created");
      expect(await code({ tenant: "acme", dialect: "toy", scopes: ["read_customers"] })).toBe(
        "BAD_REQUEST",
      );
      // Not served by this process: as unknown as a made-up name.
      expect(await code({ tenant: "acme", dialect: "shopify" })).toBe("BAD_REQUEST");
      expect(await code({ tenant: "acme", dialect: "soap" })).toBe("BAD_REQUEST");
      expect(() => createCore(t.db, { dialects: [toy, toy] })).toThrow(/registered twice/);
      expect(() => createCore(t.db, { dialects: [{ ...toy, name: "internal" }] })).toThrow(
        /registered twice/,
      );
    });

    it("a failing hook leaves no usable credential and says INTERNAL", async () => {
      const before = (await core.credentials.list("acme")).length;
      await expect(
        admin.credentials.create({ tenant: "acme", dialect: "toy", name: "break the hook" }),
      ).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
      const after = await core.credentials.list("acme");
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)).toMatchObject({ name: "break the hook" });
      expect(after.at(-1)!.revokedAt).not.toBeNull();
    });
  },
);

describe("cg credentials create with a login hook", () => {
  it("prints the login beside the secret; help lists the registered dialects", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cg-cli-login-"));
    try {
      const run = async (...argv: string[]) => {
        const stdout: string[] = [];
        const stderr: string[] = [];
        const code = await runCli(argv, {
          dialects: [toy],
          database: { url: "", dataDir: dir },
          io: { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) },
        });
        return { code, stdout: stdout.join(""), stderr: stderr.join("") };
      };
      const help = await run("--help");
      expect(help.stdout).toContain("--dialect <internal|toy>");
      expect(help.stdout).toContain(
        "toy        toy:read, toy:write  (toy:admin only when asked for)",
      );
      expect((await run("tenants", "create", "acme")).code).toBe(0);
      const r = await run("credentials", "create", "--tenant", "acme", "--dialect", "toy");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("The secret and the login are shown once");
      const out = JSON.parse(r.stdout) as { secret: string; login: Record<string, string> };
      expect(out.login).toEqual({ username: expect.stringMatching(/@t_/), password: out.secret });
      const bad = await run("credentials", "create", "--tenant", "acme", "--dialect", "plain");
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("dialect must be one of internal, toy");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
