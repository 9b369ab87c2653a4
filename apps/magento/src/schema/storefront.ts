export function addStorefront(
  _b: import("../builder.ts").Builder,
  _v: import("../builder.ts").MagentoVersion,
) {}
