// Benchmarks: the same workerd setup as the test suite (Worker, D1, Durable Objects, local
// Browser binding, sandbox sites), with a browser governor sized for this 2-core machine and
// logins for the benchmark's extra sandbox accounts. Reports land in bench/*.md.
//   CHAOS_PROFILE=short|full|hard-short|hard  (default full: ≥1,000 replies over 20 accounts);
//   the profiles and the vars each runs with are in test/bench/chaos-profiles.ts.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { BENCH_ACCOUNTS } from "./test/bench/bench-accounts.ts";
import { chaosBindings, chaosProfile } from "./test/bench/chaos-profiles.ts";
import { TEST_BINDINGS } from "./test/support/test-bindings.ts";

process.env.SESSION_KEY ??= TEST_BINDINGS.SESSION_KEY;

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  const logins = Object.fromEntries(BENCH_ACCOUNTS.map((a) => [a.secret, a.username]));
  const profile = chaosProfile(process.env.CHAOS_PROFILE);
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ...TEST_BINDINGS,
            ...logins,
            TEST_MIGRATIONS: migrations,
            CHAOS_PROFILE: profile.name,
            BROWSER_MAX_CONCURRENT: process.env.BENCH_BROWSERS ?? "4",
            BROWSER_MAX_LAUNCHES_PER_MINUTE: "120",
            ...chaosBindings(profile),
          },
        },
      }),
    ],
    test: {
      include: ["test/bench/**/*.bench.test.ts"],
      setupFiles: ["./test/workers/setup.ts"],
      globalSetup: ["./test/global-setup.ts"],
      testTimeout: profile.timeoutMs + 15 * 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  };
});
