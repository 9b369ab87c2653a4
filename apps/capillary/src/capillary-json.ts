import { type DomainError, ErrorKind } from "@cg/core";
import type { RecordError, RecordFormat, RecordRead } from "@cg/dialect-kit";
import { toUpsertInput } from "./capillary-input.ts";
import { type CapMessage, itemErrors } from "./errors.ts";
import { customerSchema } from "./schemas.ts";

const asError = (m: CapMessage, path: (string | number)[] = []): RecordError => ({
  path,
  code: String(m.code),
  message: m.message,
});

/**
 * One customer of the bulk upsert body (POST /v2/integrations/customer/upsert/bulk, the array's
 * item: `{profiles: [...], extendedFields?, loyaltyInfo?, subscriptionInfo?, statusLabel?}`) as
 * that endpoint translates it, with the identifier change on (`skipChangeIdentifier=false`: the
 * file's identifiers replace the customer's of the same type and account). The endpoint's second
 * step for a profile of a new source on an existing customer (combining) is not made.
 */
export function readCapillaryJson(record: unknown, defaultCountry: string | null): RecordRead {
  const c = customerSchema.safeParse(record);
  if (!c.success)
    return {
      ok: false,
      errors: c.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
        code: "400",
        message: i.message,
      })),
    };
  const t = toUpsertInput(c.data, { op: "upsert", changeIdentifiers: true, defaultCountry });
  if (Array.isArray(t)) return { ok: false, errors: t.map((m) => asError(m)) };
  return { ok: true, input: t.input };
}

/** A failed upsert as the bulk endpoint's item errors (code, message), with the field's path. */
export function explainCapillaryJson(e: DomainError): RecordError[] {
  const messages = itemErrors("upsert", e);
  const paths = e.kind === ErrorKind.VALIDATION ? e.fields.map((f) => [...f.path]) : [];
  return messages.map((m, i) => asError(m, paths[i] ?? []));
}

/** `cg import --format capillary-json`: bulk upsert items, one JSON object per line (JSON Lines). */
export const capillaryJsonFormat: RecordFormat = {
  name: "capillary-json",
  description: "Capillary bulk upsert items (v2 customers), one JSON object per line",
  syntax: "jsonl",
  read: (record, at) => readCapillaryJson(record, at.defaultCountry),
  explain: explainCapillaryJson,
};
