import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? `.data/e2e-${Date.now()}`;
// A scripted OpenAI-compatible model server: the agent e2e runs the real provider path against it.
const modelPort = Number(process.env.E2E_MODEL_PORT ?? 3101);

/** Debian's Chromium: Playwright's own browser download does not work on our machines. */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // Specs are isolated per user (each signs up its own people) and those that start servers of their
  // own take ports of their own, so E2E_WORKERS=2 runs two spec files side by side against the one
  // server. One by default: on this 2-core machine two workers were slower, not faster (25.4 min for
  // the suite against 17.2 with one, load ~10, 2026-12-06), and pushed timing-bound specs over.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: chromiumLaunchOptions,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      command: `node --import tsx tests/support/scripted-openai-server.ts --port ${modelPort} --script tests/fixtures/agent-e2e-script.json`,
      url: `http://127.0.0.1:${modelPort}/v1/models`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      // The production build, on a fresh embedded database, exactly as the quick start runs it.
      command: `node node_modules/.cache/server/main.mjs -p ${port}`,
      url: `http://localhost:${port}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        PGLITE_DIR: dataDir,
        DATABASE_URL: "",
        BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e",
        NEXT_TELEMETRY_DISABLED: "1",
        OPENAI_BASE_URL: `http://127.0.0.1:${modelPort}/v1`,
        AGENT_MODEL: "openai-compatible:scripted-model",
        // The suite signs people up faster than the default limit allows on a fast machine; the
        // limit itself is tested in tests/integration/auth-rate-limit.test.ts.
        AUTH_RATE_LIMIT_MAX: "100000",
      },
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
