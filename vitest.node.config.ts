// Tests that run in Node: pure unit tests next to their modules (pipeline, policy, parsers,
// page classifier), the release scripts' pure rules, and the sandbox sites driven by a real
// Chromium (puppeteer-core).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "worker/**/*.test.ts",
      "connectors/**/*.test.ts",
      "durable-objects/**/*.test.ts",
      "sandbox/**/*.test.ts",
      "test/node/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The sandbox tests share fixed ports (8800-8805); run files one at a time.
    fileParallelism: false,
  },
});
