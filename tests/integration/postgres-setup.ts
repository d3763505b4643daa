import { inject } from "vitest";
import { ensureDatabase } from "@/scripts/lib/throwaway-database";

// Runs before each test file imports lib/db, which reads DATABASE_URL on first use. Each worker has
// a database of its own: the files one worker runs share it one after another, as before.
const { adminUrl, prefix } = inject("postgres");
process.env.DATABASE_URL = await ensureDatabase({ adminUrl, name: `${prefix}_w${process.env.VITEST_POOL_ID ?? "0"}` });
delete process.env.PGLITE_DIR;
