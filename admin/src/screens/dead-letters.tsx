/** The dead-letter queue, filterable by platform, account, stage, failure class and status. */

import { FAILURE_CLASSES } from "../../../connectors/core/failures.ts";
import { query } from "../api.ts";
import { ago, PLATFORM_NAMES, platformName, words } from "../format.ts";
import { usePoll } from "../hooks.ts";
import type { DeadLetter, PlatformList } from "../types.ts";
import { currentQuery, setQuery } from "../ui/filters.ts";
import { Badge, LoadError, Loading, PageHead } from "../ui/parts.tsx";

const STAGES = ["login", "ingest", "compose", "submit", "confirm"];
// The connectors' failure classes, and "unconfirmed" for a send no read-back could settle.
const CLASSES = [...FAILURE_CLASSES, "unconfirmed"];
const STATUSES = ["open", "redriven", "discarded", "delivered"];

export function DeadLettersScreen(_: { path?: string; url?: string }) {
  const q = currentQuery();
  const platform = q.get("platform") ?? "";
  const accountId = q.get("accountId") ?? "";
  const stage = q.get("stage") ?? "";
  const status = q.get("status") ?? "";
  const failureClass = q.get("class") ?? "";
  const accounts = usePoll<PlatformList>("/platforms", 30_000);
  const list = usePoll<{ items: DeadLetter[] }>(
    `/dead-letters${query({ platform, accountId, stage, status, limit: 200 })}`,
  );
  // The API filters platform, account, stage and status; the class filter applies to that page.
  const items = (list.data?.items ?? []).filter((d) => !failureClass || d.failureClass === failureClass);
  const select = (label: string, key: string, value: string, options: [string, string][]) => (
    <label>
      {label}
      <select value={value} onChange={(e) => setQuery({ [key]: e.currentTarget.value })}>
        <option value="">any</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section>
      <PageHead title="Dead letters">
        <p class="muted">
          Replies that could not be delivered. Redrive keeps the same dispatch key, so a reply is still sent
          at most once.
        </p>
      </PageHead>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {select("Platform", "platform", platform, Object.entries(PLATFORM_NAMES))}
        {select(
          "Account",
          "accountId",
          accountId,
          (accounts.data?.items ?? []).map((a) => [a.id, `${platformName(a.platform)} · ${a.label}`]),
        )}
        {select(
          "Stage",
          "stage",
          stage,
          STAGES.map((s) => [s, s]),
        )}
        {select(
          "Class",
          "class",
          failureClass,
          CLASSES.map((c) => [c, words(c)]),
        )}
        {select(
          "Status",
          "status",
          status,
          STATUSES.map((s) => [s, s]),
        )}
      </form>
      <LoadError error={list.error} />
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && items.length === 0 ? <p>No dead letters match.</p> : null}
      <ul class="rows">
        {items.map((d) => (
          <li key={d.dispatchKey} class="row">
            <a class="row-main" href={`/dead-letters/${d.dispatchKey}`}>
              <span class="lead">
                {platformName(d.platform)} · {d.accountId}
              </span>
              <span class="muted">
                stage {d.stage} · {words(d.failureClass)} · {d.attempts} attempts
              </span>
              <span class="preview">{d.lastError ?? ""}</span>
            </a>
            <span class="badges">
              <Badge tone={d.status === "open" ? "bad" : d.status === "delivered" ? "good" : "muted"}>
                {d.status}
              </Badge>
              <span class="muted">{ago(d.updatedAt)}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
