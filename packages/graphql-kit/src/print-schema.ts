import { writeFileSync } from "node:fs";
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";

/** A schema's SDL as committed: types and fields sorted, so a diff shows only real changes. */
export const printSortedSchema = (schema: GraphQLSchema): string =>
  `${printSchema(lexicographicSortSchema(schema))}\n`;

/**
 * Writes each committed SDL file (a dialect's `schema` script; its schema test compares the files
 * with printSortedSchema of the served schemas).
 */
export function writeSchemaFiles(files: readonly { file: URL; schema: GraphQLSchema }[]): void {
  for (const { file, schema } of files) {
    writeFileSync(file, printSortedSchema(schema));
    console.log(`wrote ${file.pathname}`);
  }
}
