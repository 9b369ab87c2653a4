import { type CapMessage, msg } from "./errors.ts";

/**
 * The writer a request names (recorded as core's Actor.attribution, "TYPE:code"):
 * `X-CAP-API-ATTRIBUTION-ENTITY-TYPE` (TILL by default) with `-ENTITY-CODE`, the older
 * `-TILL-CODE`, or `-LOOKUP-TYPE` with `-LOOKUP` (both or neither: 1061). Without one, a Basic
 * request is written by its own till; an OAuth one names no till.
 */
export function attributionOf(req: Request, till: string | null): string | null | CapMessage {
  const a = readAttribution(req, till);
  // Stored on every customer and event it writes: a bounded name, not a header's 8 KB.
  if (typeof a === "string" && a.length > 256)
    return { ...msg(400), message: "Invalid input: attribution header longer than 256 characters" };
  return a;
}

function readAttribution(req: Request, till: string | null): string | null | CapMessage {
  const h = (name: string) => req.headers.get(`x-cap-api-attribution-${name}`)?.trim() || null;
  const lookupType = h("lookup-type");
  const lookup = h("lookup");
  if ((lookupType === null) !== (lookup === null)) return msg(1061);
  const code = h("entity-code");
  if (code) return `${(h("entity-type") ?? "TILL").toUpperCase()}:${code}`;
  const tillCode = h("till-code");
  if (tillCode) return `TILL:${tillCode}`;
  if (lookupType && lookup) return `${lookupType.toUpperCase()}:${lookup}`;
  return till ? `TILL:${till}` : null;
}
