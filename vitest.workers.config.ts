// Tests that run inside workerd through @cloudflare/vitest-plugin: the Worker, local D1, the
// Durable Objects and the local Browser binding (Chromium via scripts/browser-shim.mjs),
// against the sandbox sites and a local Access key server started by test/global-setup.ts.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { isPlatform, PLATFORMS } from "./sandbox/types.ts";
import { TEST_BINDINGS } from "./test/support/test-bindings.ts";

// wrangler checks required secrets against process.env when it reads the config.
process.env.SESSION_KEY ??= TEST_BINDINGS.SESSION_KEY;

// CONTRACT_SITE=<platform> narrows the connector contract suite to one site (one CI job per
// site, docs/release.md). A misspelt site must fail loudly, not run zero tests and pass.
const contractSite = process.env.CONTRACT_SITE ?? "";
if (contractSite !== "" && !isPlatform(contractSite))
  throw new Error(`CONTRACT_SITE must be one of ${PLATFORMS.join(", ")} (got "${contractSite}")`);

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { ...TEST_BINDINGS, TEST_MIGRATIONS: migrations, CONTRACT_SITE: contractSite },
        },
      }),
    ],
    test: {
      include: ["test/workers/**/*.test.ts"],
      setupFiles: ["./test/workers/setup.ts"],
      globalSetup: ["./test/global-setup.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // Files share the sandbox sites on fixed ports; one file at a time keeps them apart.
      fileParallelism: false,
      // The accounts keep their own alarms, so an object may still be writing a log line when the
      // last file's environment closes; that line has nowhere left to go. Only that teardown
      // error is ignored: every other unhandled error still fails the run.
      onUnhandledError: (error: { name?: string; message?: string }): boolean =>
        !(error.name === "EnvironmentTeardownError" && (error.message ?? "").includes("onUserConsoleLog")),
    },
  };
});
