export {
  createFluentDialect,
  fluentDialect,
  MAX_BODY_BYTES,
  MAX_COMPLEXITY,
} from "./definition.ts";
export { clientIdOf, fluentLogins, LOGIN_KINDS, userLoginOf } from "./logins.ts";
export { TOKEN_KINDS, type TokenLifetimes } from "./oauth.ts";
export { fluentSchema, printFluentSchema } from "./schema/index.ts";
