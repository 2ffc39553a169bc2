// Browser tests of the admin panel: Node drives the system Chromium (puppeteer-core) against the
// stack `npm start` runs (see test/web/stack.ts for ports and LEASEBOT_WEB_URL).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/web/**/*.test.ts"],
    environment: "node",
    testTimeout: 420_000,
    hookTimeout: 420_000,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
