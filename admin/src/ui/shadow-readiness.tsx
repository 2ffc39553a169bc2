/**
 * Go-live readiness beside the send-mode control: the account's shadow in draft_only measured
 * against the thresholds of domain/account/shadow-readiness.ts (GET /platforms/:id/readiness) —
 * per criterion the value, the threshold and pass or fail, the verdict, and the counts behind it.
 * It informs the person switching to auto send; the verification alone blocks it.
 */
import type { Criterion, ShadowReadiness as Measured } from "../../../domain/account/shadow-readiness.ts";
import { words } from "../format.ts";
import { usePoll } from "../hooks.ts";
import type { Account } from "../types.ts";
import { Badge, type Tone } from "./parts.tsx";

// The shapes the rule returns (domain/account/shadow-readiness.ts), as the API serves them.
interface Readiness extends Omit<Measured, "thresholds"> {
  effectiveSendMode: string;
}

const LABELS: Record<Criterion["id"], string> = {
  shadow_days: "days in shadow",
  decided_drafts: "drafts a person decided",
  unchanged_share: "sent unchanged",
  discarded_share: "discarded",
};
const isShare = (id: Criterion["id"]) => id.endsWith("_share");
const show = (c: Criterion, n: number | null) =>
  n === null ? "—" : isShare(c.id) ? `${Math.round(n * 1000) / 10} %` : String(n);
const TONE: Record<Readiness["verdict"], Tone> = { ready: "good", collecting: "muted", not_ready: "warn" };

export function ShadowReadiness({ a }: { a: Account }) {
  const r = usePoll<Readiness>(`/platforms/${encodeURIComponent(a.id)}/readiness`, 30_000);
  if (!r.data) return null;
  const { verdict, criteria, history: h } = r.data;
  return (
    <section class="readiness" id={`readiness-${a.id}`} aria-label="Go-live readiness">
      <p>
        Go-live readiness <Badge tone={TONE[verdict]}>{words(verdict)}</Badge>{" "}
        <span class="muted">
          {h.draftsMade} drafts auto send would have sent in {h.days} d: {h.sentUnchanged} sent unchanged,{" "}
          {h.sentEdited} edited, {h.discarded} discarded, {h.pending} waiting · {h.heldForReview} held for
          review
        </span>
      </p>
      <ul class="refs">
        {criteria.map((c) => (
          <li key={c.id} data-criterion={c.id}>
            {LABELS[c.id]}: <strong>{show(c, c.value)}</strong> ({c.bound === "min" ? "≥" : "≤"}{" "}
            {show(c, c.threshold)}){" "}
            <Badge tone={c.pass ? "good" : "muted"}>{c.pass ? "met" : "not yet"}</Badge>
          </li>
        ))}
      </ul>
      <p class="muted">
        The thresholds are a chosen starting point, not measured on the real sites (docs/runbooks/go-live.md).
        They inform; auto send is blocked only by the verification.
      </p>
    </section>
  );
}
