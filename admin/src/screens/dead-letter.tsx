/**
 * One dead letter: what failed where, the failure evidence (the page's HTML in a sandboxed frame
 * with scripts off — it inherits the panel's CSP, so it loads nothing either — and the
 * screenshot), and redrive or discard, each confirmed with a reason.
 */
import { useState } from "preact/hooks";
import { write } from "../api.ts";
import { platformName, when, words } from "../format.ts";
import { useAction, usePoll } from "../hooks.ts";
import { useIsAdmin } from "../session.ts";
import type { DeadLetter, Evidence } from "../types.ts";
import { Badge, LoadError, Loading, Outcome, PageHead, ReasonInput } from "../ui/parts.tsx";

export function EvidenceView({ accountId, evidenceId }: { accountId: string; evidenceId: string }) {
  const ev = usePoll<Evidence>(
    `/platforms/${encodeURIComponent(accountId)}/evidence/${encodeURIComponent(evidenceId)}`,
    60_000,
  );
  if (ev.error) return <LoadError error={ev.error} />;
  if (!ev.data) return <Loading />;
  const e = ev.data;
  return (
    <section aria-label="Failure evidence">
      <h2>Evidence</h2>
      <p>
        {words(e.failureClass)} at step {e.step}: {e.message}
        <br />
        <span class="muted">
          {e.url} · {when(e.at)}
        </span>
      </p>
      {e.screenshot ? (
        <figure>
          <img
            class="shot"
            src={`data:image/jpeg;base64,${e.screenshot}`}
            alt={`Screenshot of ${e.url} when it failed`}
          />
          <figcaption class="muted">Screenshot when the step failed</figcaption>
        </figure>
      ) : null}
      <figure>
        <iframe
          class="evidence"
          title="The page's HTML when the step failed (scripts off)"
          sandbox=""
          srcdoc={e.html}
        />
        <figcaption class="muted">The page's HTML, shown with scripts, forms and links off.</figcaption>
      </figure>
    </section>
  );
}

function Confirmed({
  label,
  verb,
  danger,
  onConfirm,
}: {
  label: string;
  verb: string;
  danger?: boolean;
  onConfirm: (reason: string) => Promise<string>;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [run, state] = useAction();
  return (
    <div class="stack">
      {open ? (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const msg = await onConfirm(reason.trim());
              setOpen(false);
              setReason("");
              return msg;
            });
          }}
        >
          <ReasonInput label={label} value={reason} onInput={setReason} />
          <button type="submit" class={danger ? "danger" : ""} disabled={state.busy}>
            Confirm {verb}
          </button>
          <button type="button" class="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" class={danger ? "danger" : ""} onClick={() => setOpen(true)}>
          {verb[0]?.toUpperCase()}
          {verb.slice(1)}…
        </button>
      )}
      <Outcome state={state} />
    </div>
  );
}

export function DeadLetterScreen({ dispatchKey }: { path?: string; dispatchKey?: string }) {
  const admin = useIsAdmin();
  const dl = usePoll<DeadLetter>(dispatchKey ? `/dead-letters/${dispatchKey}` : null);
  const d = dl.data;
  if (!d) return dl.error ? <LoadError error={dl.error} /> : <Loading />;
  return (
    <section>
      <PageHead title={`Dead letter · ${platformName(d.platform)}`}>
        <p class="muted">
          <a href="/dead-letters">Dead letters</a> ·{" "}
          <a href={`/platforms/${encodeURIComponent(d.accountId)}`}>{d.accountId}</a>
          {d.conversationId ? (
            <>
              {" "}
              · <a href={`/inbox/${encodeURIComponent(d.conversationId)}`}>conversation</a>
            </>
          ) : null}
        </p>
      </PageHead>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <Badge tone={d.status === "open" ? "bad" : "muted"}>{d.status}</Badge>
          </dd>
        </div>
        <div>
          <dt>Stage</dt>
          <dd>{d.stage}</dd>
        </div>
        <div>
          <dt>Class</dt>
          <dd>{words(d.failureClass)}</dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{d.attempts}</dd>
        </div>
        <div>
          <dt>First error</dt>
          <dd>{d.firstError ?? "—"}</dd>
        </div>
        <div>
          <dt>Last error</dt>
          <dd>{d.lastError ?? "—"}</dd>
        </div>
        <div>
          <dt>Dead since</dt>
          <dd>{when(d.createdAt)}</dd>
        </div>
        {d.discardReason ? (
          <div>
            <dt>Discarded because</dt>
            <dd>{d.discardReason}</dd>
          </div>
        ) : null}
      </dl>
      {d.reply ? (
        <>
          <h2>The reply</h2>
          <p class="text boxed">{d.reply.body}</p>
        </>
      ) : null}
      {admin && d.status === "open" ? (
        <div class="button-row">
          <Confirmed
            label="Why redrive now (what was fixed)?"
            verb="redrive"
            onConfirm={async (reason) => {
              await write("POST", `/dead-letters/${d.dispatchKey}/redrive`, { reason });
              return "Redriven: the reply is queued again with the same dispatch key";
            }}
          />
          <Confirmed
            label="Why discard it?"
            verb="discard"
            danger
            onConfirm={async (reason) => {
              await write("POST", `/dead-letters/${d.dispatchKey}/discard`, { reason });
              return "Discarded";
            }}
          />
        </div>
      ) : null}
      {d.evidenceId ? (
        <EvidenceView accountId={d.accountId} evidenceId={d.evidenceId} />
      ) : (
        <p class="muted">No evidence was kept.</p>
      )}
    </section>
  );
}
