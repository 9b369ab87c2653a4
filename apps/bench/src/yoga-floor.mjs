// The bench's yoga floor: graphql-yoga as its documentation sets it up (createYoga on node:http,
// a one-field schema, its defaults), no gateway, no auth, no database. It answers the GraphQL
// floor's `{ __typename }`: what the chosen GraphQL server alone costs on the machine, between
// the bare floor (node:http, no framework) and the gateway's GraphQL floor.
import { createServer } from "node:http";
import { createSchema, createYoga } from "graphql-yoga";

const yoga = createYoga({
  schema: createSchema({ typeDefs: "type Query { ok: Boolean }" }),
  logging: false,
  // The route the Plain scenario posts to.
  graphqlEndpoint: "/plain/graphql/v1",
});
const server = createServer(yoga);
server.listen(Number(process.argv[2]), "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
