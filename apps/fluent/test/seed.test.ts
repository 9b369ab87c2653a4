import { testEngines } from "@cg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Env, setup, type TenantEnv, tenant } from "./helpers.ts";

// The operations of ../shared/seeds/fluent-customer.txt ("Query Create and Update Customer via
// GraphQL"), verbatim; only the Postman placeholders ({{$randomFirstName}}…) are filled in.
const GET_CUSTOMER = `query getCustomer($customerRef:String!){
 customer(ref:$customerRef) {
 id
 ref
 username
 firstName
 lastName
 status
 createdOn
 updatedOn
 }
}`;

const SEARCH = `{
 customers(ref:"%arietta_Will5@gmail.com%"){
 edges{
 node{
 createdOn
 updatedOn
 status
 ref
 department
 username
 firstName
 lastName
 timezone
 primaryEmail
 promotionOptIn
 primaryPhone
 status
 retailer{
 id
 }
 }
 }
 }
}`;

const createCustomer = (
  first: string,
  last: string,
  email: string,
) => `mutation createCustomer($retailerId:ID!, $username:String!){
 createCustomer(input:{
 username:$username
 title:"Ms"
 firstName:"${first}"
 lastName:"${last}"
 primaryEmail:"${email}"
 primaryPhone:"+1234567890"
 promotionOptIn: false
 timezone:"GMT+10"
 retailer:{
 id: $retailerId
 }
 }) {
 id
 ref
 username
 primaryEmail

 }
}`;

const UPDATE_CUSTOMER = `mutation updateCustomer ($input: UpdateCustomerInput) {
 updateCustomer (input: $input) {
 id
 ref
 status
 createdOn
 updatedOn
 retailer{
 id
 }
 title
 country
 firstName
 lastName
 username
 primaryEmail
 primaryPhone
 timezone
 promotionOptIn
 }
}`;

describe.each(testEngines())("the seed's operations, verbatim, on %s", (engine) => {
  let env: Env;
  let t: TenantEnv;
  beforeAll(async () => {
    env = await setup(engine);
    t = await tenant(env);
  });
  afterAll(() => env.close());

  const create = async (first: string, last: string, email: string) => {
    const r = await t.client().graphql({
      query: createCustomer(first, last, email),
      variables: { retailerId: t.login.retailerId, username: `${t.login.retailerId}_${email}` },
    });
    return (r.data as { createCustomer: Record<string, string> }).createCustomer;
  };

  it("createCustomer with the username <retailerId>_<email>", async () => {
    const c = await create("Marietta", "Will", "Marietta_Will5@gmail.com");
    expect(c).toEqual({
      id: expect.stringMatching(/^\d+$/),
      ref: "1_Marietta_Will5@gmail.com",
      username: "1_Marietta_Will5@gmail.com",
      primaryEmail: "marietta_will5@gmail.com",
    });
  });

  it("getCustomer", async () => {
    const r = await t.client().graphql({
      query: GET_CUSTOMER,
      variables: { customerRef: "1_Marietta_Will5@gmail.com" },
    });
    expect((r.data as { customer: unknown }).customer).toMatchObject({
      ref: "1_Marietta_Will5@gmail.com",
      username: "1_Marietta_Will5@gmail.com",
      firstName: "Marietta",
      lastName: "Will",
      status: null,
    });
  });

  it("the customers search", async () => {
    const r = await t.client().graphql({ query: SEARCH });
    expect((r.data as { customers: { edges: unknown[] } }).customers.edges).toEqual([
      {
        node: expect.objectContaining({
          ref: "1_Marietta_Will5@gmail.com",
          timezone: "GMT+10",
          primaryPhone: "+1234567890",
          promotionOptIn: false,
          retailer: { id: "1" },
        }),
      },
    ]);
  });

  it("updateCustomer with its national phone and an email another customer holds: accepted, left unlinked", async () => {
    await create("Clarissa", "Stokes", "Clarissa.Stokes@yahoo.com");
    await create("Other", "Holder", "new2@emailnew.com");
    const r = await t.client().graphql({
      query: UPDATE_CUSTOMER,
      variables: {
        input: {
          username: "1_Clarissa.Stokes@yahoo.com",
          primaryPhone: "3333344444",
          primaryEmail: "new2@emailnew.com",
        },
      },
    });
    expect((r.data as { updateCustomer: unknown }).updateCustomer).toMatchObject({
      username: "1_Clarissa.Stokes@yahoo.com",
      primaryPhone: "3333344444",
      primaryEmail: "new2@emailnew.com",
    });
    const c = await env.core.lookup(env.ctx(t), {
      kind: "USERNAME",
      value: "1_Clarissa.Stokes@yahoo.com",
    });
    const customer = c.ok ? c.value! : null;
    // Neither became an identifier: the email is another customer's, the phone has no country
    // code and the tenant no default country.
    expect(customer?.identifiers.map((i) => i.kind)).toEqual(["USERNAME"]);
    const [last] = (await env.core.history(env.ctx(t), customer!.id)).slice(-1);
    expect(last?.changes.find((x) => x.field === "unlinked")?.after).toEqual([
      { kind: "PHONE", namespace: "", value: "3333344444", reason: "INVALID" },
      { kind: "EMAIL", namespace: "", value: "new2@emailnew.com", reason: "TAKEN" },
    ]);
    // The holder is untouched and still found by that email.
    const byEmail = await t.client().graphql({
      query: `{ customers(primaryEmail: "new2@emailnew.com") { edges { node { username } } } }`,
    });
    expect((byEmail.data as { customers: { edges: unknown[] } }).customers.edges).toHaveLength(2);
  });

  it("with the tenant's default country, the national phone links (E.164) and is found by its digits", async () => {
    await env.core.tenantSettings.update(t.tenantId, { defaultCountry: "US" });
    await create("Phone", "Owner", "phone.owner@example.com");
    await t.client().graphql({
      query: UPDATE_CUSTOMER,
      variables: {
        input: { username: "1_phone.owner@example.com", primaryPhone: "(201) 555-0123" },
      },
    });
    const found = await t.client().graphql({
      query: `{ customers(primaryPhone: ["2015550123"]) { edges { node { username primaryPhone } } } }`,
    });
    expect((found.data as { customers: { edges: unknown[] } }).customers.edges).toEqual([
      { node: { username: "1_phone.owner@example.com", primaryPhone: "+12015550123" } },
    ]);
  });
});
