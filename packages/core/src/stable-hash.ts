import { createHash } from "node:crypto";

/** sha256 of a JSON value with object keys sorted, so equal payloads hash equally. */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(stable(value)).digest("hex");
}

function stable(v: unknown): string {
  if (v === undefined) return "null";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
    .join(",")}}`;
}
