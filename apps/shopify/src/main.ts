import { createCore, type Logger } from "@cg/core";
import { createDb, migrate } from "@cg/db";
import { serve } from "@hono/node-server";
import { createShopifyHandler } from "./handler.ts";

// Standalone: the vendor's own paths (POST /admin/api/{version}/graphql.json) on PORT (default 4102).
const db = createDb();
await migrate(db.sql);
const log: Logger = {
  error: (o, m) => console.error(m ?? "error", o),
  warn: (o, m) => console.warn(m ?? "warn", o),
  info: (o, m) => console.info(m ?? "info", o),
};
const core = createCore(db, { log });
const handler = createShopifyHandler({
  core,
  log,
  development: process.env.NODE_ENV === "development",
});
const port = Number(process.env.PORT ?? 4102);
const server = serve({ fetch: handler, port }, (info) => {
  console.log(
    `shopify dialect on http://localhost:${info.port}/admin/api/2025-10/graphql.json (${db.describe})`,
  );
});
const stop = () => {
  server.close();
  void db.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
