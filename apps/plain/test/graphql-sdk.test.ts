import { type Core, revokeCredential, silentLogger } from "@cg/core";
import { testEngines } from "@cg/db/testing";
import {
  AuthenticationError,
  ForbiddenError,
  MachineUserActorModel,
  NetworkError,
  PlainClient,
  PlainGraphQLClient,
} from "@team-plain/graphql";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlainContext } from "../src/context.ts";
import { type Env, setup, type TenantEnv, tenant } from "./helpers.ts";

// Plain's current SDK, @team-plain/graphql from npm, pointed at the app over a loopback socket.
// (The legacy @team-plain/typescript-sdk is driven in sdk.test.ts.)
describe.each(testEngines())("@team-plain/graphql against the app on %s", (engine) => {
  let env: Env;
  let t: TenantEnv;
  let client: PlainClient;
  /** Core reads the actor resolvers make (batching is checked through these). */
  const reads = { customers: 0, credentials: 0 };
  /** The core the handler was given: env.core wrapped to count those reads. */
  let counted: Core;
  beforeAll(async () => {
    env = await setup(engine, {
      core: (core) => {
        counted = {
          ...core,
          getMany: (ctx, ids) => {
            reads.customers++;
            return core.getMany(ctx, ids);
          },
          credentials: {
            ...core.credentials,
            getMany: (ctx, ids) => {
              reads.credentials++;
              return core.credentials.getMany(ctx, ids);
            },
          },
        };
        return counted;
      },
    });
    t = await tenant(env);
    client = new PlainClient({ apiKey: t.secret, apiUrl: env.url });
  });
  afterAll(async () => {
    await env.close();
  });

  const input = (email: string, fullName = "Daisy Duck", extra: Record<string, unknown> = {}) => ({
    identifier: { emailAddress: email },
    onCreate: { fullName, email: { email, isVerified: false }, ...extra },
    onUpdate: { fullName: { value: fullName } },
  });

  it("upsertCustomer: CREATED, then NOOP, then UPDATED, each with the SDK's customer fields", async () => {
    const a = await client.mutation.upsertCustomer({
      input: input("daisy@example.com", "Daisy Duck", { externalId: "ext-daisy" }),
    });
    expect(a.error).toBeNull();
    expect(a.result).toBe("CREATED");
    const c = a.customer!;
    expect(c).toMatchObject({
      id: expect.stringMatching(/^c_/),
      externalId: "ext-daisy",
      fullName: "Daisy Duck",
      email: { email: "daisy@example.com", isVerified: false, verifiedAt: null },
      isAnonymous: false,
      markedAsSpamBy: null,
      identities: [{ __typename: "EmailCustomerIdentity", email: "daisy@example.com" }],
    });
    // The key's writes are a machine user's, selected as the SDK's fragment selects them.
    expect(c.createdBy).toEqual({
      __typename: "MachineUserActor",
      machineUserId: expect.stringMatching(/^cred_/),
      machineUser: { id: (c.createdBy as { machineUserId: string }).machineUserId },
    });

    const b = await client.mutation.upsertCustomer({ input: input("daisy@example.com") });
    expect(b).toMatchObject({ result: "NOOP", error: null, customer: { id: c.id } });
    expect(b.customer?.updatedAt).toEqual(c.updatedAt);

    const d = await client.mutation.upsertCustomer({
      input: input("daisy@example.com", "Daisy D. Duck"),
    });
    expect(d).toMatchObject({
      result: "UPDATED",
      customer: { id: c.id, fullName: "Daisy D. Duck" },
    });
  });

  it("customer, customerByEmail and customerByExternalId return the SDK's models", async () => {
    const a = await client.mutation.upsertCustomer({
      input: input("gladstone@example.com", "Gladstone Gander", { externalId: "ext-gladstone" }),
    });
    const id = a.customer!.id;
    const byId = await client.query.customer({ customerId: id });
    expect(byId.fullName).toBe("Gladstone Gander");
    expect(byId.createdBy).toBeInstanceOf(MachineUserActorModel);
    expect((await client.query.customerByEmail({ email: "GLADSTONE@example.com" })).id).toBe(id);
    expect((await client.query.customerByExternalId({ externalId: "ext-gladstone" })).id).toBe(id);
    // The SDK turns a null customer into its own error.
    await expect(client.query.customerByEmail({ email: "nobody@example.com" })).rejects.toThrow(
      "customerByEmail not found",
    );
  });

  it("customers: pages through fetchNext / fetchPrevious with totalCount", async () => {
    const fresh = await tenant(env);
    const c = new PlainClient({ apiKey: fresh.secret, apiUrl: env.url });
    for (const n of ["a", "b", "c", "d", "e"])
      await c.mutation.upsertCustomer({ input: input(`page-${n}@example.com`, `Page ${n}`) });
    const p1 = await c.query.customers({ first: 2 });
    expect(p1.totalCount).toBe(5);
    expect(p1.nodes.map((x) => x.fullName)).toEqual(["Page a", "Page b"]);
    expect(p1.hasNextPage).toBe(true);
    const p2 = await p1.fetchNext();
    expect(p2?.nodes.map((x) => x.fullName)).toEqual(["Page c", "Page d"]);
    const p3 = await p2!.fetchNext();
    expect(p3?.nodes.map((x) => x.fullName)).toEqual(["Page e"]);
    expect(p3?.hasNextPage).toBe(false);
    // Another tenant's key sees none of them.
    expect(
      (await client.query.customers({ first: 100 })).nodes.some((x) => x.fullName === "Page a"),
    ).toBe(false);
  });

  it("searchCustomers: conditions OR-ed, case-insensitive contains on names, email and external id", async () => {
    const fresh = await tenant(env);
    const c = new PlainClient({ apiKey: fresh.secret, apiUrl: env.url });
    await c.mutation.upsertCustomer({
      input: input("huey@duckburg.example", "Huey Duck", {
        externalId: "nephew-1",
        shortName: "Huey",
      }),
    });
    await c.mutation.upsertCustomer({
      input: input("dewey@duckburg.example", "Dewey Duck", { externalId: "nephew-2" }),
    });
    await c.mutation.upsertCustomer({ input: input("scrooge@money.example", "Scrooge McDuck") });
    const names = async (or: Record<string, unknown>[]) =>
      (await c.query.searchCustomers({ searchQuery: { or } })).nodes.map((x) => x.fullName).sort();
    expect(await names([{ email: { caseInsensitiveContains: "DUCKBURG" } }])).toEqual([
      "Dewey Duck",
      "Huey Duck",
    ]);
    expect(await names([{ fullName: { caseInsensitiveContains: "mcduck" } }])).toEqual([
      "Scrooge McDuck",
    ]);
    expect(await names([{ shortName: { caseInsensitiveContains: "hue" } }])).toEqual(["Huey Duck"]);
    expect(
      await names([
        { externalId: { caseInsensitiveContains: "NEPHEW-2" } },
        { email: { caseInsensitiveContains: "scrooge@" } },
      ]),
    ).toEqual(["Dewey Duck", "Scrooge McDuck"]);
    expect(await names([{ timelineEntryText: { caseInsensitiveContains: "duck" } }])).toEqual([]);
    // Pages, most recently changed first.
    const p1 = await c.query.searchCustomers({
      searchQuery: { or: [{ fullName: { caseInsensitiveContains: "duck" } }] },
      first: 2,
    });
    expect(p1.nodes.map((x) => x.fullName)).toEqual(["Scrooge McDuck", "Dewey Duck"]);
    expect((await p1.fetchNext())?.nodes.map((x) => x.fullName)).toEqual(["Huey Duck"]);
    // A condition naming two attributes is a query error: the SDK throws on HTTP 400.
    const bad = c.query.searchCustomers({
      searchQuery: {
        or: [
          { fullName: { caseInsensitiveContains: "a" }, email: { caseInsensitiveContains: "b" } },
        ],
      },
    });
    await expect(bad).rejects.toBeInstanceOf(NetworkError);
    await expect(bad).rejects.toThrow(/exactly one search condition attribute/);
  });

  it("a page of 100 customers reads their writers in one batch, not one read per row", async () => {
    const fresh = await tenant(env);
    const c = new PlainClient({ apiKey: fresh.secret, apiUrl: env.url });
    const second = new PlainClient({ apiKey: await fresh.key([]), apiUrl: env.url });
    for (let i = 0; i < 100; i++)
      await (i % 2 ? c : second).mutation.upsertCustomer({
        input: input(`batch-${i}@example.com`, `Batch ${i}`),
      });
    const raw = new PlainGraphQLClient({ apiKey: fresh.secret, apiUrl: env.url });
    const before = { ...reads };
    type Page = {
      customers: {
        edges: {
          node: { createdBy: { machineUser: { id: string; fullName: string; type: string } } };
        }[];
      };
    };
    const r = await raw.request<Page, Record<string, never>>(
      parse(`{ customers(first: 100) { edges { node { createdBy { ... on MachineUserActor {
        machineUser { id fullName type } } } } } } }`),
    );
    const users = r.customers.edges.map((e) => e.node.createdBy.machineUser);
    expect(users).toHaveLength(100);
    expect(new Set(users.map((u) => u.id)).size).toBe(2);
    expect(users[0]).toEqual({ id: users[0]!.id, fullName: "plain credential", type: "API_USER" });
    expect(reads.credentials - before.credentials).toBe(1);

    // CustomerActor.customer goes through the same kind of loader: 100 loads, one read.
    const ids: string[] = [];
    const page = await env.core.list({ tenantId: fresh.tenantId }, { first: 100 });
    if (!page.ok) throw new Error(page.error.message);
    ids.push(...page.value.items.map((i) => i.customer.id));
    const principal = await env.core.authenticate(fresh.secret);
    const ctx = createPlainContext(counted, silentLogger, principal!);
    const n = reads.customers;
    const loaded = await Promise.all(ids.map((id) => ctx.customers.load(id)));
    expect(loaded.map((c) => c?.id)).toEqual(ids);
    expect(reads.customers - n).toBe(1);
  });

  it("the machine user: the credential's name and dates, an API user created by the system; revoked is deleted", async () => {
    const fresh = await tenant(env);
    const secret = await fresh.key([]);
    const c = new PlainClient({ apiKey: secret, apiUrl: env.url });
    const a = await c.mutation.upsertCustomer({ input: input("mu@example.com", "Machine User") });
    const credentialId = (a.customer!.createdBy as { machineUserId: string }).machineUserId;
    const q =
      parse(`query ($id: ID!) { customer(customerId: $id) { createdBy { ... on MachineUserActor {
      machineUser { id fullName publicName description type isDeleted deletedAt { iso8601 } deletedBy { __typename }
        createdAt { iso8601 } updatedAt { iso8601 } createdBy { ... on SystemActor { systemId workflowExecutionId workflow { id name } } } } } } } }`);
    const ask = async () =>
      (
        await new PlainGraphQLClient({ apiKey: fresh.secret, apiUrl: env.url }).request<
          { customer: { createdBy: { machineUser: Record<string, unknown> } } },
          { id: string }
        >(q, { id: a.customer!.id })
      ).customer.createdBy.machineUser;
    const [view] = await env.core.credentials.getMany({ tenantId: fresh.tenantId }, [credentialId]);
    expect(await ask()).toEqual({
      id: credentialId,
      fullName: "plain credential",
      publicName: "plain credential",
      description: null,
      type: "API_USER",
      isDeleted: false,
      deletedAt: null,
      deletedBy: null,
      createdAt: { iso8601: view!.createdAt },
      updatedAt: { iso8601: view!.createdAt },
      createdBy: { systemId: "system", workflowExecutionId: null, workflow: null },
    });
    const revoked = await revokeCredential(env.t.db, credentialId);
    if (!revoked.ok) throw new Error(revoked.error.message);
    expect(await ask()).toMatchObject({
      isDeleted: true,
      deletedAt: { iso8601: revoked.value.revokedAt },
      deletedBy: { __typename: "SystemActor" },
    });
  });

  it("deleteCustomer removes the customer; again is a not_found MutationError", async () => {
    const a = await client.mutation.upsertCustomer({
      input: input("gone@example.com", "Gone Goose"),
    });
    const id = a.customer!.id;
    const d = await client.mutation.deleteCustomer({ input: { customerId: id } });
    expect(d.error).toBeNull();
    await expect(client.query.customer({ customerId: id })).rejects.toThrow("customer not found");
    const again = await client.mutation.deleteCustomer({ input: { customerId: id } });
    expect(again.error).toMatchObject({
      code: "not_found",
      fields: [{ field: "customerId", type: "NOT_FOUND" }],
    });
  });

  it("a validation error is the SDK's MutationError as data; a bad key its AuthenticationError; a missing permission its ForbiddenError", async () => {
    const r = await client.mutation.upsertCustomer({
      input: {
        identifier: { emailAddress: "bad@example.com" },
        onCreate: { fullName: "", email: { email: "bad@example.com", isVerified: false } },
        onUpdate: {},
      },
    });
    expect(r.result).toBeNull();
    expect(r.customer).toBeNull();
    expect(r.error).toMatchObject({
      type: "VALIDATION",
      code: "input_validation",
      fields: [expect.objectContaining({ field: "onCreate.fullName" })],
    });

    const stranger = new PlainClient({ apiKey: "plainApiKey_unknown", apiUrl: env.url });
    await expect(stranger.query.customers({ first: 1 })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(
      stranger.mutation.upsertCustomer({ input: input("x@example.com") }),
    ).rejects.toBeInstanceOf(AuthenticationError);

    const readOnly = new PlainClient({ apiKey: await t.key(["customer:create"]), apiUrl: env.url });
    await expect(readOnly.query.customers({ first: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
