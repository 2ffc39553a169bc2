/**
 * An account's readiness for auto_send (docs/runbooks/go-live.md): unverified, verified (when, by
 * whom, the report's hash, the connector version) or drift seen (why, the evidence page), what
 * blocks auto_send and what to do, and for admins the "Verify now" button — the read-only check
 * in the account's browser, which never sends — with the whole report of that run and of every
 * earlier one (ui/verify-report.tsx).
 */
import { useState } from "preact/hooks";
import { write } from "../api.ts";
import { ago, words } from "../format.ts";
import { useAction } from "../hooks.ts";
import type { Account } from "../types.ts";
import { Badge, Outcome } from "../ui/parts.tsx";
import { VerifyReports } from "../ui/verify-report.tsx";

interface VerifyAnswer {
  report: {
    ok: boolean;
    requiredMissing: string[];
    problems: string[];
    steps: { step: string; pageClass: string }[];
  };
  reportId: string;
  verification: { state: string };
}

export function VerificationSection({ a, admin }: { a: Account; admin: boolean }) {
  const v = a.verification;
  const [run, state] = useAction();
  const [shown, setShown] = useState<{ open: boolean; pick: string | null }>({ open: false, pick: null });
  if (!v) return null;
  const tone = v.state === "verified" ? "good" : v.state === "drift" ? "bad" : "muted";
  return (
    <section id="verification" aria-label="Verification">
      <h3>
        Verification <Badge tone={tone}>{words(v.state)}</Badge>
      </h3>
      {v.state === "verified" ? (
        <p>
          Verified {ago(v.verifiedAt)} by {v.verifiedBy} · connector {v.connectorVersion} · report{" "}
          <code>{v.reportHash?.slice(0, 12)}</code>
        </p>
      ) : null}
      {v.state === "drift" ? (
        <p>
          Drift seen {ago(v.driftAt)}: {v.driftReason}
          {v.driftEvidenceId ? (
            <>
              {" "}
              · evidence <code>{v.driftEvidenceId}</code>
            </>
          ) : null}
        </p>
      ) : null}
      {v.autoSendBlock ? (
        <p role="note">
          Auto send is not allowed: {v.autoSendBlock.reason}. {v.autoSendBlock.action}.
        </p>
      ) : null}
      {admin ? (
        <div class="button-row">
          <button
            type="button"
            disabled={state.busy}
            onClick={() =>
              void run(async () => {
                const r = await write<VerifyAnswer>("POST", `/platforms/${encodeURIComponent(a.id)}/verify`);
                setShown({ open: true, pick: r.reportId });
                const pages = r.report.steps.map((s) => `${s.step}: ${words(s.pageClass)}`).join(", ");
                if (r.report.ok) return `Check passed (${pages}); ${words(r.verification.state)}`;
                const why = [...r.report.requiredMissing, ...r.report.problems].join("; ");
                throw new Error(`Check failed (${pages}): ${why}`);
              })
            }
          >
            Verify now (read-only)
          </button>
          <Outcome state={state} />
        </div>
      ) : null}
      {admin ? (
        <details
          class="verify-reports"
          open={shown.open}
          onToggle={(e) => {
            const open = e.currentTarget.open;
            if (open !== shown.open) setShown((s) => ({ ...s, open }));
          }}
        >
          <summary>Verify reports</summary>
          {shown.open ? (
            <VerifyReports key={shown.pick ?? "latest"} accountId={a.id} pick={shown.pick} />
          ) : null}
        </details>
      ) : null}
    </section>
  );
}
