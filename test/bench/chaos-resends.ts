/**
 * The in-browser path's one duplicate in the chaos benchmark (docs/anti-bot.md): Chromium's own
 * re-send of a submit whose connection died after the site stored it. What the sites stored is
 * the sandbox's own request log — every re-sent submit it stored, told apart by who sent it (a
 * browser's network stack, or the relay's request from the Worker: sandbox/sites/site-submit.ts);
 * what the accounts saw is D1's send_copy_checks (durable-objects/account/copy-checks.ts). The
 * gate's verdict on them is pure (resendVerdict), so it is tested (test/node/chaos-resends.test.ts).
 */

export interface ResendFigures {
  /** Re-sent copies the sites stored, by path (the sandbox's request log). */
  stored: { browser: number; relay: number };
  /** Extra copies the accounts recorded as seen, by path. */
  seen: { browser: number; relay: number };
  /** The same, by path and provider ("browser on browser_run"). */
  seenByProvider: Record<string, number>;
  /** Dispatches with a duplicate recorded, by what counted it first. */
  seenBy: Record<string, number>;
  /** In-browser sends whose recount found one copy, and those no recount could read in time. */
  oneCopy: number;
  notRecounted: number;
}

export interface CheckRow {
  path: string;
  provider: string;
  outcome: string;
  seen_by: string;
  copies: number | null;
}

/** The figures from the sites' re-sends (by who sent them) and the accounts' copy checks. */
export function resendFigures(
  stored: { browser: number; other: number }[],
  checks: CheckRow[],
): ResendFigures {
  const f: ResendFigures = {
    stored: { browser: 0, relay: 0 },
    seen: { browser: 0, relay: 0 },
    seenByProvider: {},
    seenBy: {},
    oneCopy: 0,
    notRecounted: 0,
  };
  for (const s of stored) {
    f.stored.browser += s.browser;
    f.stored.relay += s.other;
  }
  for (const c of checks) {
    if (c.outcome === "one_copy") f.oneCopy++;
    if (c.outcome === "not_recounted") f.notRecounted++;
    if (c.outcome !== "duplicate") continue;
    const extra = Math.max(0, (c.copies ?? 2) - 1);
    const path = c.path === "browser" ? "browser" : "relay";
    f.seen[path] += extra;
    const k = `${path} on ${c.provider}`;
    f.seenByProvider[k] = (f.seenByProvider[k] ?? 0) + extra;
    f.seenBy[c.seen_by] = (f.seenBy[c.seen_by] ?? 0) + 1;
  }
  return f;
}

/**
 * What the gate refuses, in words (empty: it passes). Every surplus copy on the sites must be an
 * in-browser re-send; the relay makes none; and every re-send the sites stored was seen (and
 * alerted) — no more, since a false alarm sends a person to delete a reply the lead needs.
 */
export function resendVerdict(f: ResendFigures, duplicates: number): string[] {
  const out: string[] = [];
  if (duplicates !== f.stored.browser)
    out.push(
      `${duplicates} surplus copies on the sites, but ${f.stored.browser} in-browser re-sends stored: duplicates other than Chromium's re-send`,
    );
  if (f.stored.relay !== 0)
    out.push(`${f.stored.relay} re-sends stored from the relay's requests (must be 0)`);
  if (f.seen.browser !== f.stored.browser)
    out.push(
      `${f.seen.browser} in-browser re-sent copies seen and alerted, ${f.stored.browser} stored (must be equal)`,
    );
  if (f.seen.relay !== f.stored.relay)
    out.push(`${f.seen.relay} relayed copies seen, ${f.stored.relay} stored (must be equal)`);
  return out;
}

const fmt = (r: Record<string, number>) =>
  Object.entries(r)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(", ") || "none";

export function resendSection(f: ResendFigures, duplicates: number): string {
  const verdict = resendVerdict(f, duplicates);
  return `
The in-browser path's one duplicate — Chromium's re-send after a dropped connection — as the sites stored it (their request log, by who sent the request) and as the accounts saw it (D1 \`send_copy_checks\`: the confirm, a read-back, or the recount after delivery).

| measure | in-browser | relay |
|---|---|---|
| re-sent copies the sites stored | ${f.stored.browser} | ${f.stored.relay} |
| of those, seen and alerted (\`duplicate_seen\`) | ${f.seen.browser} | ${f.seen.relay} |

Seen by provider: ${fmt(f.seenByProvider)}. Duplicates first counted by: ${fmt(f.seenBy)}. Recounts after in-browser sends that found one copy: ${f.oneCopy}; not recounted (no recount could read the thread in time): ${f.notRecounted}.

Gate (surplus copies = in-browser re-sends stored = those seen; none from the relay): ${verdict.length === 0 ? "pass" : `FAIL — ${verdict.join("; ")}`}.
`;
}
