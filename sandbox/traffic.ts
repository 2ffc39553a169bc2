// The lead-traffic generator: n leads over the sites, at once or spread at a rate, with an intent
// mix, drawn from the world's seeded sequence (so the same seed gives the same traffic).

import { INTENTS, type Intent, LEAD_NAMES, leadText } from "./seed-data.ts";
import type { World } from "./state.ts";
import { PLATFORMS, type Platform } from "./types.ts";

export type TrafficOptions = {
  platform?: Platform;
  account?: string;
  count: number;
  ratePerMinute?: number;
  mix?: Partial<Record<Intent, number>>;
};

export function generateTraffic(world: World, o: TrafficOptions): { threadIds: string[] } {
  const platforms: Platform[] = o.platform ? [o.platform] : [...PLATFORMS];
  const account = o.account ?? "demo";
  const mix = o.mix && Object.keys(o.mix).length > 0 ? o.mix : { tour: 1, price: 1, availability: 1 };
  const total = INTENTS.reduce((s, k) => s + Math.max(0, Number(mix[k] ?? 0)), 0) || 1;
  const threadIds: string[] = [];
  const count = Math.max(0, Math.min(10_000, Math.floor(o.count)));
  const interval = o.ratePerMinute && o.ratePerMinute > 0 ? 60_000 / o.ratePerMinute : 0;
  for (let i = 0; i < count; i += 1) {
    const platform = platforms[i % platforms.length] ?? "spareroom";
    let r = world.random() * total;
    let intent: Intent = "tour";
    for (const k of INTENTS) {
      r -= Math.max(0, Number(mix[k] ?? 0));
      if (r < 0) {
        intent = k;
        break;
      }
    }
    const base = LEAD_NAMES[Math.floor(world.random() * LEAD_NAMES.length)] ?? "Alex Lee";
    const leadName = `${base} ${world.nextId(platform, "lead").slice(-3)}`;
    const listings = world.listingsOf(platform, account);
    const listing = listings.length > 0 ? listings[Math.floor(world.random() * listings.length)] : undefined;
    const text = leadText(intent, Math.floor(world.random() * 4), {
      first: base.split(" ")[0] ?? base,
      title: listing?.title ?? "your room",
      price: listing?.priceText ?? "$1,500",
      date: listing?.availableFrom ?? "next month",
    });
    const leadId = world.nextId(platform, "lead");
    const threadId =
      platform === "spareroom" ? `${leadId}_${listing?.id ?? "0"}` : world.nextId(platform, "thread");
    threadIds.push(threadId);
    const create = () =>
      world.addLead({ platform, account, leadName, text, listingId: listing?.id ?? null, threadId, leadId });
    if (interval === 0) create();
    else world.later(create, interval * i);
  }
  return { threadIds };
}
