import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The vendored anchor copies (test/anchors/) must equal the shared originals. The shared folder
// sits beside the repository on development and CI machines; a lone clone has only the copies.
const APP = new URL("..", import.meta.url).pathname.split("/").filter(Boolean).at(-1)!;
const shared = new URL(`../../../../shared/anchors/${APP}/`, import.meta.url);
const copies = new URL("./anchors/", import.meta.url);

describe(`vendored ${APP} anchors`, () => {
  it.runIf(existsSync(shared))("equal ../shared/anchors", () => {
    for (const f of readdirSync(copies)) expect(readFileSync(new URL(f, copies), "utf8"), f).toBe(readFileSync(new URL(f, shared), "utf8"));
  });
  it.skipIf(existsSync(shared))("../shared/anchors is not beside this clone: the vendored copies are used unchecked", () => {});
});
