import { describe, expect, it } from "vitest";
import {
  countryCodeOf,
  countryNameOf,
  type FieldError,
  resolveAddressRegion,
  subdivisionCodeOf,
  subdivisionNameOf,
} from "../src/index.ts";

describe("countries (ISO 3166 data from iso-3166, English names from CLDR)", () => {
  it("finds a country by alpha-2, alpha-3, ISO name or common English name, whatever the case and accents", () => {
    expect(["CA", "can", "Canada", " canada "].map(countryCodeOf)).toEqual([
      "CA",
      "CA",
      "CA",
      "CA",
    ]);
    expect(countryCodeOf("United States")).toBe("US");
    expect(countryCodeOf("United States of America")).toBe("US");
    expect(countryCodeOf("Cote d'Ivoire")).toBe("CI");
    expect(countryCodeOf("Narnia")).toBeNull();
    expect(countryNameOf("us")).toBe("United States");
    expect(countryNameOf("ZZ")).toBeNull();
  });

  it("finds a subdivision of a country by code (bare or CC-prefixed) or name; not another country's", () => {
    expect(subdivisionCodeOf("CA", "ON")).toBe("ON");
    expect(subdivisionCodeOf("CA", "ca-on")).toBe("ON");
    expect(subdivisionCodeOf("CA", "Québec")).toBe("QC");
    expect(subdivisionCodeOf("IN", "Puducherry")).toBe("PY");
    expect(subdivisionCodeOf("CA", "NY")).toBeNull();
    expect(subdivisionNameOf("US", "ny")).toBe("New York");
  });

  it("resolveAddressRegion: codes win over names; unknown names are INVALID at their member", () => {
    const run = (a: Record<string, string>) => {
      const errors: FieldError[] = [];
      const out = resolveAddressRegion(a, ["addresses", 0], errors);
      return { out, errors: errors.map((e) => [e.path.join("."), e.code]) };
    };
    expect(run({ country: "Canada", province: "Ontario" })).toEqual({
      out: { country: "Canada", countryCode: "CA", province: "Ontario", provinceCode: "ON" },
      errors: [],
    });
    expect(
      run({ country: "Canada", countryCode: "US", provinceCode: "ny", province: "Ontario" }).out,
    ).toEqual({
      country: "United States",
      countryCode: "US",
      province: "New York",
      provinceCode: "NY",
    });
    expect(run({ country: "Narnia" }).errors).toEqual([["addresses.0.country", "INVALID"]]);
    expect(run({ countryCode: "CA", province: "Bavaria" }).errors).toEqual([
      ["addresses.0.province", "INVALID"],
    ]);
    // No country, or a country without listed subdivisions: the region is kept as given.
    expect(run({ province: "Somewhere" })).toEqual({ out: { province: "Somewhere" }, errors: [] });
  });
});
