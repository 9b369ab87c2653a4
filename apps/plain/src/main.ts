import { createCore, type Logger } from "@cg/core";
import { createDb, migrate } from "@cg/db";
import { serve } from "@hono/node-server";
import { createPlainHandler } from "./handler.ts";

// Standalone Plain endpoint at Plain's own path: POST http://localhost:4101/graphql/v1
const port = Number(process.env.PORT ?? 4101);
const log: Logger = {
  error: (obj, msg) => console.error(msg ?? "", obj),
  warn: (obj, msg) => console.warn(msg ?? "", obj),
  info: (obj, msg) => console.info(msg ?? "", obj),
};
const db = createDb();
await migrate(db.sql);
const core = createCore(db, { log });
const fetch = createPlainHandler({
  core,
  log,
  development: process.env.NODE_ENV === "development",
});
serve({ fetch, port }, (info) => log.info({ port: info.port }, "plain: listening on /graphql/v1"));
