// The bench's bare floor: node:http answering every request with one fixed JSON, no framework.
// It reads the body (as any endpoint must) and answers what `{ __typename }` answers.
import { createServer } from "node:http";

const body = Buffer.from(JSON.stringify({ data: { __typename: "Query" } }));
const server = createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
});
server.listen(Number(process.argv[2]), "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
