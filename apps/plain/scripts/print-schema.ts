import { writeSchemaFiles } from "@cg/graphql-kit";
import { plainSchema } from "../src/schema/index.ts";

// Regenerates the committed SDL (test/schema.test.ts fails until this has been run after a change).
writeSchemaFiles([{ file: new URL("../schema.graphql", import.meta.url), schema: plainSchema() }]);
