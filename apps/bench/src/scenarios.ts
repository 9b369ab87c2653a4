/**
 * The HTTP rows' scenarios (each dialect app's `bench.ts`, and the two floors made from Plain's),
 * shared by the bench and its load generator (load.ts), which runs in a process of its own.
 */
import type { Core, RegisteredDialect } from "@cg/core";

export interface Scenario {
  name: string;
  dialect: "plain" | "shopify" | "capillary" | "fluent" | "magento";
  path: string;
  /** Items each request writes (bulk dialects): the row is rated in items/s against upsertMany. */
  itemsPerRequest?: number;
  /** Concurrent connections (default 32). */
  connections?: number;
  /** A dialect definition: its credential is made through core, login hook included. */
  registration?: RegisteredDialect;
  /** What `request` is given, from the new credential (default: its secret). */
  secretOf?(c: { secret: string; login?: Record<string, string> | undefined }): string;
  /** Read against the GraphQL floor row (issue #18's target), beside its raw baseline. */
  against?: "floor";
  /** A floor served by a process of the bench's own (this file beside bench.ts), not the gateway. */
  bare?: "bare-floor.mjs" | "yoga-floor.mjs";
  /** What request() is sent with, made from a new credential (default: its secret). */
  authorize?(c: {
    core: Core;
    baseUrl: string;
    credentialId: string;
    tenantId: string;
    secret: string;
    name: string;
  }): Promise<string>;
  /**
   * Storefront dialects: sets up what the requests carry (the store code is the tenant's, made
   * for the row); what it returns is what request() is sent with, instead of a credential.
   */
  prepare?(base: string, store: string): Promise<string>;
  /** Request i; `conn` is the autocannon connection it goes out on (0 … connections - 1). */
  request(
    i: number,
    secret: string,
    conn: number,
  ): { headers: Record<string, string>; body: string };
}

export async function loadScenarios(log: (s: string) => void = () => {}): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const [mod, key] of [
    ["@cg/plain/bench", "plainScenario"],
    ["@cg/shopify/bench", "shopifyScenario"],
    ["@cg/capillary/bench", "capillaryScenario"],
    ["@cg/fluent/bench", "fluentScenario"],
    ["@cg/magento/bench", "magentoScenario"],
  ] as const) {
    try {
      out.push((await import(mod))[key] as Scenario);
    } catch (err) {
      log(`  (no ${mod}: ${(err as Error).message.split("\n")[0]})`);
    }
  }
  // Every GraphQL dialect's row is read against the GraphQL floor (issue #18).
  for (const s of out) if (s.dialect !== "capillary") s.against = "floor";
  const floors: Scenario[] = [];
  // The floor of any GraphQL row: the cheapest request the Plain endpoint answers (auth, yoga,
  // no database), so that a dialect row can be read against what the HTTP + yoga stack alone costs.
  const plain = out.find((s) => s.dialect === "plain");
  if (plain) {
    // Below it, the bare floor: node:http answering a fixed JSON (bare-floor.mjs), no framework,
    // no gateway: what HTTP alone costs on the machine, with the same client and request.
    floors.push({
      ...plain,
      name: "bare.nodeHttp.floor",
      bare: "bare-floor.mjs",
      against: undefined,
    });
    const typename = (i: number, secret: string, conn: number) => ({
      ...plain.request(i, secret, conn),
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    // Between the two, yoga alone (yoga-floor.mjs: createYoga on node:http with its defaults,
    // no gateway, no auth): what the chosen GraphQL server costs by itself, for the same request
    // as the GraphQL floor. Not a target; it shows how far the stack lets the floor go.
    floors.push({
      ...plain,
      name: "yoga.nodeHttp.floor",
      bare: "yoga-floor.mjs",
      against: undefined,
      request: typename,
    });
    floors.push({
      ...plain,
      name: "plain.__typename.floor",
      against: undefined,
      request: typename,
    });
  }
  return [...floors, ...out];
}
