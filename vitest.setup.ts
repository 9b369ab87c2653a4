// Says once which engines the database-backed tests run on, so a run without PostgreSQL is
// visible rather than silently half as strong.
export default function setup() {
  const pg = process.env.TEST_DATABASE_URL;
  process.stdout.write(
    pg
      ? `database tests: PGlite and PostgreSQL (${new URL(pg).host}${new URL(pg).pathname})\n`
      : "database tests: PGlite only (set TEST_DATABASE_URL to run them on PostgreSQL too; .ci/run does)\n",
  );
}
