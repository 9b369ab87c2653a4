import { writeFileSync } from "node:fs";
import { printFluentSchema } from "../src/schema/index.ts";

// Regenerates the committed SDL (test/schema.test.ts fails until this has been run after a change).
writeFileSync(new URL("../schema.graphql", import.meta.url), `${printFluentSchema()}\n`);
