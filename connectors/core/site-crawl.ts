/** Paged crawls for the shared connector engine: the inbox (fingerprinted rows) and the listings. */
import type { SiteSession } from "../browser/site-session.ts";
import type { InboxThread, Listing } from "./contract.ts";
import { digest } from "./html.ts";
import { inboxFindings, listingFindings } from "./plausibility.ts";
import type { ListingsPage, ParseContext, SiteSpec } from "./site-spec.ts";
import { assertPlausible, parseContext } from "./site-thread.ts";

/** Listing pages beyond this are not read (a crawl that never ends is a drifted "next" link). */
const MAX_LISTING_PAGES = 25;

export function inboxFingerprint(row: Omit<InboxThread, "rank" | "fingerprint">): string {
  return digest(
    [
      row.externalThreadId,
      row.latestDirection,
      row.preview,
      row.lastActivityText ?? "",
      row.messageCount ?? "",
    ].join("|"),
  );
}

/** Follows the inbox's pagination; unchanged threads are recognised later by their fingerprint. */
export async function crawlInbox(
  spec: SiteSpec,
  s: SiteSession,
  opts: { maxPages?: number },
): Promise<InboxThread[]> {
  const maxPages = opts.maxPages ?? 5;
  const threads: InboxThread[] = [];
  const seen = new Set<string>();
  let path: string | null = spec.paths.inbox;
  for (let pageNo = 0; path && pageNo < maxPages; pageNo++) {
    const page = await s.open(path, "inbox");
    await s.require(page, spec.inboxReady, "inbox", "inbox");
    const ctx = parseContext(s);
    const parsed = spec.parseInbox(page.doc, ctx);
    await assertPlausible(
      s,
      inboxFindings(parsed.rows, { now: ctx.now, threadIdShape: spec.threadIdShape }),
      "inbox",
    );
    for (const row of parsed.rows) {
      if (seen.has(row.externalThreadId)) continue;
      seen.add(row.externalThreadId);
      threads.push({ ...row, rank: threads.length + 1, fingerprint: inboxFingerprint(row) });
    }
    path = parsed.nextPath;
  }
  return threads;
}

export async function crawlListings(
  s: SiteSession,
  path0: string,
  parse: (doc: Parameters<NonNullable<SiteSpec["parseListings"]>>[0], ctx: ParseContext) => ListingsPage,
): Promise<Listing[]> {
  const out = [];
  const seen = new Set<string>();
  let path: string | null = path0;
  for (let n = 0; path && n < MAX_LISTING_PAGES; n++) {
    const page = await s.open(path, "listings");
    const parsed = parse(page.doc, parseContext(s));
    await assertPlausible(s, listingFindings(parsed.listings), "listings");
    const fresh = parsed.listings.filter((l) => !seen.has(l.externalId));
    if (!fresh.length) break;
    for (const l of fresh) seen.add(l.externalId);
    out.push(...fresh);
    path = parsed.nextPath;
  }
  return out;
}
