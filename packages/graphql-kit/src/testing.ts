import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * A dialect app's vendored anchor copies (`<app>/test/anchors/`) must equal the shared originals
 * (`../shared/anchors/<app>/` beside the repository). The shared folder sits beside the repository
 * on development and CI machines; a lone clone has only the copies, and says so.
 *
 * Call it from `<app>/test/anchors.test.ts` with that file's `import.meta.url`.
 */
export function describeVendoredAnchors(testFileUrl: string): void {
  const app = new URL("..", testFileUrl).pathname.split("/").filter(Boolean).at(-1)!;
  const shared = new URL(`../../../../shared/anchors/${app}/`, testFileUrl);
  const copies = new URL("./anchors/", testFileUrl);
  describe(`vendored ${app} anchors`, () => {
    it.runIf(existsSync(shared))("equal ../shared/anchors", () => {
      for (const f of readdirSync(copies))
        expect(readFileSync(new URL(f, copies), "utf8"), f).toBe(
          readFileSync(new URL(f, shared), "utf8"),
        );
    });
    it.skipIf(existsSync(shared))(
      "../shared/anchors is not beside this clone: the vendored copies are used unchecked",
      () => {},
    );
  });
}
export { type AnchorComparison, compareWithAnchor } from "./compare-anchor.ts";
