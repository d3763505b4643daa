import { inject } from "vitest";

// Runs before each test file imports lib/db, which reads DATABASE_URL on first use.
process.env.DATABASE_URL = inject("databaseUrl");
delete process.env.PGLITE_DIR;
