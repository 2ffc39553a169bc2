/**
 * What counting an in-browser send's copies found, on its reply (docs/anti-bot.md, "The
 * in-browser path's one duplicate"): the site shows the reply twice (Chromium sent it again by
 * itself) — a person deletes the extra on the site, with the page as evidence — or the recount
 * could not read the thread in time, so nobody knows. One copy is said quietly.
 */
import { ago } from "../format.ts";
import { EvidenceView } from "../screens/dead-letter.tsx";
import type { CopyCheck } from "../types.ts";
import { Badge } from "./parts.tsx";

const SEEN_BY = {
  confirm: "the send's confirm",
  readback: "a read-back",
  recount: "a recount after delivery",
};

export function CopyCheckNote({ check, accountId }: { check: CopyCheck; accountId: string }) {
  if (check.outcome === "one_copy")
    return (
      <p class="muted" data-copy-check="one_copy">
        Counted again after delivery: one copy on the site ({ago(check.at)}).
      </p>
    );
  if (check.outcome === "not_recounted")
    return (
      <p data-copy-check="not_recounted">
        <Badge tone="warn">not recounted</Badge> The thread could not be counted again after this in-browser
        send, so a copy the browser may have sent twice is unknown: look at the thread on the site.{" "}
        <span class="muted">{check.reason ?? ""}</span>
      </p>
    );
  return (
    <div data-copy-check="duplicate">
      <p>
        <Badge tone="bad">sent {check.copies ?? 2}×</Badge> The site shows {check.copies ?? 2} copies of this
        reply: the browser sent it again by itself when its connection dropped (seen by{" "}
        {SEEN_BY[check.seenBy]}, {ago(check.at)}). Delete the extra copy on the site; lease-bot never deletes
        or sends again.
      </p>
      {check.evidenceId ? (
        <details>
          <summary>The thread as lease-bot saw it</summary>
          <EvidenceView accountId={accountId} evidenceId={check.evidenceId} />
        </details>
      ) : null}
    </div>
  );
}
