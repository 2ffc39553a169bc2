/**
 * Follow-up figures per account and step over a window (by when the follow-up was delivered):
 * how many went out, how many leads answered after one (before any later follow-up) and how
 * soon (median minutes), and how many opted out after one. Counted from D1's own rows.
 */
export interface FollowupFigure {
  accountId: string;
  step: number;
  sent: number;
  answered: number;
  medianAnswerMinutes: number | null;
  optedOut: number;
}

interface Row {
  account_id: string;
  conversation_id: string;
  step: number;
  delivered_at: string;
  answered_at: string | null;
  opted_out_at: string | null;
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Pure: each answer or opt-out counts for the latest follow-up before it in its conversation. */
export function figuresOf(rows: Row[], window: { from: string; to: string }): FollowupFigure[] {
  const byConv = new Map<string, Row[]>();
  for (const r of rows) byConv.set(r.conversation_id, [...(byConv.get(r.conversation_id) ?? []), r]);
  const out = new Map<string, FollowupFigure & { minutes: number[] }>();
  for (const list of byConv.values()) {
    list.sort((a, b) => a.delivered_at.localeCompare(b.delivered_at));
    list.forEach((r, i) => {
      if (r.delivered_at < window.from || r.delivered_at >= window.to) return;
      const next = list[i + 1]?.delivered_at ?? null;
      const before = (t: string | null) => t !== null && (next === null || t < next);
      const k = `${r.account_id}|${r.step}`;
      const f = out.get(k) ?? {
        accountId: r.account_id,
        step: r.step,
        sent: 0,
        answered: 0,
        medianAnswerMinutes: null,
        optedOut: 0,
        minutes: [],
      };
      f.sent++;
      if (before(r.answered_at) && r.answered_at) {
        f.answered++;
        f.minutes.push((Date.parse(r.answered_at) - Date.parse(r.delivered_at)) / 60_000);
      }
      if (before(r.opted_out_at)) f.optedOut++;
      out.set(k, f);
    });
  }
  return [...out.values()]
    .map(({ minutes, ...f }) => ({
      ...f,
      medianAnswerMinutes: (() => {
        const m = median(minutes);
        return m === null ? null : Math.round(m);
      })(),
    }))
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.step - b.step);
}

export async function followupFigures(
  env: Env,
  window: { from: string; to: string },
): Promise<FollowupFigure[]> {
  // Every delivered follow-up of the conversations with one in the window: a later one bounds
  // what an earlier one may claim.
  const { results } = await env.DB.prepare(
    `WITH sent AS (
       SELECT f.account_id, f.conversation_id, f.step, r.delivered_at
       FROM followups f JOIN replies r ON (r.id = f.reply_id OR substr(r.id, 1, length(f.reply_id) + 2) = f.reply_id || '.v')
       WHERE r.status = 'delivered' AND r.delivered_at IS NOT NULL)
     SELECT s.account_id, s.conversation_id, s.step, s.delivered_at,
       (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = s.conversation_id
          AND m.direction = 'inbound' AND m.created_at > s.delivered_at) AS answered_at,
       (SELECT max(o.changed_at) FROM lead_optouts o JOIN conversations c ON c.id = s.conversation_id
          WHERE o.account_id = s.account_id AND o.lead_key = coalesce(c.lead_ref, c.external_thread_id)
          AND o.opted_out = 1 AND o.changed_at > s.delivered_at) AS opted_out_at
     FROM sent s
     WHERE s.conversation_id IN (SELECT conversation_id FROM sent WHERE delivered_at >= ?1 AND delivered_at < ?2)`,
  )
    .bind(window.from, window.to)
    .all<Row>();
  return figuresOf(results, window);
}
