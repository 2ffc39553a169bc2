/**
 * An account's send path and browser (docs/anti-bot.md): shown to everyone; an admin switches
 * the path (relay or in-browser) and the browser (Browser Run or the operator's own CDP endpoint,
 * named by secret references). The account also learns the path by itself: after LEARN_AFTER
 * relayed submits a bot defence refused within a day, with no relay success between and the
 * last one accepted in-browser, it switches to in-browser — never over an admin's choice. The
 * refusals counted so far are shown as the evidence.
 */
import { useState } from "preact/hooks";
import { LEARN_AFTER, summarizeEvidence } from "../../../domain/account/send-path-learning.ts";
import { write } from "../api.ts";
import { useAction } from "../hooks.ts";
import type { Account } from "../types.ts";
import { Outcome } from "./parts.tsx";

const PATH_NAMES = { relay: "relay (our own connection)", browser: "in-browser (the browser's own request)" };
const PROVIDER_NAMES = { browser_run: "Browser Run", cdp: "own browser (CDP endpoint)" };

export function SendPathControls({ a, admin }: { a: Account; admin: boolean }) {
  const [endpoint, setEndpoint] = useState(a.browserRefs?.endpoint ?? "");
  const [token, setToken] = useState(a.browserRefs?.token ?? "");
  const [run, state] = useAction();
  const summary = (
    <p>
      Sends go <strong>{PATH_NAMES[a.sendPath]}</strong> · browser{" "}
      <strong>{PROVIDER_NAMES[a.browserProvider]}</strong>
      {a.browserProvider === "cdp" && a.browserRefs ? (
        <>
          {" "}
          at <code>{a.browserRefs.endpoint}</code>
        </>
      ) : null}
      {a.sendPathSource === "admin" ? " · set by an admin (not learnt)" : null}
      {a.sendPathSource === "learnt" ? " · learnt from the site's refusals" : null}
    </p>
  );
  const evidence = <RefusalEvidence a={a} />;
  if (!admin)
    return (
      <div class="stack">
        {summary}
        {evidence}
      </div>
    );
  const save = (patch: Record<string, unknown>, done: string) =>
    void run(async () => {
      await write("PATCH", `/platforms/${encodeURIComponent(a.id)}`, patch);
      return done;
    });
  return (
    <div class="stack">
      {summary}
      {evidence}
      <label>
        Send path{" "}
        <select
          name="sendPath"
          value={a.sendPath}
          disabled={state.busy}
          onChange={(e) => save({ sendPath: e.currentTarget.value }, "Send path saved")}
        >
          <option value="relay">{PATH_NAMES.relay}</option>
          <option value="browser">{PATH_NAMES.browser}</option>
        </select>
      </label>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const refs = endpoint.trim()
            ? { endpoint: endpoint.trim(), ...(token.trim() ? { token: token.trim() } : {}) }
            : null;
          save(
            refs ? { browserProvider: "cdp", browserRefs: refs } : { browserProvider: "browser_run" },
            refs ? "The account uses its own browser" : "The account uses Browser Run",
          );
        }}
      >
        <label>
          CDP endpoint reference
          <input
            name="browserEndpoint"
            value={endpoint}
            placeholder="secret:LEASEBOT_ACCOUNT_SPAREROOM_MAIN_CDP_ENDPOINT"
            onInput={(e) => setEndpoint(e.currentTarget.value)}
          />
        </label>
        <label>
          Token reference
          <input
            name="browserToken"
            value={token}
            placeholder="secret:LEASEBOT_ACCOUNT_SPAREROOM_MAIN_CDP_TOKEN"
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={state.busy}>
          Save browser
        </button>
      </form>
      <Outcome state={state} />
    </div>
  );
}

/** The relay's refusals the account's learning counts (none shown when there are none). */
function RefusalEvidence({ a }: { a: Account }) {
  const e = { times: a.relayRefusals?.times ?? [], by: a.relayRefusals?.by ?? null };
  const sum = summarizeEvidence(e, { path: a.sendPath, source: a.sendPathSource ?? "default" }, Date.now());
  if (!sum) return null;
  const verdict = {
    in_browser: "the account sends in-browser",
    admin_relay: "an admin set the relay: the account keeps it",
    counting: `each refused reply went in-browser; the account switches after ${LEARN_AFTER} within a day`,
  }[sum.verdict];
  return (
    <p class="muted" data-testid="relay-refusals">
      Relay refused by a bot defence <strong>{sum.recent}</strong> of {LEARN_AFTER} times in the last day (
      {sum.kept} since the relay last delivered; last {new Date(sum.lastAt).toLocaleString()}
      {sum.by ? <> by {sum.by}</> : null}): {verdict}.
    </p>
  );
}
