import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.SCALEGUARD_E2E_PORT ?? 3100);
const simPort = Number(process.env.SCALEGUARD_E2E_SIM_PORT ?? 6543);
const baseURL = `http://127.0.0.1:${port}`;

/** Playwright drives Debian's Chromium against `npm run demo`; it never downloads a browser. */
export default defineConfig({
  testDir: './e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: 'npm run demo',
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      SCALEGUARD_SIM_PORT: String(simPort),
      SCALEGUARD_DATA_DIR: process.env.SCALEGUARD_E2E_DATA_DIR ?? '.scaleguard/e2e',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
