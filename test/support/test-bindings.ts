/**
 * Configuration the workerd tests run with. None of it is secret: the session key is a test
 * key, and the site credentials are the sandbox's public demo logins.
 */
/**
 * Ports: the sandbox sites use BASE..BASE+5 and the Access key server BASE+10. Set
 * LEASEBOT_TEST_PORT_BASE to run a second suite beside one already running. Read at config
 * time (Node); the tests inside workerd learn the ports from the bindings below.
 */
export const TEST_PORT_BASE = Number(process.env.LEASEBOT_TEST_PORT_BASE ?? 8800);
export const ACCESS_TEST_PORT = TEST_PORT_BASE + 10;

export const TEST_BINDINGS = {
  ENVIRONMENT: "production",
  SANDBOX_BASE_PORT: String(TEST_PORT_BASE),
  ACCESS_TEAM_DOMAIN: `http://127.0.0.1:${ACCESS_TEST_PORT}`,
  ACCESS_AUD: "lease-bot-test-aud",
  // base64 of 32 bytes 0x01..0x20: a fixed test key for the cookie jar's AES-GCM.
  SESSION_KEY: "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
  LEASEBOT_ACCOUNT_SANDBOX_USERNAME: "demo",
  LEASEBOT_ACCOUNT_SANDBOX_PASSWORD: "demo-password",
  // Fast pacing and short windows so the suite runs in minutes; the pacing test sets its own.
  ANTIBOT_CONFIG: JSON.stringify({
    "*": {
      minIntervalMs: 0,
      jitterMs: 0,
      appearanceWindowMs: 6000,
      settleWindowMs: 25_000,
      circuitCooldownMs: 3000,
      navigationTimeoutMs: 15000,
    },
    // One platform keeps real pacing so a test can see it in the site's request log.
    leasebreak: { minIntervalMs: 600, jitterMs: 200 },
    // A tight hourly budget: the end-to-end test uses it to hold a decided reply in the queue.
    renthop: { pageLoadsPerHour: 5 },
  }),
  DISPATCH_RETRY: JSON.stringify({ baseMs: 100, capMs: 400, maxAttempts: 3 }),
  READBACK_RECHECK_MS: "500",
  BROWSER_KEEP_ALIVE_MS: "60000",
  // Push accounts' safety-net polls every few seconds (the page budget's floor makes it ~15 s),
  // so a test can watch a lost e-mail being caught. Accounts without push poll only every ten
  // minutes here: the tests drive their runs themselves, and a background poll in between would
  // spend the faults, logins and page budget they count.
  WAKE_SCHEDULE: JSON.stringify({
    pushIdleMs: 8000,
    pushLiveMs: 8000,
    pollBudgetShare: 1,
    pollIdleMs: 600_000,
    pollLiveMs: 600_000,
  }),
  ALERT_COOLDOWN_MS: "600000",
  // The sandbox sites stand in for the real ones: a production Worker lets an account's baseUrl
  // point only at these (domain/policy/site-origin.ts); never set on a deployment.
  SITE_ORIGIN_ALLOWLIST: Array.from(
    { length: 5 },
    (_, i) => `http://127.0.0.1:${TEST_PORT_BASE + 1 + i}`,
  ).join(","),
  ALERT_WEBHOOK_URL: `http://127.0.0.1:${ACCESS_TEST_PORT}/alerts`,
  // The tab on the local Browser binding sends Browser Run's header names, as Browser Run's do
  // (durable-objects/account/own-browser-session.ts); the sandbox's defences are off unless a test
  // turns them on.
  BROWSER_RUN_LOCAL_HEADERS: "emulate",
  // An account's own browser (test/support/own-browser.ts), named by a secret reference.
  LEASEBOT_ACCOUNT_OWN_BROWSER_TEST_ENDPOINT: `http://127.0.0.1:${TEST_PORT_BASE + 90}`,
} as const;
