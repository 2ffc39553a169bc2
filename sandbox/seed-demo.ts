// The seeded demo every reset starts from: on each site, the demo account's listings and three
// waiting leads (an earlier exchange then a tour request 3 h ago, a price question 47 min ago,
// an availability question 2 days ago).

import { leadText, SEED_LISTINGS } from "./seed-data.ts";
import type { World } from "./state.ts";
import { PLATFORMS } from "./types.ts";
import { mediumDate } from "./util.ts";

const DAY = 86_400_000;

export function seedDemo(world: World): void {
  const now = Date.now();
  for (const platform of PLATFORMS) {
    const templates = SEED_LISTINGS[platform];
    const ids = templates.map((t) =>
      world.addListing({
        platform,
        account: "demo",
        title: t.title,
        price: t.price,
        location: t.location,
        availableFrom: new Date(now + t.availableInDays * DAY).toISOString().slice(0, 10),
        status: "active",
      }),
    );
    const names = world.pickNames(3);
    const listing = (i: number) => world.listings.find((l) => l.id === ids[i % ids.length]) ?? null;
    const ctx = (i: number, name: string) => {
      const l = listing(i);
      return {
        first: name.split(" ")[0] ?? name,
        title: l?.title ?? "your room",
        price: l?.priceText ?? "$1,500",
        date: l?.availableFrom ? mediumDate(Date.parse(`${l.availableFrom}T16:00:00Z`), false) : "next month",
      };
    };
    // Lead 1: earlier exchange, then a tour request 3 hours ago (latest message inbound).
    const n0 = names[0] ?? "Maya Chen";
    const t1 = world.addLead({
      platform,
      account: "demo",
      leadName: n0,
      text: `Hi, I'm interested in "${ctx(0, n0).title}". Is it still available?`,
      listingId: ids[0],
      at: now - 26 * 3_600_000,
    });
    world.storeOutbound(t1.thread, `Hi ${ctx(0, n0).first}, yes it is! Would you like to come and see it?`, {
      at: now - 25 * 3_600_000,
      visibleFrom: null,
    });
    world.addLead({
      platform,
      account: "demo",
      leadName: n0,
      text: leadText("tour", 0, ctx(0, n0)),
      listingId: ids[0],
      at: now - 3 * 3_600_000,
    });
    const n1 = names[1] ?? "Jordan Alvarez";
    world.addLead({
      platform,
      account: "demo",
      leadName: n1,
      text: leadText("price", 0, ctx(1, n1)),
      listingId: ids[1 % ids.length],
      at: now - 47 * 60_000,
    });
    const n2 = names[2] ?? "Priya Nair";
    world.addLead({
      platform,
      account: "demo",
      leadName: n2,
      text: leadText("availability", 0, ctx(2, n2)),
      listingId: ids[2 % ids.length],
      at: now - 2 * DAY - 5 * 3_600_000,
    });
  }
}
