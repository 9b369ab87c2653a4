import SchemaBuilder from "@pothos/core";
import type { FluentContext } from "./context.ts";

/** The one Pothos builder of the Fluent dialect; types live in src/schema/<type>.ts. */
export const builder = new SchemaBuilder<{
  Context: FluentContext;
  DefaultInputFieldRequiredness: false;
  Scalars: {
    DateTime: { Input: string; Output: string };
    Json: { Input: unknown; Output: unknown };
  };
}>({});
// Fields are nullable unless a field says otherwise (Pothos' default), as Fluent's almost all are.
