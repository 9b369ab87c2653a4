import { describe, expect, it } from "vitest";
import { resolveVersion, supportedVersions } from "../src/versions.ts";

describe("API versions on 2026-12-01", () => {
  const day = new Date("2026-12-01T12:00:00Z");

  it("supported: the last four quarterly releases, the release candidate and unstable", () => {
    // @shopify/admin-api-client's getCurrentSupportedApiVersions() on that day.
    expect(supportedVersions(day)).toEqual([
      "2026-01",
      "2026-04",
      "2026-07",
      "2026-10",
      "2027-01",
      "unstable",
    ]);
  });

  it("each is answered with the newest anchored schema not newer than it", () => {
    const served = Object.fromEntries(
      supportedVersions(day).map((v) => [v, resolveVersion(v, day)]),
    );
    expect(served).toEqual({
      "2026-01": { served: "2026-01", variant: "2025-10" },
      "2026-04": { served: "2026-04", variant: "2025-10" },
      "2026-07": { served: "2026-07", variant: "2026-07" },
      "2026-10": { served: "2026-10", variant: "2026-07" },
      "2027-01": { served: "2027-01", variant: "2026-07" },
      unstable: { served: "unstable", variant: "2026-07" },
    });
  });

  it("a retired release falls forward to the oldest supported; the rest is 404", () => {
    expect(resolveVersion("2025-10", day)).toEqual({ served: "2026-01", variant: "2025-10" });
    expect(resolveVersion("2019-04", day)).toEqual({ served: "2026-01", variant: "2025-10" });
    for (const v of ["2027-04", "2026-11", "banana", "", "UNSTABLE"])
      expect(resolveVersion(v, day)).toBeNull();
  });

  it("quarters turn over at the first of January, April, July and October (UTC)", () => {
    expect(supportedVersions(new Date("2027-01-01T00:00:00Z")).slice(0, 5)).toEqual([
      "2026-04",
      "2026-07",
      "2026-10",
      "2027-01",
      "2027-04",
    ]);
    expect(supportedVersions(new Date("2026-09-30T23:59:59Z"))[3]).toBe("2026-07");
  });
});
