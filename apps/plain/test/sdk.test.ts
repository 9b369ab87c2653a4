import { createCustomerGroup } from "@cg/core";
import { testEngines } from "@cg/db/testing";
import { CustomersSortField, PlainClient, SortDirection } from "@team-plain/typescript-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Env, setup, type TenantEnv, tenant } from "./helpers.ts";

// The real @team-plain/typescript-sdk from npm, pointed at the app over a loopback socket.
describe.each(testEngines())("Plain SDK against the app on %s", (engine) => {
  let env: Env;
  let t: TenantEnv;
  let client: PlainClient;
  beforeAll(async () => {
    env = await setup(engine);
    t = await tenant(env);
    client = new PlainClient({ apiKey: t.secret, apiUrl: env.url });
  });
  afterAll(async () => {
    await env.close();
  });

  const input = (
    email: string,
    fullName = "Donald Duck",
    extra: { externalId?: string; shortName?: string } = {},
  ) => ({
    identifier: { emailAddress: email },
    onCreate: { fullName, email: { email, isVerified: false }, ...extra },
    onUpdate: { fullName: { value: fullName } },
  });

  it("create → CREATED, repeat → NOOP, change → UPDATED", async () => {
    const a = await client.upsertCustomer(
      input("donald@example.com", "Donald Duck", { externalId: "ext-donald", shortName: "Donald" }),
    );
    expect(a.error).toBeUndefined();
    expect(a.data?.result).toBe("CREATED");
    const c = a.data!.customer;
    expect(c.id).toMatch(/^c_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(c).toMatchObject({
      fullName: "Donald Duck",
      shortName: "Donald",
      externalId: "ext-donald",
      email: { email: "donald@example.com", isVerified: false, verifiedAt: null },
    });
    expect(c.createdBy).toEqual({
      __typename: "MachineUserActor",
      machineUserId: expect.stringMatching(/^cred_/),
    });
    expect(Number(c.createdAt.unixTimestamp)).toBe(Date.parse(c.createdAt.iso8601));

    const b = await client.upsertCustomer(input("donald@example.com"));
    expect(b.data?.result).toBe("NOOP");
    expect(b.data?.customer.id).toBe(c.id);
    expect(b.data?.customer.updatedAt).toEqual(c.updatedAt);

    const d = await client.upsertCustomer(input("donald@example.com", "Donald F. Duck"));
    expect(d.data?.result).toBe("UPDATED");
    expect(d.data?.customer).toMatchObject({
      id: c.id,
      fullName: "Donald F. Duck",
      shortName: "Donald",
      externalId: "ext-donald",
    });
  });

  it("looks customers up by id, email and external id; unknown ones are null", async () => {
    const a = await client.upsertCustomer(
      input("lookup@example.com", "Look Up", { externalId: "ext-lookup" }),
    );
    const id = a.data!.customer.id;
    expect((await client.getCustomerById({ customerId: id })).data?.fullName).toBe("Look Up");
    expect((await client.getCustomerByEmail({ email: "LOOKUP@example.com" })).data?.id).toBe(id);
    expect((await client.getCustomerByExternalId({ externalId: "ext-lookup" })).data?.id).toBe(id);
    expect(
      (await client.getCustomerById({ customerId: "c_01ARZ3NDEKTSV4RRFFQ69G5FAV" })).data,
    ).toBeNull();
    expect((await client.getCustomerById({ customerId: "not-a-plain-id" })).data).toBeNull();
    expect((await client.getCustomerByEmail({ email: "nobody@example.com" })).data).toBeNull();
    expect((await client.getCustomerByExternalId({ externalId: "nope" })).data).toBeNull();
  });

  it("paginates customers (Relay, totalCount) and sorts by full name", async () => {
    const own = await tenant(env);
    const c = new PlainClient({ apiKey: own.secret, apiUrl: env.url });
    const names = ["Eve", "Bob", "Dan", "Amy", "Cat"];
    for (const n of names)
      expect((await c.upsertCustomer(input(`${n.toLowerCase()}@page.io`, n))).data?.result).toBe(
        "CREATED",
      );
    const p1 = await c.getCustomers({
      first: 2,
      sortBy: { field: CustomersSortField.FullName, direction: SortDirection.Asc },
    });
    expect(p1.error).toBeUndefined();
    expect(p1.data?.customers.map((x) => x.fullName)).toEqual(["Amy", "Bob"]);
    expect(p1.data?.totalCount).toBe(5);
    expect(p1.data?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await c.getCustomers({
      first: 2,
      after: p1.data!.pageInfo.endCursor!,
      sortBy: { field: CustomersSortField.FullName, direction: SortDirection.Asc },
    });
    expect(p2.data?.customers.map((x) => x.fullName)).toEqual(["Cat", "Dan"]);
    const p3 = await c.getCustomers({
      first: 2,
      after: p2.data!.pageInfo.endCursor!,
      sortBy: { field: CustomersSortField.FullName, direction: SortDirection.Asc },
    });
    expect(p3.data?.customers.map((x) => x.fullName)).toEqual(["Eve"]);
    expect(p3.data?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = await c.getCustomers({
      last: 2,
      before: p3.data!.pageInfo.startCursor!,
      sortBy: { field: CustomersSortField.FullName, direction: SortDirection.Asc },
    });
    expect(back.data?.customers.map((x) => x.fullName)).toEqual(["Cat", "Dan"]);
    const desc = await c.getCustomers({
      sortBy: { field: CustomersSortField.FullName, direction: SortDirection.Desc },
    });
    expect(desc.data?.customers.map((x) => x.fullName)).toEqual([
      "Eve",
      "Dan",
      "Cat",
      "Bob",
      "Amy",
    ]);
    // Creation order by default, 25 per page by default.
    const all = await c.getCustomers({});
    expect(all.data?.customers.map((x) => x.fullName)).toEqual(names);
  });

  it("bad pagination arguments surface as the SDK's bad_request with Plain's error code", async () => {
    const r = await client.getCustomers({ first: 101 });
    expect(r.error?.type).toBe("bad_request");
    if (r.error?.type !== "bad_request") return;
    expect(r.error.graphqlErrors.map((e) => e.extensions.code)).toEqual(["BAD_USER_INPUT"]);
    const mixed = await client.getCustomers({ first: 1, before: "abc" });
    expect(mixed.error?.type).toBe("bad_request");
  });

  it("customer groups: onCreate customerGroupIdentifiers, add, list memberships, remove", async () => {
    const own = await tenant(env);
    const c = new PlainClient({ apiKey: own.secret, apiUrl: env.url });
    const ent = await createCustomerGroup(env.t.db, own.tenantId, {
      key: "enterprise",
      name: "Enterprise",
      color: "#112233",
    });
    const vip = await createCustomerGroup(env.t.db, own.tenantId, {
      key: "vip",
      name: "VIP",
      externalId: "crm-vip",
    });
    if (!ent.ok || !vip.ok) throw new Error("group setup failed");
    const created = await c.upsertCustomer({
      identifier: { emailAddress: "group@x.io" },
      onCreate: {
        fullName: "Group Member",
        email: { email: "group@x.io", isVerified: true },
        customerGroupIdentifiers: [{ customerGroupKey: "enterprise" }],
      },
      onUpdate: {},
    });
    expect(created.data?.result).toBe("CREATED");
    expect(created.data?.customer.email.isVerified).toBe(true);
    expect(created.data?.customer.email.verifiedAt?.iso8601).toEqual(expect.any(String));
    const customerId = created.data!.customer.id;

    const added = await c.addCustomerToCustomerGroups({
      customerId,
      customerGroupIdentifiers: [{ externalId: "crm-vip" }],
    });
    expect(added.error).toBeUndefined();
    expect(
      added.data?.map((m) => [m.customerId, m.customerGroup.key, m.customerGroup.name]),
    ).toEqual([[customerId, "vip", "VIP"]]);

    const list = await c.getCustomerCustomerGroupMemberships({ customerId });
    expect(list.error).toBeUndefined();
    expect(list.data?.customerGroupMemberships.map((m) => m.customerGroup.key).sort()).toEqual([
      "enterprise",
      "vip",
    ]);
    expect(
      list.data?.customerGroupMemberships.find((m) => m.customerGroup.key === "enterprise")
        ?.customerGroup.color,
    ).toBe("#112233");
    const page = await c.getCustomerCustomerGroupMemberships({ customerId, first: 1 });
    expect(page.data?.customerGroupMemberships).toHaveLength(1);
    expect(page.data?.pageInfo?.hasNextPage).toBe(true);

    const byGroup = await c.getCustomers({ filters: { customerGroupKeys: ["vip"] } });
    expect(byGroup.data?.customers.map((x) => x.id)).toEqual([customerId]);
    expect(
      (await c.getCustomers({ filters: { customerGroupIds: [ent.value.id] } })).data?.totalCount,
    ).toBe(1);

    const removed = await c.removeCustomerFromCustomerGroups({
      customerId,
      customerGroupIdentifiers: [{ customerGroupId: ent.value.id }],
    });
    expect(removed.error).toBeUndefined();
    const after = await c.getCustomerCustomerGroupMemberships({ customerId });
    expect(after.data?.customerGroupMemberships.map((m) => m.customerGroup.key)).toEqual(["vip"]);

    const unknown = await c.addCustomerToCustomerGroups({
      customerId,
      customerGroupIdentifiers: [{ customerGroupKey: "nope" }],
    });
    expect(unknown.error?.type).toBe("mutation_error");
    if (unknown.error?.type !== "mutation_error") return;
    expect(unknown.error.errorDetails).toMatchObject({
      type: "VALIDATION",
      fields: [{ field: "customerGroupIdentifiers.0", type: "NOT_FOUND" }],
    });
  });

  it("validation errors are the SDK's mutation_error with Plain's codes", async () => {
    await client.upsertCustomer(input("taken@x.io", "Taken", { externalId: "ext-taken" }));
    await client.upsertCustomer(input("other@x.io", "Other"));

    const email = await client.upsertCustomer({
      identifier: { emailAddress: "other@x.io" },
      onCreate: input("other@x.io").onCreate,
      onUpdate: { email: { email: "taken@x.io", isVerified: false } },
    });
    expect(email.error?.type).toBe("mutation_error");
    if (email.error?.type !== "mutation_error") return;
    expect(email.error.errorDetails).toMatchObject({
      __typename: "MutationError",
      type: "VALIDATION",
      code: "customer_already_exists_with_email",
      fields: [{ field: "onUpdate.email.email", type: "VALIDATION" }],
    });

    const ext = await client.upsertCustomer({
      identifier: { emailAddress: "other@x.io" },
      onCreate: input("other@x.io").onCreate,
      onUpdate: { externalId: { value: "ext-taken" } },
    });
    expect(ext.error?.type === "mutation_error" && ext.error.errorDetails.code).toBe(
      "customer_already_exists_with_external_id",
    );

    const two = await client.upsertCustomer({
      ...input("x@x.io"),
      identifier: { emailAddress: "x@x.io", externalId: "e" },
    });
    expect(two.error?.type === "mutation_error" && two.error.errorDetails).toMatchObject({
      message: "There was a validation error.",
      code: "input_validation",
      type: "VALIDATION",
      fields: [{ field: "identifier", type: "VALIDATION" }],
    });
    const none = await client.upsertCustomer({ ...input("x@x.io"), identifier: {} });
    expect(none.error?.type === "mutation_error" && none.error.errorDetails.code).toBe(
      "input_validation",
    );

    const bad = await client.upsertCustomer(input("not-an-email", "Bad"));
    expect(bad.error?.type === "mutation_error" && bad.error.errorDetails).toMatchObject({
      code: "input_validation",
      fields: [
        { field: "identifier.emailAddress", type: "VALIDATION" },
        { field: "onCreate.email.email", type: "VALIDATION" },
      ],
    });
    const blank = await client.upsertCustomer(input("blank@x.io", "   "));
    expect(blank.error?.type === "mutation_error" && blank.error.errorDetails.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "onCreate.fullName", type: "REQUIRED" }),
      ]),
    );
    const long = await client.upsertCustomer(input("long@x.io", "x".repeat(300)));
    expect(
      long.error?.type === "mutation_error" &&
        long.error.errorDetails.fields.map((f) => [f.field, f.type]),
    ).toEqual([
      ["onCreate.fullName", "VALIDATION"],
      ["onUpdate.fullName", "VALIDATION"],
    ]);

    const unknownId = await client.upsertCustomer({
      ...input("u@x.io"),
      identifier: { customerId: "c_01ARZ3NDEKTSV4RRFFQ69G5FAV" },
    });
    expect(
      unknownId.error?.type === "mutation_error" && unknownId.error.errorDetails,
    ).toMatchObject({
      code: "not_found",
      type: "VALIDATION",
      fields: [{ field: "identifier.customerId", type: "NOT_FOUND" }],
    });
    // Nothing of the failed calls was written.
    expect((await client.getCustomerByEmail({ email: "blank@x.io" })).data).toBeNull();
    expect((await client.getCustomerByEmail({ email: "u@x.io" })).data).toBeNull();
    expect((await client.getCustomerByEmail({ email: "other@x.io" })).data?.externalId).toBeNull();
  });

  it("permissions come from the key's scopes: missing ones are the SDK's forbidden", async () => {
    const readOnly = new PlainClient({ apiKey: await t.key(["customer:read"]), apiUrl: env.url });
    const w = await readOnly.upsertCustomer(input("ro@x.io"));
    expect(w.error).toMatchObject({
      type: "forbidden",
      message: expect.stringContaining("customer:create"),
    });
    const del = await readOnly.deleteCustomer({ customerId: "c_01ARZ3NDEKTSV4RRFFQ69G5FAV" });
    expect(del.error?.type).toBe("forbidden");
    expect((await readOnly.getCustomerByEmail({ email: "ro@x.io" })).data).toBeNull();

    const writeOnly = new PlainClient({
      apiKey: await t.key(["customer:create", "customer:edit"]),
      apiUrl: env.url,
    });
    expect((await writeOnly.upsertCustomer(input("wo@x.io"))).data?.result).toBe("CREATED");
    expect((await writeOnly.getCustomerByEmail({ email: "wo@x.io" })).error).toMatchObject({
      type: "forbidden",
      message: expect.stringContaining("customer:read"),
    });
    expect((await writeOnly.getCustomers({})).error?.type).toBe("forbidden");

    for (const apiKey of ["cg_plain_made-up", await t.key([], "other")]) {
      const other = new PlainClient({ apiKey, apiUrl: env.url });
      expect((await other.upsertCustomer(input("nokey@x.io"))).error?.type).toBe("forbidden");
      expect(
        (await other.getCustomerById({ customerId: "c_01ARZ3NDEKTSV4RRFFQ69G5FAV" })).error?.type,
      ).toBe("forbidden");
    }
    expect((await client.getCustomerByEmail({ email: "nokey@x.io" })).data).toBeNull();
  });

  it("deleteCustomer removes the customer; deleting again is not_found", async () => {
    const a = await client.upsertCustomer(input("delete@x.io"));
    const customerId = a.data!.customer.id;
    expect(await client.deleteCustomer({ customerId })).toEqual({ data: null });
    expect((await client.getCustomerById({ customerId })).data).toBeNull();
    const again = await client.deleteCustomer({ customerId });
    expect(again.error?.type === "mutation_error" && again.error.errorDetails).toMatchObject({
      code: "not_found",
      fields: [{ field: "customerId", type: "NOT_FOUND" }],
    });
  });
});
