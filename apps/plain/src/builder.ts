import SchemaBuilder from "@pothos/core";
import type { PlainContext } from "./context.ts";

/** The one Pothos builder of the Plain dialect; types live in src/schema/<type>.ts. */
export const builder = new SchemaBuilder<{
  Context: PlainContext;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
}>({ defaultFieldNullability: false });
