/** Largest request body a dialect endpoint reads (bytes) unless it says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads at most `max` bytes of a request body as UTF-8; null when it is larger. A declared
 * Content-Length over the cap is refused without reading; a body of unknown length is read with
 * a running count and cancelled once past the cap.
 */
export async function readBodyLimited(
  req: Request,
  max = DEFAULT_MAX_BODY_BYTES,
): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) return null;
  // Node's HTTP parser holds a body to its declared length, so such a body is read whole (on the
  // gateway's requests without web streams); the check after is for Requests built in-process.
  if (req.headers.has("content-length") && Number.isSafeInteger(declared)) {
    const text = await req.text();
    return Buffer.byteLength(text) > max ? null : text;
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
