/**
 * One conversation: the messages, every decision with its reason in plain words and the
 * guardrails that fired, the replies with their actions (approve / edit / reject a draft, cancel
 * a queued one), a manual reply under the server's guardrails, pause/resume and opt-out.
 * Everything the lead wrote is rendered as text.
 */
import { useState } from "preact/hooks";
import { ApiFailure, write } from "../api.ts";
import { ago, platformName, when, words } from "../format.ts";
import { type ActionState, useAction, usePoll } from "../hooks.ts";
import { useIsAdmin } from "../session.ts";
import type { ConversationDetail, GuardrailHit, Reply } from "../types.ts";
import { CopyCheckNote } from "../ui/copy-check.tsx";
import { ConversationFollowup } from "../ui/followups.tsx";
import { Badge, LoadError, Loading, Outcome, PageHead, ReasonInput } from "../ui/parts.tsx";

const replyPath = (r: Reply, action: string) => `/replies/${encodeURIComponent(r.id)}/${action}`;

function Hits({ hits }: { hits: GuardrailHit[] }) {
  if (hits.length === 0) return null;
  return (
    <ul class="hits">
      {hits.map((h) => (
        <li key={`${h.code}:${h.detail}`}>
          <strong>{h.label ?? words(h.code)}</strong>: {h.detail}
        </li>
      ))}
    </ul>
  );
}

function guardrailsOf(err: unknown): { hits: GuardrailHit[]; overridable: boolean } | null {
  if (!(err instanceof ApiFailure) || err.code !== "guardrail_blocked") return null;
  const hits = Array.isArray(err.details.guardrails) ? (err.details.guardrails as GuardrailHit[]) : [];
  return { hits, overridable: err.details.overridable === true };
}

/** An action whose refusal by guardrails is shown as the verdict (and an admin's override). */
function useGuardedAction() {
  const [run, state] = useAction();
  const [held, setHeld] = useState<{ hits: GuardrailHit[]; overridable: boolean } | null>(null);
  const guarded = (fn: () => Promise<string>) =>
    run(async () => {
      setHeld(null);
      try {
        return await fn();
      } catch (err) {
        setHeld(guardrailsOf(err));
        throw err;
      }
    });
  return { guarded, state, held };
}

function Override({ onOverride, state }: { onOverride: (reason: string) => void; state: ActionState }) {
  const [reason, setReason] = useState("");
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        onOverride(reason);
      }}
    >
      <ReasonInput label="Send anyway — why?" value={reason} onInput={setReason} />
      <button type="submit" class="danger" disabled={state.busy}>
        Override guardrails
      </button>
    </form>
  );
}

function DraftActions({ r }: { r: Reply }) {
  const admin = useIsAdmin();
  const approve = useGuardedAction();
  const [editing, setEditing] = useState<string | null>(null);
  const edit = useGuardedAction();
  const [rejectRun, rejectState] = useAction();
  const [rejectReason, setRejectReason] = useState("");

  const doApprove = (ov: { override?: boolean; reason?: string } = {}) =>
    approve.guarded(async () => {
      const res = await write<{ reply: Reply }>("POST", replyPath(r, "approve"), ov);
      return `Approved: the reply is ${res.reply.status}`;
    });
  const doEdit = (approveToo: boolean, ov: { override?: boolean; reason?: string } = {}) =>
    edit.guarded(async () => {
      const res = await write<{ reply: Reply }>("POST", replyPath(r, "edit"), {
        body: editing ?? r.body,
        approve: approveToo,
        ...ov,
      });
      setEditing(null);
      return approveToo
        ? `Edited and approved (version ${res.reply.version})`
        : `Saved as version ${res.reply.version}`;
    });

  return (
    <div class="stack">
      <div class="button-row">
        <button
          type="button"
          disabled={approve.state.busy}
          onClick={() => void doApprove()}
          data-action="approve"
        >
          Approve and send
        </button>
        {editing === null ? (
          <button type="button" class="secondary" onClick={() => setEditing(r.body)}>
            Edit
          </button>
        ) : null}
      </div>
      <Outcome state={approve.state} />
      {approve.held ? <Hits hits={approve.held.hits} /> : null}
      {approve.held?.overridable && admin ? (
        <Override state={approve.state} onOverride={(reason) => void doApprove({ override: true, reason })} />
      ) : null}
      {editing !== null ? (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void doEdit(true);
          }}
        >
          <label>
            Reply text
            <textarea
              rows={5}
              value={editing}
              maxLength={4000}
              onInput={(e) => setEditing(e.currentTarget.value)}
            />
          </label>
          <div class="button-row">
            <button type="submit" disabled={edit.state.busy}>
              Save and send
            </button>
            <button
              type="button"
              class="secondary"
              disabled={edit.state.busy}
              onClick={() => void doEdit(false)}
            >
              Save as draft
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(null)}>
              Cancel edit
            </button>
          </div>
          <Outcome state={edit.state} />
          {edit.held ? <Hits hits={edit.held.hits} /> : null}
          {edit.held?.overridable && admin ? (
            <Override
              state={edit.state}
              onOverride={(reason) => void doEdit(true, { override: true, reason })}
            />
          ) : null}
        </form>
      ) : null}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void rejectRun(async () => {
            await write(
              "POST",
              replyPath(r, "reject"),
              rejectReason.trim() ? { reason: rejectReason.trim() } : {},
            );
            return "Draft rejected";
          });
        }}
      >
        <ReasonInput
          label="Reject reason (optional)"
          value={rejectReason}
          onInput={setRejectReason}
          required={false}
        />
        <button type="submit" class="secondary" disabled={rejectState.busy}>
          Reject draft
        </button>
        <Outcome state={rejectState} />
      </form>
    </div>
  );
}

function CancelQueued({ r }: { r: Reply }) {
  const [run, state] = useAction();
  return (
    <div class="inline-form">
      <button
        type="button"
        class="secondary"
        disabled={state.busy}
        onClick={() =>
          void run(async () => {
            await write("POST", replyPath(r, "cancel"), {});
            return "Cancelled before it was sent";
          })
        }
      >
        Cancel this reply
      </button>
      <Outcome state={state} />
    </div>
  );
}

function ReplyCard({ r, accountId }: { r: Reply; accountId: string }) {
  const tone =
    r.status === "delivered"
      ? "good"
      : r.status === "draft"
        ? "warn"
        : r.status === "queued"
          ? "info"
          : "muted";
  const faded = r.status === "superseded" || r.status === "rejected" || r.status === "cancelled";
  return (
    <li class={`reply ${faded ? "faded" : ""}`} data-reply-status={r.status}>
      <div class="meta">
        <Badge tone={tone}>{r.status}</Badge> {r.kind} reply · v{r.version} · by {r.createdBy} ·{" "}
        {ago(r.createdAt)}
        {r.reason ? ` · ${words(r.reason)}` : ""}
      </div>
      <p class="text">{r.body}</p>
      {r.copyCheck ? <CopyCheckNote check={r.copyCheck} accountId={accountId} /> : null}
      {r.status === "draft" ? <DraftActions r={r} /> : null}
      {r.status === "queued" ? <CancelQueued r={r} /> : null}
    </li>
  );
}

function ManualReply({ id }: { id: string }) {
  const admin = useIsAdmin();
  const [body, setBody] = useState("");
  const send = useGuardedAction();
  // One key per composed text: a retried or doubled submit is the same reply to the API.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const submit = (ov: { override?: boolean; reason?: string } = {}) =>
    send.guarded(async () => {
      const r = await write<{ reply: Reply; created: boolean }>(
        "POST",
        `/conversations/${encodeURIComponent(id)}/reply`,
        {
          body,
          idempotencyKey: key,
          ...ov,
        },
      );
      setBody("");
      setKey(crypto.randomUUID());
      return `Reply ${r.reply.status}`;
    });
  return (
    <form
      class="stack composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Manual reply (the server's guardrails apply)
        <textarea
          rows={4}
          value={body}
          maxLength={4000}
          required
          onInput={(e) => setBody(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={send.state.busy}>
        Send reply
      </button>
      <Outcome state={send.state} />
      {send.held ? <Hits hits={send.held.hits} /> : null}
      {send.held?.overridable && admin ? (
        <Override state={send.state} onOverride={(reason) => void submit({ override: true, reason })} />
      ) : null}
    </form>
  );
}

function Takeover({ c }: { c: ConversationDetail }) {
  const [run, state] = useAction();
  const base = `/conversations/${encodeURIComponent(c.id)}`;
  return (
    <div class="button-row">
      <button
        type="button"
        class="secondary"
        disabled={state.busy}
        onClick={() =>
          void run(async () => {
            await write("POST", `${base}/${c.paused ? "resume" : "pause"}`);
            return c.paused
              ? "Resumed: the bot may answer again"
              : "Paused: the bot will not answer this lead";
          })
        }
      >
        {c.paused ? "Resume the bot" : "Pause the bot (take over)"}
      </button>
      <button
        type="button"
        class="secondary"
        disabled={state.busy}
        onClick={() =>
          void run(async () => {
            await write("PUT", `${base}/opt-out`, { optedOut: !c.optOut.optedOut });
            return c.optOut.optedOut ? "Opted back in" : "Opted out: nothing more is sent to this lead";
          })
        }
      >
        {c.optOut.optedOut ? "Opt the lead back in" : "Opt the lead out"}
      </button>
      <Outcome state={state} />
    </div>
  );
}

export function ConversationScreen({ id }: { path?: string; id?: string }) {
  const detail = usePoll<ConversationDetail>(id ? `/conversations/${encodeURIComponent(id)}` : null);
  const c = detail.data;
  if (!c) return detail.error ? <LoadError error={detail.error} /> : <Loading />;
  const decisionsByMessage = new Map(c.decisions.map((d) => [d.messageId, d]));
  return (
    <section>
      <PageHead title={c.lead.name ?? c.lead.key}>
        <p class="muted">
          <a href="/inbox">Inbox</a> · {platformName(c.platform)} ·{" "}
          <a href={`/platforms/${encodeURIComponent(c.accountId)}`}>{c.accountId}</a>
          {c.listing.title ? ` · ${c.listing.title}` : ""}
        </p>
        <div class="badges">
          {c.paused ? <Badge tone="warn">paused by {c.pausedBy ?? "someone"}</Badge> : null}
          {c.optOut.optedOut ? <Badge tone="bad">opted out {ago(c.optOut.changedAt)}</Badge> : null}
        </div>
      </PageHead>
      <LoadError error={detail.error} />
      <Takeover c={c} />
      <ConversationFollowup id={c.id} />
      <h2>Messages</h2>
      <ol class="thread">
        {c.messages.map((m) => {
          const d = decisionsByMessage.get(m.id);
          return (
            <li key={m.id} class={`msg ${m.direction}`}>
              <div class="meta">
                {m.direction === "inbound"
                  ? (c.lead.name ?? "lead")
                  : m.origin === "site"
                    ? "you (on the site)"
                    : `lease-bot (${m.origin})`}{" "}
                ·{" "}
                <time dateTime={m.sentAt ?? m.createdAt}>
                  {m.sentAtText ?? when(m.sentAt ?? m.createdAt)}
                </time>
              </div>
              <p class="text">{m.body}</p>
              {d ? (
                <div class="decision">
                  <Badge tone={d.action === "send" ? "good" : d.action === "review" ? "warn" : "muted"}>
                    {d.action}
                  </Badge>{" "}
                  <span title={d.reason}>{d.reasonText ?? words(d.reason)}</span>
                  <span class="muted">
                    {" "}
                    · intent {words(d.intent)} ({Math.round(d.confidence * 100)} %) · {ago(d.decidedAt)}
                  </span>
                  <Hits hits={d.guardrails} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      <h2>Replies</h2>
      {c.replies.length === 0 ? <p class="muted">No replies yet.</p> : null}
      <ul class="replies">
        {c.replies.map((r) => (
          <ReplyCard key={r.id} r={r} accountId={c.accountId} />
        ))}
      </ul>
      <ManualReply id={c.id} />
    </section>
  );
}
