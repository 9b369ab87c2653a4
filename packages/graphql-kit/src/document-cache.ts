import { createHash } from "node:crypto";
import type { DocumentNode } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";

/**
 * A least-recently-used cache keyed by a hash of the query text and capped in bytes, not
 * entries. Yoga's own caches (and a count-capped cache) key on the full text and count entries:
 * 1 500 distinct queries, each a 250 KB comment before `{ __typename }`, held ~300 MB per
 * dialect. Here the key is a sha256 of the text (32 bytes, whatever the text's size) and every
 * entry is charged what it keeps alive, so the total stays under `maxBytes` whatever clients send.
 */
export interface ByteCache<T> {
  get(text: string): T | undefined;
  set(text: string, value: T): void;
  /** Bytes charged for what is held now (≤ maxBytes). */
  readonly bytes: number;
  readonly size: number;
}

export interface ByteCacheOptions<T> {
  maxBytes: number;
  /** What one entry keeps alive, in bytes (its key's 32-byte hash and bookkeeping are added). */
  sizeOf: (text: string, value: T) => number;
}

/** Per entry: the Map slot, the hash string and the record. */
const ENTRY_OVERHEAD = 160;

export function createByteCache<T>(o: ByteCacheOptions<T>): ByteCache<T> {
  // Map iteration order is insertion order: re-inserting on a hit makes the first key the LRU.
  const entries = new Map<string, { value: T; bytes: number }>();
  let bytes = 0;
  // Yoga asks get(text) and then set(text) for the same text: hash it once.
  let lastText: string | undefined;
  let lastKey = "";
  const keyOf = (text: string) => {
    if (text !== lastText) {
      lastText = text;
      lastKey = createHash("sha256").update(text).digest("base64url");
    }
    return lastKey;
  };
  return {
    get(text) {
      const key = keyOf(text);
      const e = entries.get(key);
      if (!e) return undefined;
      entries.delete(key);
      entries.set(key, e);
      return e.value;
    },
    set(text, value) {
      const key = keyOf(text);
      const cost = o.sizeOf(text, value) + ENTRY_OVERHEAD;
      const old = entries.get(key);
      if (old) {
        entries.delete(key);
        bytes -= old.bytes;
      }
      // Larger than the whole budget: not cached at all (it would evict everything else).
      if (cost > o.maxBytes) return;
      entries.set(key, { value, bytes: cost });
      bytes += cost;
      for (const [k, e] of entries) {
        if (bytes <= o.maxBytes) break;
        entries.delete(k);
        bytes -= e.bytes;
      }
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
  };
}

/** Bytes per lexer token kept alive by a parsed document (the Token, its AST node and Location). */
const BYTES_PER_TOKEN = 200;

/**
 * What a parsed document keeps alive: its Location objects hold the Source (the whole text, up to
 * 2 bytes a character) and the lexer's linked list of tokens, comments included.
 */
export function documentBytes(text: string, doc: DocumentNode): number {
  let tokens = 0;
  for (let t = doc.loc?.startToken ?? null; t; t = t.next) tokens++;
  return 2 * text.length + tokens * BYTES_PER_TOKEN;
}

/** A parse error keeps its Source too (for locations). */
export function errorBytes(text: string): number {
  return 2 * text.length + 1024;
}

/**
 * Yoga's parser and validation caches over one byte budget: parsed documents and parse errors
 * share it; yoga keys its validation cache by document object (a WeakMap), so validation results
 * go when their document is evicted.
 */
export type YogaDocumentCaches = ReturnType<typeof createYogaDocumentCaches>;

export function createYogaDocumentCaches(maxBytes: number) {
  const cache = createByteCache<{ doc: DocumentNode } | { error: unknown }>({
    maxBytes,
    sizeOf: (text, v) => ("doc" in v ? documentBytes(text, v.doc) : errorBytes(text)),
  });
  return {
    cache,
    options: {
      documentCache: {
        get: (text: string) => {
          const v = cache.get(text);
          return v && "doc" in v ? v.doc : undefined;
        },
        set: (text: string, doc: DocumentNode) => cache.set(text, { doc }),
      },
      errorCache: {
        get: (text: string) => {
          const v = cache.get(text);
          return v && "error" in v ? v.error : undefined;
        },
        set: (text: string, error: unknown) => cache.set(text, { error }),
      },
    },
  };
}

/**
 * Refuses a query text longer than `maxBytes` before it is hashed, parsed or cached: a GraphQL
 * error, HTTP 413. Set per dialect at a size no real client of that vendor reaches.
 */
export function maxQueryBytesPlugin(maxBytes: number): Plugin {
  return {
    onParams({ params }) {
      const q = params.query;
      // A UTF-16 unit is at most 3 UTF-8 bytes: count the bytes only when the length allows it.
      if (typeof q === "string" && q.length * 3 > maxBytes && Buffer.byteLength(q) > maxBytes)
        throw createGraphQLError(`The query is larger than ${maxBytes} bytes.`, {
          extensions: { code: "QUERY_TOO_LARGE", http: { status: 413 } },
        });
    },
  };
}
