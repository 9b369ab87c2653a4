import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, spawnGateway } from "./spawn-gateway.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);

// A newcomer's GraphiQL: the gateway in development, the Debian chromium headless, nothing but
// loopback reachable (every other request is aborted and recorded). Each GraphQL dialect's page
// loads without a credential, shows its auth header ready to fill in, and answers a query once
// the secret is pasted into the headers editor. .ci/run installs chromium when it is missing.
describe.skipIf(!hasChromium)(
  `GraphiQL on every GraphQL dialect, in Chromium${hasChromium ? "" : ` (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`}`,
  () => {
    let gw: GatewayProcess;
    let base: string;
    let internal: string;
    const trpc = async (proc: string, input: unknown) => {
      const r = await fetch(`${base}/trpc/${proc}`, {
        method: "POST",
        headers: { authorization: `Bearer ${internal}`, "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      expect(r.status, await r.clone().text()).toBe(200);
      return ((await r.json()) as { result: { data: Record<string, unknown> } }).result.data;
    };

    beforeAll(async () => {
      gw = await spawnGateway({ NODE_ENV: "development", LOG_FORMAT: "json" });
      base = `http://127.0.0.1:${gw.port}`;
      internal = (
        JSON.parse(readFileSync(path.join(gw.dataDir, "credentials.json"), "utf8")) as {
          credential: { secret: string };
        }
      ).credential.secret;
      await trpc("customers.upsert", {
        lookup: [{ kind: "EMAIL", value: "ann@example.com" }],
        onCreate: {
          firstName: "Ann",
          lastName: "Lee",
          identifiers: [{ kind: "EMAIL", value: "ann@example.com" }],
        },
      });
    }, 180_000);
    afterAll(async () => {
      await gw?.stop();
    });

    it("the home page at / links every dialect endpoint, GraphiQL and /metrics, all reachable", async () => {
      const page = await (await fetch(`${base}/`)).text();
      const links = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
      expect(links).toEqual(
        expect.arrayContaining([
          "/plain/graphql/v1",
          expect.stringMatching(/^\/shopify\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/),
          "/metrics",
        ]),
      );
      for (const href of links) {
        const r = await fetch(`${base}${href}`, { headers: { accept: "text/html" } });
        expect(r.status, href).toBe(200);
      }
    });

    it("opens GraphiQL offline, with the dialect's auth header ready, and runs a query", async () => {
      const dialects = [
        {
          dialect: "plain",
          path: "/plain/graphql/v1",
          header: "Authorization",
          value: (secret: string) => `Bearer ${secret}`,
        },
        {
          dialect: "shopify",
          path: (/href="(\/shopify\/[^"]+)"/.exec(await (await fetch(`${base}/`)).text()) ??
            [])[1]!,
          header: "X-Shopify-Access-Token",
          value: (secret: string) => secret,
        },
      ];
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      });
      try {
        const context = await browser.newContext();
        await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
        const offLoopback: string[] = [];
        await context.route("**/*", (route) => {
          const u = new URL(route.request().url());
          if (u.hostname === "127.0.0.1" || u.protocol === "blob:" || u.protocol === "data:")
            return route.continue();
          offLoopback.push(u.href);
          return route.abort();
        });
        for (const d of dialects) {
          const { secret } = (await trpc("credentials.create", {
            tenant: "default",
            dialect: d.dialect,
          })) as { secret: string };
          const page = await context.newPage();
          await page.goto(`${base}${d.path}`);
          await page.waitForSelector(".graphiql-container .monaco-editor", { timeout: 60_000 });
          const tools = page.locator(".graphiql-editor-tool");
          await expect.poll(() => tools.textContent(), { timeout: 30_000 }).toContain(d.header);
          // Paste rather than type: the editor would close brackets and quotes as they're typed.
          await tools.locator(".graphiql-editor:not(.hidden) .monaco-editor").click();
          await page.keyboard.press("Control+A");
          await page.evaluate(
            (text) => navigator.clipboard.writeText(text),
            JSON.stringify({ [d.header]: d.value(secret) }),
          );
          await page.keyboard.press("Control+V");
          await page.click(".graphiql-execute-button");
          await expect
            .poll(() => page.locator(".graphiql-response").textContent(), { timeout: 30_000 })
            .toContain("ann@example.com");
          await page.close();
        }
        expect(offLoopback).toEqual([]);
      } finally {
        await browser.close();
      }
      // A browser and a 9 MB page twice: slow on a loaded machine, not timed.
    }, 300_000);
  },
);
