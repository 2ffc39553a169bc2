/**
 * The queue a person works: needs review, drafts, queued, sent, suppressed — by platform,
 * account and reason. Lead names and text are rendered as text (never markup).
 */
// The Worker's own list of reason codes (docs/decision-table.md), so the filter cannot drift.
import { REASON_CODES } from "../../../domain/pipeline/rules/reasons.ts";
import { query } from "../api.ts";
import { ago, PLATFORM_NAMES, platformName, words } from "../format.ts";
import { usePoll } from "../hooks.ts";
import type { ConversationItem, PlatformList } from "../types.ts";
import { currentQuery, setQuery } from "../ui/filters.ts";
import { AccountSelect, Badge, LoadError, Loading, PageHead } from "../ui/parts.tsx";

const FILTERS: [string, string][] = [
  ["", "all"],
  ["needs_review", "needs review"],
  ["draft_waiting", "drafts"],
  ["queued", "queued"],
  ["sent", "sent"],
  ["suppressed", "suppressed"],
  ["paused", "paused"],
  ["opted_out", "opted out"],
  ["followup_due", "follow-up due"],
];

function Row({ c }: { c: ConversationItem }) {
  const d = c.latestDecision;
  return (
    <li class="row">
      <a href={`/inbox/${encodeURIComponent(c.id)}`} class="row-main">
        <span class="lead">{c.lead.name ?? c.lead.key}</span>
        <span class="muted">
          {platformName(c.platform)} · {c.account.label ?? c.account.id}
          {c.listing.title ? ` · ${c.listing.title}` : ""}
        </span>
        <span class="preview">
          {c.lastMessage
            ? `${c.lastMessage.direction === "outbound" ? "You: " : ""}${c.lastMessage.preview}`
            : ""}
        </span>
      </a>
      <span class="badges">
        {d ? (
          <Badge
            tone={d.action === "send" ? "good" : d.action === "review" ? "warn" : "muted"}
            title={d.reasonText ?? d.reason}
          >
            {d.action}: {words(d.reason)}
          </Badge>
        ) : null}
        {c.counts.drafts ? <Badge tone="warn">{c.counts.drafts} draft</Badge> : null}
        {c.counts.queued ? <Badge tone="info">{c.counts.queued} queued</Badge> : null}
        {c.paused ? <Badge tone="muted">paused</Badge> : null}
        {c.optedOut ? <Badge tone="bad">opted out</Badge> : null}
        <span class="muted">{ago(c.lastMessageAt)}</span>
      </span>
    </li>
  );
}

export function InboxScreen(_: { path?: string; url?: string }) {
  const q = currentQuery();
  const filter = q.get("filter") ?? "";
  const platform = q.get("platform") ?? "";
  const accountId = q.get("accountId") ?? "";
  const reason = q.get("reason") ?? "";
  const cursor = q.get("cursor") ?? "";
  const accounts = usePoll<PlatformList>("/platforms", 30_000);
  const list = usePoll<{ items: ConversationItem[]; nextCursor: string | null }>(
    `/conversations${query({ filter, platform, accountId, reason, cursor, limit: 50 })}`,
  );
  return (
    <section>
      <PageHead title="Inbox" />
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset class="chips">
          <legend>Show</legend>
          {FILTERS.map(([v, label]) => (
            <label key={v} class={filter === v ? "chip on" : "chip"}>
              <input
                type="radio"
                name="filter"
                value={v}
                checked={filter === v}
                onChange={() => setQuery({ filter: v, cursor: null })}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          Platform
          <select
            value={platform}
            onChange={(e) => setQuery({ platform: e.currentTarget.value, cursor: null })}
          >
            <option value="">all</option>
            {Object.entries(PLATFORM_NAMES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <AccountSelect
          accounts={accounts.data?.items ?? []}
          value={accountId}
          onChange={(id) => setQuery({ accountId: id, cursor: null })}
          anyLabel="all"
        />
        <label>
          Reason
          <select value={reason} onChange={(e) => setQuery({ reason: e.currentTarget.value, cursor: null })}>
            <option value="">any</option>
            {REASON_CODES.map((r) => (
              <option key={r} value={r}>
                {words(r)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <LoadError error={list.error} />
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p>Nothing here.</p> : null}
      <ul class="rows">
        {(list.data?.items ?? []).map((c) => (
          <Row key={c.id} c={c} />
        ))}
      </ul>
      <div class="button-row">
        {cursor ? (
          <button type="button" class="secondary" onClick={() => setQuery({ cursor: null })}>
            First page
          </button>
        ) : null}
        {list.data?.nextCursor ? (
          <button
            type="button"
            class="secondary"
            onClick={() => setQuery({ cursor: list.data?.nextCursor ?? null })}
          >
            Older
          </button>
        ) : null}
      </div>
    </section>
  );
}
