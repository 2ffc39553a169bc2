/**
 * Platform accounts: on/off (a reason when switching off), send mode with the effective value,
 * session (cookie import, retry login), circuit reset, check inbox now, push (notification address, on/off,
 * time zone), credential references (names of secrets, never values). Agents see the same facts
 * without any control.
 */
import { useState } from "preact/hooks";
import { ApiFailure, write } from "../api.ts";
import { ago, platformName, sendModeName, when, words } from "../format.ts";
import { useAction, usePoll } from "../hooks.ts";
import { useIsAdmin } from "../session.ts";
import type { Account, PlatformList, SendMode } from "../types.ts";
import { DefaultModeControl } from "../ui/default-mode.tsx";
import { AccountFollowupPolicy } from "../ui/followups.tsx";
import { Badge, LoadError, Loading, Outcome, PageHead, ReasonInput } from "../ui/parts.tsx";
import { SendPathControls } from "../ui/send-path.tsx";
import { ShadowReadiness } from "../ui/shadow-readiness.tsx";
import { VerificationSection } from "./verification.tsx";

const path = (a: Account, rest = "") => `/platforms/${encodeURIComponent(a.id)}${rest}`;

function ActiveControl({ a }: { a: Account }) {
  const [reason, setReason] = useState("");
  const [asking, setAsking] = useState(false);
  const [run, state] = useAction();
  const id = `active-${a.id}`;
  if (asking)
    return (
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await write("PATCH", path(a), { isActive: false, disableReason: reason.trim() || null });
            setAsking(false);
            setReason("");
            return "Switched off";
          });
        }}
      >
        <ReasonInput
          label={`Why switch ${platformName(a.platform)} · ${a.label} off?`}
          name="disableReason"
          value={reason}
          onInput={setReason}
        />
        <button type="submit" disabled={state.busy}>
          Switch off
        </button>
        <button type="button" class="secondary" onClick={() => setAsking(false)}>
          Keep on
        </button>
        <Outcome state={state} />
      </form>
    );
  return (
    <div class="inline-form">
      <label for={id} class="switch">
        <input
          id={id}
          type="checkbox"
          checked={a.isActive}
          disabled={state.busy}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            e.currentTarget.checked = a.isActive;
            if (!on) setAsking(true);
            else
              void run(async () => {
                await write("PATCH", path(a), { isActive: true, disableReason: null });
                return "Switched on";
              });
          }}
        />
        Active
      </label>
      <Outcome state={state} />
    </div>
  );
}

function SendModeControl({ a, globalDefault }: { a: Account; globalDefault: SendMode }) {
  const [run, state] = useAction();
  return (
    <div class="inline-form">
      <label>
        Send mode
        <select
          name="sendMode"
          value={a.sendMode ?? "inherit"}
          disabled={state.busy}
          onChange={(e) => {
            const v = e.currentTarget.value;
            const sendMode = v === "inherit" ? null : (v as SendMode);
            void run(async () => {
              const r = await write<Account>("PATCH", path(a), { sendMode });
              return `Send mode ${sendModeName(sendMode)}; effective: ${sendModeName(r.effectiveSendMode)}`;
            });
          }}
        >
          <option value="inherit">inherit ({sendModeName(globalDefault)})</option>
          <option value="auto_send">auto send</option>
          <option value="draft_only">draft only</option>
        </select>
      </label>
      <Outcome state={state} />
    </div>
  );
}

function SessionControls({ a }: { a: Account }) {
  const [cookies, setCookies] = useState("");
  const [importRun, importState] = useAction();
  const [loginRun, loginState] = useAction();
  return (
    <div class="stack">
      <button
        type="button"
        disabled={loginState.busy}
        onClick={() =>
          void loginRun(async () => {
            let r: { sessionState?: string; failure?: { class: string; message: string } | null } | null;
            try {
              r = await write("POST", path(a, "/login"));
            } catch (err) {
              if (err instanceof ApiFailure && err.status === 404 && err.message.startsWith("No route"))
                throw new Error("This server cannot retry a login yet; import a session instead");
              throw err;
            }
            if (r?.failure) throw new Error(`Login failed: ${words(r.failure.class)} — ${r.failure.message}`);
            return `Login retried: session ${words(r?.sessionState ?? "unknown")}`;
          })
        }
      >
        Retry login now
      </button>
      <Outcome state={loginState} />
      <details>
        <summary>Import a session (cookies)</summary>
        <ol class="muted">
          <li>Sign in to {platformName(a.platform)} in a normal browser (solve any captcha there).</li>
          <li>
            Export the site's cookies as JSON with a cookie-export extension or the browser's developer tools.
          </li>
          <li>
            Paste the JSON array below. The cookies are sealed in the account's object; they are never shown
            again.
          </li>
        </ol>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void importRun(async () => {
              let parsed: unknown;
              try {
                parsed = JSON.parse(cookies);
              } catch {
                throw new Error("That is not JSON: paste the exported cookie array");
              }
              const list = Array.isArray(parsed) ? parsed : (parsed as { cookies?: unknown }).cookies;
              const r = await write<{ stored: number }>("POST", path(a, "/session"), { cookies: list });
              setCookies("");
              return `${r.stored} cookies stored; the next run uses them`;
            });
          }}
        >
          <label>
            Cookies (JSON)
            <textarea
              name="cookies"
              rows={4}
              value={cookies}
              onInput={(e) => setCookies(e.currentTarget.value)}
              required
            />
          </label>
          <button type="submit" disabled={importState.busy}>
            Import session
          </button>
          <Outcome state={importState} />
        </form>
      </details>
    </div>
  );
}

function CredentialRefs({ a, admin }: { a: Account; admin: boolean }) {
  const [text, setText] = useState<string | null>(null);
  const [run, state] = useAction();
  const entries = Object.entries(a.credentialRefs);
  return (
    <div class="stack">
      {entries.length === 0 ? <p class="muted">No credential references.</p> : null}
      <ul class="refs">
        {entries.map(([k, v]) => (
          <li key={k}>
            <code>{k}</code> → <code>{v}</code>
            {a.missingSecrets?.some((m) => v === `secret:${m}`) ? <Badge tone="bad">missing</Badge> : null}
          </li>
        ))}
      </ul>
      {admin ? (
        text === null ? (
          <button
            type="button"
            class="secondary"
            onClick={() => setText(JSON.stringify(a.credentialRefs, null, 2))}
          >
            Edit references
          </button>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                let refs: unknown;
                try {
                  refs = JSON.parse(text);
                } catch {
                  throw new Error(
                    'Give a JSON object, e.g. {"username":"secret:LEASEBOT_ACCOUNT_NAME_USER"}',
                  );
                }
                await write("PATCH", path(a), { credentialRefs: refs });
                setText(null);
                return "Credential references saved";
              });
            }}
          >
            <label>
              Credential references (names of Worker secrets, never values)
              <textarea
                name="credentialRefs"
                rows={3}
                value={text}
                onInput={(e) => setText(e.currentTarget.value)}
              />
            </label>
            <button type="submit" disabled={state.busy}>
              Save references
            </button>
            <button type="button" class="secondary" onClick={() => setText(null)}>
              Cancel
            </button>
          </form>
        )
      ) : null}
      <Outcome state={state} />
    </div>
  );
}

/**
 * Push: the site's notification e-mails, forwarded to this address, wake the account at once;
 * without push it polls on its own (docs/anti-bot.md, "How often an account looks").
 */
function PushControls({ a, admin }: { a: Account; admin: boolean }) {
  const [address, setAddress] = useState(a.notifyAddress ?? "");
  const [zone, setZone] = useState(a.timeZone ?? "");
  const [run, state] = useAction();
  const summary = (
    <p>
      Push <strong>{a.pushEnabled ? "on" : "off"}</strong> · notification address{" "}
      {a.notifyAddress ? <code>{a.notifyAddress}</code> : <span class="muted">none</span>} · time zone{" "}
      {a.timeZone ?? <span class="muted">UTC (not set)</span>}
    </p>
  );
  if (!admin) return summary;
  const save = (patch: Record<string, unknown>, done: string) =>
    void run(async () => {
      await write("PATCH", path(a), patch);
      return done;
    });
  return (
    <div class="stack">
      {summary}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          save(
            { notifyAddress: address.trim() || null, timeZone: zone.trim() || null },
            "Push settings saved",
          );
        }}
      >
        <label>
          Notification address
          <input
            name="notifyAddress"
            type="email"
            value={address}
            placeholder="spareroom-main@notify.example.com"
            onInput={(e) => setAddress(e.currentTarget.value)}
          />
        </label>
        <label>
          Time zone
          <input
            name="timeZone"
            value={zone}
            placeholder="America/New_York"
            onInput={(e) => setZone(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={state.busy}>
          Save
        </button>
      </form>
      <label class="switch">
        <input
          type="checkbox"
          name="pushEnabled"
          checked={a.pushEnabled}
          disabled={state.busy}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            e.currentTarget.checked = a.pushEnabled;
            save(
              { pushEnabled: on },
              on ? "Push on: the site's e-mails wake the account" : "Push off: polling only",
            );
          }}
        />
        Wake on the site's notification e-mails
      </label>
      <Outcome state={state} />
    </div>
  );
}

/** What `POST /platforms/:id/run` reports about the inbox check it ran. */
interface InboxCheck {
  ran: boolean;
  skipped: string | null;
  pageLoads?: number;
  newMessages?: number;
  enqueued?: number;
  delivered?: number;
  failure?: { class: string; message: string } | null;
}

function inboxCheckOutcome(r: InboxCheck | null): string {
  if (!r?.ran) return "A run is already going; it reads the inbox again as soon as it ends";
  if (r.failure) throw new Error(`Inbox check failed: ${words(r.failure.class)} — ${r.failure.message}`);
  if (r.skipped) return `Inbox not read: ${words(r.skipped)}`;
  const n = (k: number | undefined, one: string, many: string) => `${k ?? 0} ${k === 1 ? one : many}`;
  return `Inbox checked: ${n(r.newMessages, "new message", "new messages")}, ${n(r.enqueued, "reply", "replies")} queued, ${r.delivered ?? 0} sent (${n(r.pageLoads, "page load", "page loads")})`;
}

function AccountPanel({ a, globalDefault }: { a: Account; globalDefault: SendMode }) {
  const admin = useIsAdmin();
  const [circuitRun, circuitState] = useAction();
  const [runNow, runState] = useAction();
  const h = a.health;
  return (
    <article class="card" aria-labelledby={`p-${a.id}`}>
      <header>
        <h2 id={`p-${a.id}`}>
          <a href={path(a)}>
            {platformName(a.platform)} · {a.label}
          </a>
        </h2>
        <div class="badges">
          <Badge tone={a.isActive ? "good" : "muted"}>{a.isActive ? "on" : "off"}</Badge>
          <Badge tone={a.effectiveSendMode === "auto_send" ? "info" : "muted"}>
            effective: {sendModeName(a.effectiveSendMode)}
            {a.sendMode === null ? " (inherited)" : ""}
          </Badge>
        </div>
      </header>
      {!a.isActive && a.disableReason ? <p>Switched off: {a.disableReason}</p> : null}
      <p class="muted">
        Changed {ago(a.updatedAt)} by {a.updatedBy}
        {a.baseUrl ? ` · ${a.baseUrl}` : ""}
      </p>
      {admin ? (
        <div class="controls">
          <ActiveControl a={a} />
          <SendModeControl a={a} globalDefault={globalDefault} />
        </div>
      ) : (
        <p>
          Send mode: <strong>{sendModeName(a.sendMode)}</strong>
        </p>
      )}
      <ShadowReadiness a={a} />
      <VerificationSection a={a} admin={admin} />
      <section id="session" aria-label="Session">
        <h3>Session</h3>
        <p>
          State: <strong>{words(h.sessionState)}</strong> · last run {ago(h.lastTickAt)} · last ingest{" "}
          {ago(h.lastIngestAt)} · last send {ago(h.lastSendAt)}
        </p>
        {admin ? <SessionControls a={a} /> : null}
      </section>
      <section id="circuit" aria-label="Circuit">
        <h3>Circuit</h3>
        <p>
          <strong>{words(h.circuitState)}</strong>
          {h.circuitReason ? ` — ${words(h.circuitReason)}` : ""}
          {h.circuitUntil ? ` until ${when(h.circuitUntil)}` : ""}
          {h.lastErrorClass ? ` · last error ${words(h.lastErrorClass)} ${ago(h.lastErrorAt)}` : ""} ·{" "}
          {h.errors24h} errors in 24 h
        </p>
        {admin ? (
          <div class="button-row">
            <button
              type="button"
              disabled={circuitState.busy}
              onClick={() =>
                void circuitRun(async () => {
                  await write("POST", path(a, "/circuit/reset"));
                  return "Circuit closed";
                })
              }
            >
              Reset circuit
            </button>
            <button
              type="button"
              disabled={runState.busy || !a.isActive}
              onClick={() =>
                void runNow(async () => inboxCheckOutcome(await write<InboxCheck>("POST", path(a, "/run"))))
              }
            >
              Check inbox now
            </button>
            <Outcome state={circuitState} />
            <Outcome state={runState} />
          </div>
        ) : null}
      </section>
      <section id="push" aria-label="Push">
        <h3>Push</h3>
        <PushControls a={a} admin={admin} />
      </section>
      <section id="followups" aria-label="Follow-ups">
        <h3>Follow-ups</h3>
        <AccountFollowupPolicy accountId={a.id} />
      </section>
      <section id="send-path" aria-label="Send path">
        <h3>Send path and browser</h3>
        <SendPathControls a={a} admin={admin} />
      </section>
      <section id="credentials" aria-label="Credentials">
        <h3>Credential references</h3>
        <CredentialRefs a={a} admin={admin} />
      </section>
    </article>
  );
}

export function PlatformsScreen({ id }: { path?: string; id?: string }) {
  const list = usePoll<PlatformList>("/platforms");
  const items = list.data?.items ?? [];
  const shown = id ? items.filter((a) => a.id === id) : items;
  return (
    <section>
      <PageHead
        title={id && shown[0] ? `${platformName(shown[0].platform)} · ${shown[0].label}` : "Platforms"}
      >
        {id ? <a href="/platforms">All accounts</a> : <DefaultModeControl />}
      </PageHead>
      <LoadError error={list.error} />
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && id && shown.length === 0 ? <p>No account {id}.</p> : null}
      <div class="cards wide">
        {shown.map((a) => (
          <AccountPanel key={a.id} a={a} globalDefault={list.data?.globalDefaultSendMode ?? "draft_only"} />
        ))}
      </div>
    </section>
  );
}
