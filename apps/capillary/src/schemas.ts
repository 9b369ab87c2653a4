import { z } from "zod";

/**
 * Capillary's v2 customer payloads as zod schemas: the app validates requests with these and the
 * OpenAPI document (openapi.ts) is generated from them, so the two cannot drift. Field names and
 * shapes follow ../shared/anchors/capillary/ (upsert-bulk.md, customers-add-update-changeIdentifier.md,
 * lookup-customerDetails.md). Unknown fields are ignored, as Capillary ignores them.
 */

/** Largest number of items one bulk upsert request may carry (Capillary error 1060 above it). */
export const BULK_LIMIT = 100;

/** Sources Capillary documents for v2 customers. */
export const SOURCES = [
  "INSTORE",
  "FACEBOOK",
  "WEB_ENGAGE",
  "WECHAT",
  "MARTJACK",
  "TMALL",
  "TAOBAO",
  "JD",
  "ECOMMERCE",
  "WEBSITE",
  "LINE",
  "MOBILE_APP",
  "MAPP_SDK",
] as const;
/** Sources with several accounts: `accountId` is mandatory for these. */
export const MULTI_ACCOUNT_SOURCES: readonly string[] = [
  "FACEBOOK",
  "WEB_ENGAGE",
  "WECHAT",
  "MOBILE_APP",
  "LINE",
  "MAPP_SDK",
];

const identifier = z
  .object({
    type: z.string().meta({ description: "mobile, email, externalId, cardnumber, wechat, …" }),
    value: z.string().meta({ description: "For mobile numbers, include the country code." }),
  })
  .meta({ id: "Identifier", example: { type: "mobile", value: "916360499160" } });

const commChannel = z
  .object({
    type: z.string().meta({ description: "mobile, email, wechat, ios, android, line, mobilePush" }),
    value: z.string(),
    primary: z.boolean().optional(),
    verified: z.boolean().optional(),
    subscribed: z.boolean().optional(),
    meta: z
      .object({
        lastViewedDate: z.string().optional(),
        residence: z.boolean().optional(),
        office: z.boolean().optional(),
      })
      .optional(),
  })
  .meta({ id: "CommChannel" });

export const profileSchema = z
  .object({
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    identifiers: z.array(identifier).optional(),
    commChannels: z.array(commChannel).optional(),
    source: z
      .string()
      .optional()
      .meta({ description: `One of ${SOURCES.join(", ")}` }),
    accountId: z
      .string()
      .optional()
      .meta({ description: "Mandatory for multi-account sources; empty for INSTORE" }),
    fields: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .meta({ description: "Custom fields (key: value)" }),
  })
  .meta({ id: "Profile" });
export type ProfileIn = z.infer<typeof profileSchema>;

const subscription = z.object({
  channel: z.string(),
  accountId: z.string().optional(),
  priority: z.string().optional(),
  type: z.enum(["OPTIN", "OPTOUT"]),
  sourceName: z.string().optional(),
});

const extendedFields = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .meta({ description: "Org-enabled extended fields: gender, dateOfBirth, city, …" });

/** One customer of a bulk upsert, and the body of add (POST /v2/customers) and update (PUT). */
export const customerSchema = z
  .object({
    profiles: z.array(profileSchema).min(1),
    loyaltyInfo: z
      .object({ loyaltyType: z.enum(["loyalty", "non_loyalty"]).optional() })
      .optional(),
    extendedFields: extendedFields.optional(),
    statusLabel: z.string().optional(),
    subscriptionInfo: z.object({ subscriptions: z.array(subscription) }).optional(),
    associatedWith: z.string().optional(),
  })
  .meta({ id: "Customer" });
export type CustomerIn = z.infer<typeof customerSchema>;

export const BULK_EXAMPLE: CustomerIn[] = [
  {
    profiles: [
      {
        firstName: "Vishal",
        lastName: "K",
        identifiers: [
          { type: "externalId", value: "VISHKWJEJWJC2381" },
          { type: "mobile", value: "916360499160" },
        ],
        commChannels: [
          {
            type: "mobile",
            value: "916360499160",
            primary: true,
            verified: true,
            meta: { lastViewedDate: "", residence: true, office: false },
          },
        ],
        source: "WEB_ENGAGE",
        accountId: "311c4dd1",
      },
    ],
    extendedFields: { gender: "Male" },
  },
];

/** The bulk body as documented; the handler checks the array and its size, then each item. */
export const bulkSchema = z
  .array(customerSchema)
  .max(BULK_LIMIT)
  .meta({ id: "BulkUpsertRequest", description: `At most ${BULK_LIMIT} customers (else 1060)` });

export const changeIdentifierSchema = z
  .object({
    add: z.array(identifier).optional(),
    remove: z.array(identifier).optional(),
  })
  .refine((v) => (v.add?.length ?? 0) + (v.remove?.length ?? 0) > 0, {
    message: "at least one of add or remove",
  })
  .meta({
    id: "ChangeIdentifierRequest",
    example: { add: [{ type: "email", value: "tom.new@example.com" }] },
  });
export type ChangeIdentifierIn = z.infer<typeof changeIdentifierSchema>;

export const tokenRequestSchema = z
  .object({ key: z.string().min(1), secret: z.string().min(1) })
  .meta({ id: "TokenRequest" });

// Responses (documented; built by capillary-output.ts).
const message = z
  .object({ status: z.literal(false), code: z.number().int(), message: z.string() })
  .meta({ id: "Message" });
export const messages = z.array(message);

const attributionActor = z.object({
  code: z.string().nullable(),
  name: z.string().nullable(),
  type: z.string(),
});
export const profileOutSchema = z
  .object({
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    attribution: z.object({
      createDate: z.string(),
      createdBy: attributionActor,
      modifiedBy: attributionActor,
      modifiedDate: z.string(),
    }),
    fields: z.record(z.string(), z.unknown()),
    allFields: z.record(z.string(), z.unknown()),
    identifiers: z.array(identifier),
    commChannels: z.array(commChannel),
    source: z.string(),
    userId: z.number().int(),
    accountId: z.string(),
    conflictingProfileList: z.array(z.unknown()),
    autoUpdateTime: z.string().nullable(),
    identifiersAll: z.array(identifier),
  })
  .meta({ id: "ProfileOut" });

export const customerOutSchema = z
  .object({
    id: z.number().int().positive(),
    profiles: z.array(profileOutSchema),
    loyaltyInfo: z.object({ loyaltyType: z.string() }),
    segments: z.record(z.string(), z.unknown()),
    associatedWith: z.string().nullable(),
    extendedFields: z.record(z.string(), z.unknown()),
    cardDetails: z.array(z.unknown()),
    warnings: messages,
  })
  .meta({ id: "CustomerDetails" });

export const bulkResponseSchema = z
  .object({
    response: z.array(
      z.object({
        entityId: z.number().int().positive().nullable(),
        result: customerOutSchema.nullable(),
        errors: messages,
        warnings: messages,
      }),
    ),
    totalCount: z.number().int(),
    failureCount: z.number().int(),
  })
  .meta({ id: "BulkUpsertResponse" });

export const createdResponseSchema = z
  .object({ createdId: z.number().int().positive(), warnings: messages })
  .meta({ id: "CreatedResponse" });

export const lookupIdResponseSchema = z
  .object({ entity: z.number().int().positive(), warnings: messages })
  .meta({ id: "LookupIdResponse" });

export const errorResponseSchema = z
  .object({ errors: messages, warnings: messages })
  .meta({ id: "ErrorResponse" });

export const tokenResponseSchema = z
  .object({
    data: z.object({ accessToken: z.string(), ttlSeconds: z.number().int() }).nullable(),
    errors: z.array(z.object({ code: z.number().int(), message: z.string() })).nullable(),
  })
  .meta({ id: "TokenResponse" });
