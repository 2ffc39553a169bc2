// The control API's counters: page loads, submits (and browser re-sends among them) and logins
// from the world's request log.

import type { Platform, RequestRecord } from "./types.ts";

export function summarizeCounters(
  requests: readonly RequestRecord[],
  logins: ReadonlyMap<string, number>,
  platform?: Platform,
  account?: string,
) {
  const reqs = requests.filter(
    (r) => (!platform || r.platform === platform) && (!account || r.account === account),
  );
  const pageLoads: Record<string, number> = {};
  let submits = 0;
  let resends = 0;
  /** Re-sends the site stored, by who sent them (the in-browser path, or anything else). */
  const resendsBy = { browser: 0, other: 0 };
  const defenceRefusals = { automation: 0, client: 0 };
  for (const r of reqs) {
    if (r.resend) {
      resends += 1;
      resendsBy[r.client ?? "other"] += 1;
    }
    if (r.refusedBy) defenceRefusals[r.refusedBy] += 1;
    if (r.kind === "submit") submits += 1;
    else if (r.kind !== null && r.method === "GET") pageLoads[r.path] = (pageLoads[r.path] ?? 0) + 1;
  }
  let loginCount = 0;
  for (const [key, n] of logins) {
    const [p, a] = key.split("/");
    if ((!platform || p === platform) && (!account || a === account)) loginCount += n;
  }
  return {
    pageLoads,
    logins: loginCount,
    submits,
    resends,
    resendsBy,
    defenceRefusals,
    requests: reqs.map((r) => ({
      at: r.at,
      method: r.method,
      path: r.path,
      platform: r.platform,
      account: r.account,
      ...(r.resend ? { resend: true } : {}),
      ...(r.client ? { client: r.client } : {}),
      ...(r.refusedBy ? { refusedBy: r.refusedBy } : {}),
    })),
  };
}
