import { writeFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";

/** Shopify's customer CSV columns as its import template has them (no export-only columns). */
export const TEMPLATE_COLUMNS = [
  "First Name",
  "Last Name",
  "Email",
  "Accepts Email Marketing",
  "Default Address Company",
  "Default Address Address1",
  "Default Address Address2",
  "Default Address City",
  "Default Address Province Code",
  "Default Address Country Code",
  "Default Address Zip",
  "Default Address Phone",
  "Phone",
  "Accepts SMS Marketing",
  "Tags",
  "Note",
  "Tax Exempt",
];

/** Row i of a generated Shopify customer CSV (a name-only customer every 97th row). */
export function shopifyRow(i: number, run: string, nameOnlyRows = true): Record<string, string> {
  const nameOnly = nameOnlyRows && i % 97 === 5;
  return {
    "First Name": `Ann${i}`,
    "Last Name": i % 3 ? "Smith" : "",
    Email: nameOnly ? "" : `ann.${run}.${i}@example.com`,
    "Accepts Email Marketing": i % 2 ? "yes" : "no",
    "Default Address Company": i % 5 ? "" : "Acme, Inc.",
    "Default Address Address1": `${i} Elgin St`,
    "Default Address Address2": "",
    "Default Address City": "Ottawa",
    "Default Address Province Code": "ON",
    "Default Address Country Code": "CA",
    "Default Address Zip": "K2P 1L4",
    "Default Address Phone": "",
    Phone: nameOnly || i % 4 ? "" : `+1613555${String(i % 10000).padStart(4, "0")}`,
    "Accepts SMS Marketing": "no",
    Tags: i % 2 ? "vip, newsletter" : "",
    // Quotes, commas and a newline inside a cell: the row spans two lines.
    Note: i % 7 ? "" : `said "hi", twice\nsecond line ${i}`,
    "Tax Exempt": i % 11 ? "no" : "yes",
  };
}

/**
 * Writes a Shopify customer CSV of `rows` generated rows; `bad` maps a row index to a broken
 * version of it (a cell value or a short row). Returns the first line of every row (1-based, the
 * header is line 1), so tests can name the lines they expect in the rejects file.
 */
export function writeShopifyCsv(
  file: string,
  rows: number,
  run: string,
  bad: Record<number, Record<string, string> | "short"> = {},
  nameOnlyRows = true,
): number[] {
  let text = stringify([TEMPLATE_COLUMNS]);
  const lines: number[] = [];
  let line = 2;
  for (let i = 0; i < rows; i++) {
    lines.push(line);
    const b = bad[i];
    const row = b === "short" ? null : { ...shopifyRow(i, run, nameOnlyRows), ...b };
    const out = row
      ? stringify([TEMPLATE_COLUMNS.map((c) => row[c] ?? "")])
      : "Broken,Row,only three cells\n";
    text += out;
    line += (row?.Note?.match(/\n/g)?.length ?? 0) + 1;
  }
  writeFileSync(file, text);
  return lines;
}
