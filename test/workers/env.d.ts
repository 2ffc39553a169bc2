import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      LEASEBOT_ACCOUNT_SANDBOX_USERNAME: string;
      LEASEBOT_ACCOUNT_SANDBOX_PASSWORD: string;
      SANDBOX_BASE_PORT: string;
      /** Contract suite only: run it for this one platform ("" = all five). */
      CONTRACT_SITE?: string;
      /** Benchmarks only: "short" (CI) or "full". */
      CHAOS_PROFILE?: string;
    }
  }
}
