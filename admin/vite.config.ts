// Builds the admin panel into admin/dist, which the Worker serves as static assets
// (wrangler.toml [assets]) and the Pages project publishes (admin/wrangler.jsonc).
import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // One small bundle: the whole panel is a few tens of KB, so splitting would only add requests.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
