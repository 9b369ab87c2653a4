import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { md5Hex } from "../src/index.ts";
import {
  type AuthKind,
  authHeaders,
  BULK,
  call,
  type Env,
  type Login,
  profile,
  setup,
  tenant,
} from "./helpers.ts";

const LOOKUP = "/v2/customers/lookup/customerDetails";

describe.each(testEngines())("capillary over HTTP on %s", (engine) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup(engine);
  });
  afterAll(() => env.close());

  describe.each<AuthKind>(["basic", "oauth"])("with %s auth", (kind) => {
    let l: Login;
    let h: Record<string, string>;
    beforeAll(async () => {
      l = await tenant(env, { defaultCountry: "IN" });
      h = await authHeaders(env, l, kind);
    });
    const tag = `${engine}-${kind}`;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call(env, "POST", path, { headers: { ...h, ...headers }, body });
    const get = (path: string) => call(env, "GET", path, { headers: h });

    it("upserts new profiles; the same batch again creates nothing and writes no event", async () => {
      const batch = [
        profile({ mobile: "916360499160", externalId: `A-${tag}`, email: `a-${tag}@example.com` }),
        profile({
          mobile: "6289999999", // national: read in the tenant's country (IN)
          externalId: `B-${tag}`,
          firstName: "Bina",
          lastName: "Rao",
          extra: [
            { type: "cardnumber", value: `CARD-${tag}` },
            { type: "wechat", value: `wx-${tag}` },
          ],
        }),
      ];
      const first = await post(BULK, batch);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ totalCount: 2, failureCount: 0 });
      const ids = first.body.response.map((x: { entityId: number }) => x.entityId);
      expect(ids.every((id: number) => Number.isInteger(id) && id > 0)).toBe(true);
      const r0 = first.body.response[0];
      expect(r0.errors).toEqual([]);
      expect(r0.result.id).toBe(ids[0]);
      expect(r0.result.profiles[0]).toMatchObject({
        firstName: "Vishal",
        lastName: "K",
        source: "WEB_ENGAGE",
        accountId: "311c4dd1",
        userId: ids[0],
      });
      expect(r0.result.profiles[0].identifiers).toEqual(
        expect.arrayContaining([
          { type: "mobile", value: "916360499160" },
          { type: "externalId", value: `A-${tag}` },
          { type: "email", value: `a-${tag}@example.com` },
        ]),
      );
      expect(first.body.response[1].result.profiles[0].identifiers).toContainEqual({
        type: "mobile",
        value: "916289999999",
      });

      const again = await post(BULK, batch);
      expect(again.status).toBe(200);
      expect(again.body.response.map((x: { entityId: number }) => x.entityId)).toEqual(ids);
      const c = await env.core.lookup(
        { tenantId: l.tenantId },
        { kind: "NUMBER", value: String(ids[0]) },
      );
      const history = await env.core.history({ tenantId: l.tenantId }, c.ok ? c.value!.id : "");
      // One CREATED, and the repeat was a NOOP: no event, no new version.
      expect(history.map((e) => e.result)).toEqual(["CREATED"]);
      expect(c.ok && c.value!.version).toBe(1);
      // The writer: Basic names its till; OAuth names none without an attribution header.
      expect(history[0]!.attribution).toBe(kind === "basic" ? `TILL:${l.tillCode}` : null);
    });

    it("looks up by each identifier kind, in any case, with + as the clients send it", async () => {
      await post(BULK, [
        profile({
          mobile: "919900000001",
          email: `look-${tag}@example.com`,
          externalId: `L-${tag}`,
          extra: [
            { type: "cardnumber", value: `LC-${tag}` },
            { type: "wechat", value: `lw-${tag}` },
          ],
        }),
      ]);
      const scoped = `source=WEB_ENGAGE&accountId=311c4dd1`;
      const queries = [
        `${scoped}&identifierName=mobile&identifierValue=919900000001`,
        `${scoped}&identifierName=mobile&identifierValue=+919900000001`, // + reads as a space
        `${scoped}&identifierName=email&identifierValue=LOOK-${tag}@example.com`,
        `${scoped}&identifierName=externalId&identifierValue=L-${tag}`,
        `${scoped}&IdentifierName=externalID&identifierValue=L-${tag}`,
        `${scoped}&identifierName=cardnumber&identifierValue=LC-${tag}`,
        `${scoped}&identifierName=wechat&identifierValue=lw-${tag}`,
        `source=INSTORE&identifierName=mobile&identifierValue=919900000001&embed=points,CUSTOMERSTATUS`,
      ];
      const found = await Promise.all(queries.map((q) => get(`${LOOKUP}?${q}`)));
      for (const f of found) expect(f.status).toBe(200);
      const id = found[0]!.body.id;
      expect(found.every((f) => f.body.id === id)).toBe(true);
      expect(found[0]!.body.profiles[0].commChannels).toContainEqual(
        expect.objectContaining({ type: "mobile", value: "919900000001" }),
      );
      // The older lookup answers the id only; GET by id answers the customer.
      const old = await get(`/v2/customers/lookup?${queries[0]}`);
      expect(old).toEqual({ status: 200, body: { entity: id, warnings: [] } });
      const byId = await get(`/v2/customers/${id}`);
      expect(byId.body.profiles[0].firstName).toBe("Vishal");
      // externalId is unique per source account: another account does not see it.
      const other = await get(
        `${LOOKUP}?source=WEB_ENGAGE&accountId=other&identifierName=externalId&identifierValue=L-${tag}`,
      );
      expect(other.status).toBe(404);
      expect(other.body.errors[0]).toMatchObject({ status: false, code: 8015 });
    });

    it("answers an unknown identifier with 8015 and bad lookups with their codes", async () => {
      const none = await get(
        `${LOOKUP}?source=INSTORE&identifierName=mobile&identifierValue=919811111111`,
      );
      expect(none).toEqual({
        status: 404,
        body: {
          errors: [
            { status: false, code: 8015, message: "Customer not found for the given identifiers" },
          ],
          warnings: [],
        },
      });
      const noSource = await get(`${LOOKUP}?identifierName=mobile&identifierValue=919811111111`);
      expect(noSource.body.errors[0].code).toBe(8001);
      const badSource = await get(`${LOOKUP}?source=NOPE&identifierName=mobile&identifierValue=1`);
      expect(badSource.body.errors[0].code).toBe(8003);
      const badName = await get(`${LOOKUP}?source=INSTORE&identifierName=shoe&identifierValue=1`);
      expect(badName.body.errors[0].code).toBe(8013);
      expect((await get(`/v2/customers/999999999`)).body.errors[0].code).toBe(8015);
    });

    it("writes the valid items of a mixed batch and answers 201 with each invalid item's code", async () => {
      const batch = [
        profile({ mobile: "919900000002", externalId: `M1-${tag}` }),
        profile({ email: "not-an-email", externalId: `M2-${tag}` }),
        profile({ mobile: "12", externalId: `M3-${tag}` }),
        profile({ mobile: "919900000004", source: "NOWHERE" }),
        { profiles: [{ identifiers: [{ type: "mobile", value: "919900000005" }] }] },
        {
          ...profile({ mobile: "919900000006" }),
          profiles: [
            {
              ...profile({ mobile: "919900000006" }).profiles[0]!,
              commChannels: [{ type: "pigeon", value: "x" }],
            },
          ],
        },
        { ...profile({ mobile: "919900000007", externalId: `M7-${tag}` }), statusLabel: "Sparkly" },
        profile({ mobile: "919900000008", source: "WECHAT", accountId: "" }),
        { profiles: [{ firstName: 7 }] },
        "not a customer",
      ];
      const r = await post(BULK, batch);
      expect(r.status).toBe(201);
      expect(r.body.totalCount).toBe(batch.length);
      const codes = r.body.response.map((x: { errors: { code: number }[] }) =>
        x.errors.map((e) => e.code),
      );
      expect(codes).toEqual([
        [],
        [8055],
        [8056],
        [8003],
        [8004],
        [8010],
        [3017],
        [8045],
        [400],
        [400],
      ]);
      expect(r.body.failureCount).toBe(9);
      // The valid item and the one with a bad status label are written (the label is not).
      expect(r.body.response[0].entityId).toBeGreaterThan(0);
      expect(r.body.response[6].result.id).toBe(r.body.response[6].entityId);
      expect(r.body.response[1]).toMatchObject({ entityId: null, result: null });
      const written = await get(
        `${LOOKUP}?source=WEB_ENGAGE&accountId=311c4dd1&identifierName=externalId&identifierValue=M1-${tag}`,
      );
      expect(written.status).toBe(200);
      const notWritten = await get(
        `${LOOKUP}?source=WEB_ENGAGE&accountId=311c4dd1&identifierName=externalId&identifierValue=M2-${tag}`,
      );
      expect(notWritten.status).toBe(404);
    });

    it("changes identifiers through the bulk upsert (skipChangeIdentifier=false) and changeIdentifier", async () => {
      const ext = `C-${tag}`;
      const created = await post(BULK, [profile({ mobile: "919900000010", externalId: ext })]);
      const id = created.body.response[0].entityId;
      // skipChangeIdentifier defaults to true: the new mobile is not written.
      const skipped = await post(BULK, [profile({ mobile: "919900000011", externalId: ext })]);
      expect(skipped.body.response[0].entityId).toBe(id);
      expect(JSON.stringify(skipped.body.response[0].result)).not.toContain("919900000011");
      const changed = await post(`${BULK}?skipChangeIdentifier=false`, [
        profile({ mobile: "919900000011", externalId: ext }),
      ]);
      expect(changed.status).toBe(200);
      const ids = changed.body.response[0].result.profiles[0].identifiers;
      expect(ids).toContainEqual({ type: "mobile", value: "919900000011" });
      expect(ids).not.toContainEqual({ type: "mobile", value: "919900000010" });
      expect((await post(`${BULK}?skipChangeIdentifier=maybe`, [])).status).toBe(400);

      const add = await post(
        `/v2/customers/${id}/changeIdentifier?source=WEB_ENGAGE&accountId=311c4dd1`,
        {
          add: [{ type: "email", value: `changed-${tag}@example.com` }],
          remove: [{ type: "mobile", value: "919900000011" }],
        },
      );
      expect(add).toEqual({ status: 200, body: { createdId: id, warnings: [] } });
      const read = await get(`/v2/customers/${id}`);
      const after = read.body.profiles[0].identifiers;
      expect(after).toContainEqual({ type: "email", value: `changed-${tag}@example.com` });
      expect(after.some((x: { type: string }) => x.type === "mobile")).toBe(false);
      // PUT is accepted too; nothing to change is warning 8070.
      const again = await call(env, "PUT", `/v2/customers/${id}/changeIdentifier`, {
        headers: h,
        body: { add: [{ type: "email", value: `changed-${tag}@example.com` }] },
      });
      expect(again.body.warnings[0].code).toBe(8070);
      // An identifier of another customer is taken: 8007.
      const taken = await post(`/v2/customers/${id}/changeIdentifier`, {
        add: [{ type: "mobile", value: "916360499160" }],
      });
      expect(taken.status).toBe(400);
      expect(taken.body.errors[0].code).toBe(8007);
    });

    it("adds in the same source (8006) and in another source (8050, one customer)", async () => {
      const body = {
        profiles: [
          {
            firstName: "Tom",
            lastName: "Sawyer",
            identifiers: [{ type: "email", value: `tom-${tag}@example.com` }],
          },
        ],
        loyaltyInfo: { loyaltyType: "loyalty" },
      };
      const added = await post(`/v2/customers?source=INSTORE&accountId=`, body);
      expect(added.status).toBe(200);
      expect(added.body.warnings).toEqual([]);
      const id = added.body.createdId;
      const dup = await post(`/v2/customers?source=INSTORE`, body);
      expect(dup.status).toBe(400);
      expect(dup.body.errors[0]).toEqual({
        status: false,
        code: 8006,
        message: `Add failed, Customer already exists with id ${id} for same source`,
      });
      const other = await post(`/v2/customers`, {
        ...body,
        profiles: [
          {
            ...body.profiles[0],
            identifiers: [
              ...body.profiles[0]!.identifiers,
              { type: "externalId", value: `T-${tag}` },
            ],
            source: "MARTJACK",
            accountId: "",
          },
        ],
      });
      expect(other.status).toBe(200);
      expect(other.body.createdId).toBe(id);
      expect(other.body.warnings).toEqual([
        { status: false, code: 8050, message: "Same Customer found in other sources,Combining" },
      ]);
      const read = await get(`/v2/customers/${id}`);
      expect(read.body.profiles.map((p: { source: string }) => p.source).sort()).toEqual([
        "INSTORE",
        "MARTJACK",
      ]);
      const martjack = read.body.profiles.find((p: { source: string }) => p.source === "MARTJACK");
      expect(martjack.identifiers).toContainEqual({ type: "externalId", value: `T-${tag}` });
    });

    it("combines a profile of another source sharing the mobile into one customer (8050)", async () => {
      const web = await post(BULK, [profile({ mobile: "919900000040", externalId: `S1-${tag}` })]);
      const id = web.body.response[0].entityId;
      const shop = await post(BULK, [
        profile({
          mobile: "919900000040",
          externalId: `S2-${tag}`,
          source: "MARTJACK",
          accountId: "",
        }),
      ]);
      expect(shop.status).toBe(200);
      expect(shop.body.response[0]).toMatchObject({
        entityId: id,
        errors: [],
        warnings: [
          { status: false, code: 8050, message: "Same Customer found in other sources,Combining" },
        ],
      });
      const profiles = shop.body.response[0].result.profiles;
      expect(profiles.map((p: { source: string }) => p.source).sort()).toEqual([
        "MARTJACK",
        "WEB_ENGAGE",
      ]);
      // Each account keeps its own externalId; the mobile is the customer's, in both.
      const mj = profiles.find((p: { source: string }) => p.source === "MARTJACK");
      expect(mj.identifiers).toEqual(
        expect.arrayContaining([
          { type: "mobile", value: "919900000040" },
          { type: "externalId", value: `S2-${tag}` },
        ]),
      );
      expect(mj.identifiers).not.toContainEqual({ type: "externalId", value: `S1-${tag}` });
    });

    it("updates by id (not its identifiers)", async () => {
      const created = await post(BULK, [
        profile({ mobile: "919900000020", externalId: `U-${tag}` }),
      ]);
      const id = created.body.response[0].entityId;
      const r = await call(env, "PUT", `/v2/customers/${id}?source=WEB_ENGAGE&accountId=311c4dd1`, {
        headers: h,
        body: {
          profiles: [
            {
              firstName: "Vish",
              lastName: "Kumar",
              identifiers: [{ type: "mobile", value: "919900000029" }],
              fields: { color: "green" },
            },
          ],
          extendedFields: { gender: "Female", city: "Pune" },
        },
      });
      expect(r).toEqual({ status: 200, body: { createdId: id, warnings: [] } });
      const read = await get(`/v2/customers/${id}`);
      expect(read.body.profiles[0]).toMatchObject({
        firstName: "Vish",
        lastName: "Kumar",
        fields: { color: "green" },
      });
      expect(read.body.extendedFields).toMatchObject({ gender: "Female", city: "Pune" });
      expect(JSON.stringify(read.body)).not.toContain("919900000029");
      const missing = await call(env, "PUT", `/v2/customers/987654321`, {
        headers: h,
        body: { profiles: [{ firstName: "X", source: "INSTORE" }] },
      });
      expect(missing.status).toBe(404);
      expect(missing.body.errors[0].code).toBe(8009);
      const badId = await call(env, "PUT", `/v2/customers/abc`, {
        headers: h,
        body: { profiles: [{}] },
      });
      expect(badId.status).toBe(400);
    });

    it("refuses a batch over the limit, malformed JSON, a non-array body and a non-JSON type", async () => {
      const over = await post(
        BULK,
        Array.from({ length: 101 }, (_, i) =>
          profile({ mobile: `9199000${String(i).padStart(5, "0")}` }),
        ),
      );
      expect(over.status).toBe(400);
      expect(over.body.errors[0].code).toBe(1060);
      const malformed = await call(env, "POST", BULK, { headers: h, raw: "[{" });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0]).toMatchObject({ status: false, code: 400 });
      const object = await post(BULK, { profiles: [] });
      expect(object.status).toBe(400);
      expect(object.body.errors[0].message).toContain("JSON array");
      const text = await call(env, "POST", BULK, {
        headers: { ...h, "content-type": "text/plain" },
        raw: "[]",
      });
      expect(text.status).toBe(415);
      expect(text.body.errors[0].code).toBe(415);
    });

    it("records the attribution headers as the writer", async () => {
      const r = await post(BULK, [profile({ mobile: "919900000030", externalId: `W-${tag}` })], {
        "X-CAP-API-ATTRIBUTION-ENTITY-TYPE": "STORE_CODE",
        "X-CAP-API-ATTRIBUTION-ENTITY-CODE": "store.42",
      });
      expect(r.body.response[0].result.profiles[0].attribution.createdBy).toEqual({
        code: "store.42",
        name: "store.42",
        type: "STORE_CODE",
      });
      const c = await env.core.lookup(
        { tenantId: l.tenantId },
        { kind: "NUMBER", value: String(r.body.response[0].entityId) },
      );
      const history = await env.core.history({ tenantId: l.tenantId }, c.ok ? c.value!.id : "");
      expect(history[0]).toMatchObject({
        dialect: "capillary",
        attribution: "STORE_CODE:store.42",
      });
      const half = await post(BULK, [], { "X-CAP-API-ATTRIBUTION-LOOKUP": "x" });
      expect(half.status).toBe(400);
      expect(half.body.errors[0].code).toBe(1061);
      const long = await post(BULK, [], { "X-CAP-API-ATTRIBUTION-ENTITY-CODE": "x".repeat(300) });
      expect(long.status).toBe(400);
    });
  });

  describe("authentication", () => {
    let l: Login;
    beforeAll(async () => {
      l = await tenant(env);
    });
    const bulk = (headers: Record<string, string>) =>
      call(env, "POST", BULK, { headers, body: [] });

    it("refuses a wrong Basic password, an unknown till and no credential", async () => {
      const basic = (user: string, pass: string) => ({
        authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`,
      });
      const wrong = await bulk(basic(l.tillCode, md5Hex("wrong")));
      expect(wrong.status).toBe(401);
      expect(wrong.body.errors[0]).toEqual({
        status: false,
        code: 401,
        message: "Authentication failed. Please check username and password.",
      });
      // The password itself (not its md5) is not accepted either.
      expect((await bulk(basic(l.tillCode, l.password))).status).toBe(401);
      expect((await bulk(basic("till.nobody", md5Hex(l.password)))).status).toBe(401);
      expect((await bulk({})).status).toBe(401);
      expect((await bulk(basic(l.tillCode, md5Hex(l.password).toUpperCase()))).status).toBe(200);
    });

    it("issues OAuth tokens for the key and secret only, and refuses garbage and expired tokens", async () => {
      const gen = (body: unknown) => call(env, "POST", "/v3/oauth/token/generate", { body });
      const bad = await gen({ key: l.key, secret: "nope" });
      expect(bad.status).toBe(401);
      expect(bad.body.data).toBeNull();
      expect((await gen({ key: l.key })).status).toBe(400);
      const ok = await gen({ key: l.key, secret: l.secret });
      expect(ok.body).toEqual({
        data: { accessToken: expect.any(String), ttlSeconds: 300 },
        errors: null,
      });
      const token = ok.body.data.accessToken as string;
      expect((await bulk({ "x-cap-api-oauth-token": token })).status).toBe(200);
      expect((await bulk({ "x-cap-api-oauth-token": "garbage" })).status).toBe(401);
      env.advance(301_000);
      const expired = await bulk({ "x-cap-api-oauth-token": token });
      expect(expired.status).toBe(401);
      expect(expired.body.errors[0].code).toBe(401);
    });

    it("answers 403 to a credential without the modify access group", async () => {
      const viewer = await tenant(env, { scopes: ["customer:view"] });
      const h = await authHeaders(env, viewer, "basic");
      const r = await call(env, "POST", BULK, { headers: h, body: [] });
      expect(r.status).toBe(403);
      expect(r.body.errors[0].code).toBe(403);
      const lookup = await call(
        env,
        "GET",
        `${LOOKUP}?source=INSTORE&identifierName=mobile&identifierValue=919811111111`,
        { headers: h },
      );
      expect(lookup.status).toBe(404);
    });
  });
});
