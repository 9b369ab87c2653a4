/** Shopify global ids: `gid://shopify/<Type>/<number>` (an optional `?query` is tolerated). */
export const customerGid = (n: number | string) => `gid://shopify/Customer/${n}`;
export const addressGid = (n: number | string) => `gid://shopify/MailingAddress/${n}`;

/** The number in a gid of the given type, or null when the id is not one. */
export function parseGid(type: "Customer" | "MailingAddress", id: string): string | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,15})(?:\?.*)?$/.exec(id.trim());
  return m && m[1] === type ? String(Number(m[2])) : null;
}
