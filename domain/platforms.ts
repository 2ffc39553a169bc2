/**
 * The five listing sites lease-bot works, and the two ways an account may send. One list for the
 * product (D1 checks, API validation, connectors), the sandbox stand-ins, the tests and scripts.
 */
export const PLATFORMS = ["spareroom", "roomies", "leasebreak", "renthop", "furnishedfinder"] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(value: unknown): value is Platform {
  return typeof value === "string" && (PLATFORMS as readonly string[]).includes(value);
}

export const SEND_MODES = ["auto_send", "draft_only"] as const;
export type SendMode = (typeof SEND_MODES)[number];
