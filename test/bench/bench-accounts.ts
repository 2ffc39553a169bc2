/**
 * The benchmark's sandbox accounts: four per site (20 in all). Their login names are test
 * bindings named by the accounts' credential references, as real secrets would be.
 */
import { SANDBOX_PLATFORMS, type SandboxPlatform } from "../support/sandbox-client.ts";

export interface BenchAccount {
  platform: SandboxPlatform;
  account: string;
  username: string;
  secret: string;
}

export const BENCH_PASSWORD_SECRET = "LEASEBOT_ACCOUNT_SANDBOX_PASSWORD";

export const BENCH_ACCOUNTS: BenchAccount[] = SANDBOX_PLATFORMS.flatMap((platform) =>
  [0, 1, 2, 3].map((i) => ({
    platform,
    account: `bench${i}`,
    username: `bench-${platform}-${i}`,
    secret: `LEASEBOT_ACCOUNT_BENCH_USER_${platform.toUpperCase()}_${i}`,
  })),
);
