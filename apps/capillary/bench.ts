import { md5Hex } from "./src/auth.ts";
import { capillary } from "./src/definition.ts";

/**
 * The Capillary row of `pnpm bench`: bulk upserts of 100 customers each (the documented request,
 * Basic auth as a POS or ETL job sends it), rated in items per second. 5000 distinct mobiles, so
 * a long run mixes creates, NOOPs and updates (every tenth round renames).
 */
export const capillaryScenario = {
  name: "capillary.upsertBulk100",
  dialect: "capillary" as const,
  path: "/capillary/v2/integrations/customer/upsert/bulk",
  itemsPerRequest: 100,
  connections: 8,
  /** The definition: the bench makes the credential through core, so the login hook runs. */
  registration: capillary,
  /** The Basic header value for the new credential's till. */
  secretOf(c: { login?: Record<string, string> | undefined }): string {
    return Buffer.from(`${c.login!.tillCode}:${md5Hex(c.login!.password!)}`).toString("base64");
  },
  request(i: number, basic: string): { headers: Record<string, string>; body: string } {
    const items = Array.from({ length: 100 }, (_, k) => {
      const n = (i * 100 + k) % 5000;
      const round = Math.floor((i * 100 + k) / 5000);
      const mobile = `9198${String(n).padStart(8, "0")}`;
      return {
        profiles: [
          {
            firstName: `Bench${round % 10 === 9 ? " (renamed)" : ""}`,
            lastName: `Customer ${n}`,
            identifiers: [
              { type: "mobile", value: mobile },
              { type: "externalId", value: `bench-${n}` },
            ],
            commChannels: [{ type: "mobile", value: mobile, primary: true, verified: false }],
            source: "WEB_ENGAGE",
            accountId: "bench",
          },
        ],
      };
    });
    return {
      headers: {
        authorization: `Basic ${basic}`,
        "content-type": "application/json;charset=utf-8",
        accept: "application/json",
      },
      body: JSON.stringify(items),
    };
  },
};
