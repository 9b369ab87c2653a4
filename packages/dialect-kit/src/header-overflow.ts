import type { DialectDefinition, Route } from "./definition.ts";
import { RefusalKind } from "./definition.ts";

/**
 * The 431 of a header section too large for the HTTP server (`listen`'s `headerOverflow`) in the
 * vendor's shape: the dialect mounted at the path's prefix answers its HEADERS_TOO_LARGE refusal.
 * `mounts` are the dialects with their roots ("" standalone, the prefix in the gateway); null when
 * none of them is mounted at the path, so the caller answers it (tRPC, its own 404 shape).
 */
export function headerOverflowRefusal(
  mounts: readonly { def: DialectDefinition<Route>; root: string }[],
): (path: string | undefined) => Response | null {
  return (path) => {
    const p = path ?? "";
    const m = mounts.find((x) => x.root === "" || p === x.root || p.startsWith(`${x.root}/`));
    if (!m) return null;
    let req: Request;
    try {
      req = new Request(`http://localhost${p}`);
    } catch {
      req = new Request(`http://localhost${m.root}/`);
    }
    return m.def.refuse({ kind: RefusalKind.HEADERS_TOO_LARGE }, req);
  };
}
