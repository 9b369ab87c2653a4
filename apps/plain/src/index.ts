export { MAX_BODY_BYTES, PLAIN_LIMITS, plainDialect } from "./dialect.ts";
export { plainSchema } from "./schema/index.ts";
export { PLAIN_SCOPES } from "./scopes.ts";
