export type { RecordError, RecordFormat, RecordRead } from "@cg/core";
export * from "./definition.ts";
export { headerOverflowRefusal } from "./header-overflow.ts";
export { createDialectHandler, type HandlerOptions, type RequestInfo } from "./pipeline.ts";
export { DEFAULT_MAX_BODY_BYTES, readBodyLimited } from "./read-body.ts";
export {
  basicCredentials,
  type JsonBody,
  jsonResponse,
  parseJsonBody,
  QueryParams,
  type RouteHandlers,
  routeTable,
} from "./rest.ts";
