// End-to-end suite: Debian's Chromium against the production build, served by
// test/e2e/serve.ts on a free port with a fresh database (a new PostgreSQL database when
// DATABASE_URL is set, embedded in-memory PGlite otherwise). `npm run build` first.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  throw new Error(
    `No Chromium at ${chromium}. Install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium ` +
      `binary. Playwright's own browser download is not used (no internet).`,
  );
}
if (!existsSync(fileURLToPath(new URL("./build/server/index.js", import.meta.url)))) {
  throw new Error("No production build (build/server/index.js): run `npm run build` before `npx playwright test`.");
}

export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test/.results/e2e-artifacts",
  // Two cores: the server, the browsers and the runner share them.
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"], ["json", { outputFile: "test/.results/e2e.json" }]],
  use: {
    // Set by webServer.wait below from the line serve.ts prints; the workers read it.
    baseURL: process.env.E2E_BASE_URL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    // Traces cost seconds per test on two cores: E2E_TRACE=1 keeps them for failed tests.
    trace: process.env.E2E_TRACE ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node --import tsx test/e2e/serve.ts",
    env: { E2E_STOP_ON_STDIN_END: "1" },
    // serve.ts listens on port 0 and prints the address; the named group becomes
    // process.env.E2E_BASE_URL for this process and the workers.
    wait: { stdout: /E2E_BASE_URL=(?<e2e_base_url>http:\/\/\S+)/ },
    timeout: 90_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets serve.ts close the server and drop its database.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    reuseExistingServer: false,
  },
});
