// Benchmarks: the same workerd setup as the test suite (Worker, D1, Durable Objects, local
// Browser binding, sandbox sites), with a browser governor sized for this 2-core machine and
// logins for the benchmark's extra sandbox accounts. Reports land in bench/*.md.
//   CHAOS_PROFILE=short|full  (default full: ≥1,000 replies over 20 accounts)
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { BENCH_ACCOUNTS } from "./test/bench/bench-accounts.ts";
import { TEST_BINDINGS } from "./test/support/test-bindings.ts";

process.env.SESSION_KEY ??= TEST_BINDINGS.SESSION_KEY;

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  const logins = Object.fromEntries(BENCH_ACCOUNTS.map((a) => [a.secret, a.username]));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ...TEST_BINDINGS,
            ...logins,
            TEST_MIGRATIONS: migrations,
            CHAOS_PROFILE: process.env.CHAOS_PROFILE ?? "full",
            BROWSER_MAX_CONCURRENT: process.env.BENCH_BROWSERS ?? "4",
            BROWSER_MAX_LAUNCHES_PER_MINUTE: "120",
            DISPATCH_RETRY: JSON.stringify({ baseMs: 200, capMs: 2000, maxAttempts: 6 }),
            // Zero pacing so the run fits in minutes; the appearance window stays longer than
            // the sandbox's delayed-appearance fault (3 s), as production's does for its sites.
            ANTIBOT_CONFIG: JSON.stringify({
              "*": {
                minIntervalMs: 0,
                jitterMs: 0,
                appearanceWindowMs: 10_000,
                // Fifty replies an account in half an hour is no real account's load; the hourly
                // budget (240 by default) would only make the benchmark wait for the clock.
                pageLoadsPerHour: 100_000,
                circuitCooldownMs: 5000,
                navigationTimeoutMs: 15_000,
              },
            }),
          },
        },
      }),
    ],
    test: {
      include: ["test/bench/**/*.bench.test.ts"],
      setupFiles: ["./test/workers/setup.ts"],
      globalSetup: ["./test/global-setup.ts"],
      testTimeout: 75 * 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  };
});
