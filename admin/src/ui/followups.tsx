/**
 * Follow-ups in the panel (docs/followups.md): the policy (global default in Settings, an
 * account's override on its page), a conversation's next follow-up with "cancel" and "send now",
 * and the figures per account and step on the overview. Everyone sees them; policy is changed by
 * admins (the API refuses the rest), cancel and send now by anyone who works the inbox.
 */
import { useState } from "preact/hooks";
import { write } from "../api.ts";
import { ago, when, words } from "../format.ts";
import { useAction, usePoll } from "../hooks.ts";
import { useIsAdmin } from "../session.ts";
import { Badge, LoadError, Outcome } from "./parts.tsx";

export interface FollowupPolicy {
  enabled: boolean;
  steps: { afterHours: number; body: string }[];
  maxPerConversation: number;
  quietHours: { start: string; end: string } | null;
}

interface GlobalDto {
  policy: FollowupPolicy;
  stored: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}
interface AccountDto {
  accountId: string;
  override: FollowupPolicy | null;
  effective: FollowupPolicy;
  timeZone: string | null;
}

function summary(p: FollowupPolicy, zone: string | null): string {
  if (!p.enabled) return "off";
  const steps = p.steps.map((s) => `+${s.afterHours} h`).join(", ");
  const quiet = p.quietHours ? `, nothing ${p.quietHours.start}–${p.quietHours.end} (${zone ?? "UTC"})` : "";
  return `on: ${steps}; at most ${p.maxPerConversation} per conversation${quiet}`;
}

/** The policy form; `onSave(null)` (accounts only) goes back to the global default. */
function PolicyForm({
  initial,
  onSave,
  inherit,
}: {
  initial: FollowupPolicy;
  onSave: (p: FollowupPolicy | null) => Promise<string>;
  inherit?: boolean;
}) {
  const [p, setP] = useState<FollowupPolicy>(initial);
  const [run, state] = useAction();
  const step = (i: number, patch: Partial<FollowupPolicy["steps"][number]>) =>
    setP({ ...p, steps: p.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => onSave(p));
      }}
    >
      <label>
        <input
          type="checkbox"
          checked={p.enabled}
          onChange={(e) => setP({ ...p, enabled: e.currentTarget.checked })}
        />{" "}
        Follow up with leads who go quiet
      </label>
      {p.steps.map((s, i) => (
        <fieldset key={i}>
          <legend>Step {i + 1}</legend>
          <label>
            Hours after our unanswered message{" "}
            <input
              type="number"
              min="0.01"
              step="any"
              value={s.afterHours}
              onInput={(e) => step(i, { afterHours: Number(e.currentTarget.value) })}
            />
          </label>
          <label>
            Text ({"{lead_name}"} and {"{listing}"} are filled in)
            <textarea rows={2} value={s.body} onInput={(e) => step(i, { body: e.currentTarget.value })} />
          </label>
        </fieldset>
      ))}
      <div class="button-row">
        <button
          type="button"
          disabled={p.steps.length >= 5}
          onClick={() =>
            setP({
              ...p,
              steps: [...p.steps, { afterHours: (p.steps.at(-1)?.afterHours ?? 0) + 48, body: "" }],
            })
          }
        >
          Add step
        </button>
        <button
          type="button"
          disabled={p.steps.length <= 1}
          onClick={() => setP({ ...p, steps: p.steps.slice(0, -1) })}
        >
          Remove last step
        </button>
      </div>
      <label>
        At most per conversation{" "}
        <input
          type="number"
          min="1"
          max="5"
          value={p.maxPerConversation}
          onInput={(e) => setP({ ...p, maxPerConversation: Number(e.currentTarget.value) })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={p.quietHours !== null}
          onChange={(e) =>
            setP({ ...p, quietHours: e.currentTarget.checked ? { start: "21:00", end: "08:00" } : null })
          }
        />{" "}
        Quiet hours in the account's time zone
      </label>
      {p.quietHours ? (
        <div class="inline-form">
          <label>
            from{" "}
            <input
              type="time"
              value={p.quietHours.start}
              onInput={(e) =>
                p.quietHours && setP({ ...p, quietHours: { ...p.quietHours, start: e.currentTarget.value } })
              }
            />
          </label>
          <label>
            to{" "}
            <input
              type="time"
              value={p.quietHours.end}
              onInput={(e) =>
                p.quietHours && setP({ ...p, quietHours: { ...p.quietHours, end: e.currentTarget.value } })
              }
            />
          </label>
        </div>
      ) : null}
      <div class="button-row">
        <button type="submit" disabled={state.busy}>
          Save follow-ups
        </button>
        {inherit ? (
          <button type="button" disabled={state.busy} onClick={() => void run(() => onSave(null))}>
            Use the global default
          </button>
        ) : null}
        <Outcome state={state} />
      </div>
    </form>
  );
}

/** Settings: the global default every account without its own policy follows. */
export function GlobalFollowupPolicy() {
  const admin = useIsAdmin();
  const g = usePoll<GlobalDto>("/settings/followup-policy");
  if (!g.data) return <LoadError error={g.error} />;
  const d = g.data;
  return (
    <div class="stack">
      <p>
        Default: <strong>{summary(d.policy, null)}</strong>
        {d.stored ? ` (set ${ago(d.updatedAt)} by ${d.updatedBy})` : " (built in)"}
      </p>
      {admin ? (
        <PolicyForm
          key={d.updatedAt ?? "builtin"}
          initial={d.policy}
          onSave={async (p) => {
            if (p) await write("PUT", "/settings/followup-policy", p);
            return "Default follow-up policy saved";
          }}
        />
      ) : null}
    </div>
  );
}

/** An account's page: its own policy or the global default. */
export function AccountFollowupPolicy({ accountId }: { accountId: string }) {
  const admin = useIsAdmin();
  const path = `/platforms/${encodeURIComponent(accountId)}/followup-policy`;
  const a = usePoll<AccountDto>(path);
  if (!a.data) return <LoadError error={a.error} />;
  const d = a.data;
  return (
    <div class="stack">
      <p>
        <strong>{summary(d.effective, d.timeZone)}</strong>
        {d.override ? " (this account's own)" : " (the global default)"}
      </p>
      {admin ? (
        <details>
          <summary>Change for this account</summary>
          <PolicyForm
            key={JSON.stringify(d.override)}
            initial={d.override ?? d.effective}
            inherit={d.override !== null}
            onSave={async (p) => {
              await write("PUT", path, { override: p });
              return p ? "Follow-ups saved for this account" : "This account follows the global default";
            }}
          />
        </details>
      ) : null}
    </div>
  );
}

interface ConversationFollowupDto {
  enabled: boolean;
  next: { step: number; dueAt: string } | null;
  stopReason: string | null;
  steps: {
    step: number;
    status: string | null;
    dueAt: string;
    deliveredAt: string | null;
    cancelledBy: string | null;
  }[];
}

/** A conversation's next follow-up and when, with cancel and send now. */
export function ConversationFollowup({ id }: { id: string }) {
  const path = `/conversations/${encodeURIComponent(id)}/followup`;
  const f = usePoll<ConversationFollowupDto>(path);
  const [run, state] = useAction();
  if (!f.data) return <LoadError error={f.error} />;
  const d = f.data;
  if (!d.enabled && d.steps.length === 0) return null;
  const act = (what: "cancel" | "send-now", ok: string) =>
    void run(async () => {
      await write("POST", `${path}/${what}`);
      return ok;
    });
  return (
    <section class="card stack" aria-label="Follow-up">
      <h2>Follow-up</h2>
      {d.next ? (
        <p>
          Step {d.next.step} goes <strong>{when(d.next.dueAt)}</strong> ({ago(d.next.dueAt)}) unless the lead
          writes first.
        </p>
      ) : (
        <p class="muted">No follow-up planned{d.stopReason ? `: ${words(d.stopReason)}` : ""}.</p>
      )}
      {d.steps.length ? (
        <ul>
          {d.steps.map((s) => (
            <li key={`${s.step}-${s.dueAt}`}>
              Step {s.step}:{" "}
              <Badge tone={s.status === "delivered" ? "good" : "muted"}>{words(s.status ?? "planned")}</Badge>
              {s.deliveredAt ? ` sent ${ago(s.deliveredAt)}` : ""}
              {s.cancelledBy ? ` by ${s.cancelledBy}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {d.next ? (
        <div class="button-row">
          <button type="button" disabled={state.busy} onClick={() => act("send-now", "Follow-up queued")}>
            Send now
          </button>
          <button type="button" disabled={state.busy} onClick={() => act("cancel", "Follow-up cancelled")}>
            Cancel follow-up
          </button>
          <Outcome state={state} />
        </div>
      ) : (
        <Outcome state={state} />
      )}
    </section>
  );
}

interface Figure {
  accountId: string;
  step: number;
  sent: number;
  answered: number;
  medianAnswerMinutes: number | null;
  optedOut: number;
}

/** Overview: follow-ups over the last 7 days per account and step. */
export function FollowupFigures() {
  const m = usePoll<{ followups?: Figure[] }>("/metrics?hours=168", 30_000);
  const rows = m.data?.followups ?? [];
  if (!m.data) return <LoadError error={m.error} />;
  return (
    <section class="card stack" aria-label="Follow-ups">
      <h2>Follow-ups, last 7 days</h2>
      {rows.length === 0 ? (
        <p class="muted">No follow-up sent.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Account</th>
              <th>Step</th>
              <th>Sent</th>
              <th>Answered after</th>
              <th>Median answer</th>
              <th>Opted out after</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.accountId}-${r.step}`}>
                <td>
                  <a href={`/platforms/${encodeURIComponent(r.accountId)}`}>{r.accountId}</a>
                </td>
                <td>{r.step}</td>
                <td>{r.sent}</td>
                <td>{r.answered}</td>
                <td>{r.medianAnswerMinutes === null ? "—" : `${r.medianAnswerMinutes} min`}</td>
                <td>{r.optedOut}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
