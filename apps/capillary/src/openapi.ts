import { z } from "zod";
import { createDocument } from "zod-openapi";
import { DEFAULT_TOKEN_TTL_SECONDS } from "./auth.ts";
import {
  BULK_EXAMPLE,
  BULK_LIMIT,
  bulkResponseSchema,
  bulkSchema,
  changeIdentifierSchema,
  createdResponseSchema,
  customerOutSchema,
  customerSchema,
  errorResponseSchema,
  lookupIdResponseSchema,
  SOURCES,
  tokenRequestSchema,
  tokenResponseSchema,
} from "./schemas.ts";

/**
 * The OpenAPI 3.1 description of the dialect, generated from the zod schemas the handlers
 * validate with (schemas.ts). Each operation carries an example that the app accepts (the test
 * sends every one of them).
 */

const json = <T extends z.ZodType>(schema: T, example?: unknown) => ({
  content: {
    "application/json": { schema, ...(example !== undefined ? { example } : {}) },
  },
});
const error = (description: string) => ({ description, ...json(errorResponseSchema) });
const authErrors = {
  "400": error("Invalid input (body, path or query parameters)"),
  "401": error("Authentication failed"),
  "403": error("Access denied: the credential lacks the access group"),
  "415": error("Content-Type must be application/json"),
  "500": error("Requests have failed due to errors"),
  "521": error("Multiple actions are running for the same customer"),
};

export const ADD_EXAMPLE = {
  profiles: [
    {
      firstName: "Tom",
      lastName: "Sawyer",
      identifiers: [
        { type: "mobile", value: "919845012345" },
        { type: "email", value: "tom.sawyer@example.com" },
      ],
      commChannels: [
        { type: "email", value: "tom.sawyer@example.com", primary: true, verified: true },
      ],
      fields: { "Favorite Color": "Green" },
      source: "INSTORE",
      accountId: "",
    },
  ],
  loyaltyInfo: { loyaltyType: "loyalty" as const },
  extendedFields: { gender: "Male", city: "Bangalore" },
};
export const UPDATE_EXAMPLE = {
  profiles: [{ firstName: "Thomas", lastName: "Sawyer", source: "INSTORE", accountId: "" }],
  extendedFields: { city: "Mysore" },
};
export const CHANGE_EXAMPLE = { add: [{ type: "email", value: "thomas.sawyer@example.com" }] };

const userId = z.object({
  id: z.string().meta({ description: "The customer's id (userId)", example: "1" }),
});
const sourceQuery = {
  source: z.enum(SOURCES).meta({ example: "INSTORE" }),
  accountId: z
    .string()
    .optional()
    .meta({ description: "Mandatory for multi-account sources", example: "" }),
};
const lookupQuery = z.object({
  source: z.enum([...SOURCES, "ALL"]).meta({ example: "WEB_ENGAGE" }),
  accountId: z.string().optional().meta({ example: "311c4dd1" }),
  identifierName: z.string().meta({
    description: "mobile, email, externalId, cardnumber, wechat (any case)",
    example: "mobile",
  }),
  identifierValue: z.string().meta({ example: "916360499160" }),
  embed: z.string().optional().meta({ description: "Accepted and ignored" }),
});

export function openApiDocument(root: string) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Capillary v2 customer API (Customer Gateway dialect)",
      version: "2.0.0",
      description:
        "Capillary's customer REST API served by the Customer Gateway: Basic (till code : md5(password)) or OAuth (`X-CAP-API-OAUTH-TOKEN`).",
    },
    servers: [{ url: root || "/" }],
    security: [{ basic: [] }, { oauth: [] }],
    components: {
      securitySchemes: {
        basic: { type: "http", scheme: "basic", description: "till code : md5(password) hex" },
        oauth: { type: "apiKey", in: "header", name: "X-CAP-API-OAUTH-TOKEN" },
      },
    },
    paths: {
      "/v3/oauth/token/generate": {
        post: {
          operationId: "generateToken",
          summary: `An access token for an API client key and secret (ttl ${DEFAULT_TOKEN_TTL_SECONDS} s by default)`,
          security: [],
          requestBody: json(tokenRequestSchema, { key: "key_example", secret: "secret_example" }),
          responses: {
            "200": { description: "The token", ...json(tokenResponseSchema) },
            "401": { description: "Unknown key or wrong secret", ...json(tokenResponseSchema) },
          },
        },
      },
      "/v2/integrations/customer/upsert/bulk": {
        post: {
          operationId: "upsertBulk",
          summary: `Upsert up to ${BULK_LIMIT} customers: lookup, then update or add, then the identifier change`,
          requestParams: {
            query: z.object({
              skipChangeIdentifier: z.enum(["true", "false"]).optional().meta({
                description: "false: identifiers are changed too (default true)",
                example: "false",
              }),
            }),
          },
          requestBody: json(bulkSchema, BULK_EXAMPLE),
          responses: {
            "200": { description: "Every item succeeded", ...json(bulkResponseSchema) },
            "201": { description: "One or more items failed", ...json(bulkResponseSchema) },
            ...authErrors,
          },
        },
      },
      "/v2/customers/lookup/customerDetails": {
        get: {
          operationId: "lookupCustomerDetails",
          requestParams: { query: lookupQuery },
          responses: {
            "200": { description: "The customer", ...json(customerOutSchema) },
            "404": error("8015 Customer not found for the given identifiers"),
            ...authErrors,
          },
        },
      },
      "/v2/customers/lookup": {
        get: {
          operationId: "lookupCustomerId",
          requestParams: { query: lookupQuery },
          responses: {
            "200": { description: "The customer's id", ...json(lookupIdResponseSchema) },
            "404": error("8015 Customer not found for the given identifiers"),
            ...authErrors,
          },
        },
      },
      "/v2/customers": {
        post: {
          operationId: "addCustomer",
          summary: "Register a customer (8006 if it exists in the same source; 8050 when combined)",
          requestBody: json(customerSchema, ADD_EXAMPLE),
          responses: {
            "200": { description: "Added", ...json(createdResponseSchema) },
            ...authErrors,
          },
        },
      },
      "/v2/customers/{id}": {
        get: {
          operationId: "getCustomer",
          requestParams: { path: userId },
          responses: {
            "200": { description: "The customer", ...json(customerOutSchema) },
            "404": error("8015 Customer not found"),
            ...authErrors,
          },
        },
        put: {
          operationId: "updateCustomer",
          summary: "Update a customer's details (identifiers cannot change here)",
          requestParams: { path: userId, query: z.object(sourceQuery).partial() },
          requestBody: json(customerSchema, UPDATE_EXAMPLE),
          responses: {
            "200": { description: "Updated", ...json(createdResponseSchema) },
            "404": error("8009 Update failed, Customer not found"),
            ...authErrors,
          },
        },
      },
      "/v2/customers/{id}/changeIdentifier": {
        post: {
          operationId: "changeIdentifier",
          summary: "Add or remove identifiers (PUT is accepted too)",
          requestParams: { path: userId, query: z.object(sourceQuery).partial() },
          requestBody: json(changeIdentifierSchema, CHANGE_EXAMPLE),
          responses: {
            "200": { description: "Changed", ...json(createdResponseSchema) },
            "404": error("8009 Customer not found"),
            ...authErrors,
          },
        },
      },
    },
  });
}
