/**
 * Who may wake an account: the domains each site's notification e-mails come from, as data.
 *
 * These are guesses: no real notification e-mail from any of the five sites is recorded in this
 * repository (sandbox/README.md records what is known of each site). They are the sites' own
 * domains; an e-mail from a subdomain (e.g. `mail.spareroom.com`) counts as the domain. Check them
 * against a real notification before turning push on for a site, and correct them without a
 * release through the `NOTIFY_SENDERS` var, e.g. {"renthop": ["renthop.com", "rhmail.com"]}.
 */
import { z } from "zod";
import { PLATFORMS, type Platform } from "../../domain/platforms.ts";

export const NOTIFY_SENDER_DEFAULTS: Record<Platform, readonly string[]> = {
  // SpareRoom runs the UK site and the US one (spareroom.com) from one company.
  spareroom: ["spareroom.com", "spareroom.co.uk"],
  roomies: ["roomies.com"],
  leasebreak: ["leasebreak.com"],
  renthop: ["renthop.com"],
  furnishedfinder: ["furnishedfinder.com"],
};

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "a domain such as example.com");
const overrides = z.partialRecord(z.enum(PLATFORMS), z.array(domain).min(1));

/** The allowed sender domains of one platform: the var's list when it names the platform. */
export function senderDomains(platform: Platform, json: string | undefined): readonly string[] {
  if (!json) return NOTIFY_SENDER_DEFAULTS[platform];
  const parsed = overrides.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(
      `NOTIFY_SENDERS is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  return parsed.data[platform] ?? NOTIFY_SENDER_DEFAULTS[platform];
}
