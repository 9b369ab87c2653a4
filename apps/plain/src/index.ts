export { createPlainHandler, MAX_BODY_BYTES, type PlainHandlerOptions } from "./handler.ts";
export { plainSchema, printPlainSchema } from "./schema/index.ts";
export { PLAIN_SCOPES } from "./scopes.ts";
