import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const integration = "tests/integration/**/*.test.ts";
// Checks both databases itself, so it runs once.
const runsOnce = "tests/integration/schema-drift.test.ts";
// The offline box needs no database: its tests run once, in their own project.
const boxTests = "tests/integration/box-*.test.ts";
// The box's routes and browser client; the database mode does not matter to them.
const boxOverHttp = "tests/integration/sandbox-http-contract.test.ts";
// The agent evaluation replays the same turns on either database; once is enough.
const agentEval = "tests/integration/agent-eval-*.test.ts";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: root + "/" },
      { find: /^server-only$/, replacement: path.join(root, "tests/fixtures/server-only.ts") },
    ],
  },
  test: {
    environment: "node",
    // Each worker has a Postgres database of its own (postgres-setup.ts), and the files that compare
    // every row before and after a request wait for earlier requests' background work to settle
    // (lib/background-work.ts), so files run side by side: two, one per core. With three, a file's
    // setup (a fresh PGlite, a sign-up) once took over a minute while the other two ran.
    maxWorkers: 2,
    sequence: { groupOrder: 0 },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Every storage mode runs the same integration suite.
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "pglite",
          include: [integration],
          exclude: [boxTests, boxOverHttp],
          env: { DATABASE_URL: "", PGLITE_DIR: "memory://" },
          globalSetup: ["tests/fixtures/box-global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: [integration],
          exclude: [runsOnce, boxTests, boxOverHttp, agentEval],
          globalSetup: ["tests/integration/postgres-global-setup.ts"],
          setupFiles: ["tests/integration/postgres-setup.ts"],
        },
      },
      // The boxes' own tests check deadlines of a few seconds: they run after the rest, with the machine
      // to themselves. Two cores: more concurrent boxes only make each one slower.
      {
        extends: true,
        test: {
          name: "box",
          include: [boxTests, boxOverHttp],
          maxConcurrency: 3,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          env: { DATABASE_URL: "", PGLITE_DIR: "memory://" },
          globalSetup: ["tests/fixtures/box-global-setup.ts"],
        },
      },
    ],
  },
});
