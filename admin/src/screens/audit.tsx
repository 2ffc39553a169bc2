/** Who did what when: filter by actor, action and account; newest first, paged. */
import { query } from "../api.ts";
import { when, words } from "../format.ts";
import { usePoll } from "../hooks.ts";
import type { AuditItem, PlatformList } from "../types.ts";
import { currentQuery, setQuery } from "../ui/filters.ts";
import { AccountSelect, LoadError, Loading, PageHead } from "../ui/parts.tsx";

function change(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function AuditScreen(_: { path?: string; url?: string }) {
  const q = currentQuery();
  const actor = q.get("actor") ?? "";
  const action = q.get("action") ?? "";
  const accountId = q.get("accountId") ?? "";
  const cursor = q.get("cursor") ?? "";
  const facets = usePoll<{ actions: string[]; actors: string[] }>("/audit/facets", 30_000);
  const accounts = usePoll<PlatformList>("/platforms", 30_000);
  const page = usePoll<{ items: AuditItem[]; nextCursor: string | null }>(
    `/audit${query({ actor, action, accountId, cursor, limit: 50 })}`,
  );
  return (
    <section>
      <PageHead title="Audit log" />
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Actor
          <select value={actor} onChange={(e) => setQuery({ actor: e.currentTarget.value, cursor: null })}>
            <option value="">anyone</option>
            {(facets.data?.actors ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select value={action} onChange={(e) => setQuery({ action: e.currentTarget.value, cursor: null })}>
            <option value="">any</option>
            {(facets.data?.actions ?? []).map((a) => (
              <option key={a} value={a}>
                {words(a)}
              </option>
            ))}
          </select>
        </label>
        <AccountSelect
          accounts={accounts.data?.items ?? []}
          value={accountId}
          onChange={(id) => setQuery({ accountId: id, cursor: null })}
          anyLabel="any"
        />
      </form>
      <LoadError error={page.error} />
      {!page.data && !page.error ? <Loading /> : null}
      <div class="table-wrap">
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Did</th>
              <th scope="col">To</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {(page.data?.items ?? []).map((r) => (
              <tr key={r.id}>
                <td>{when(r.at)}</td>
                <td>{r.actor}</td>
                <td>{words(r.action)}</td>
                <td>
                  {words(r.entityType)} <code>{r.entityId}</code>
                </td>
                <td class="change">
                  {r.before !== null ? <span class="before">{change(r.before)}</span> : null}
                  {r.after !== null ? <span class="after">{change(r.after)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="button-row">
        {cursor ? (
          <button type="button" class="secondary" onClick={() => setQuery({ cursor: null })}>
            Newest
          </button>
        ) : null}
        {page.data?.nextCursor ? (
          <button
            type="button"
            class="secondary"
            onClick={() => setQuery({ cursor: page.data?.nextCursor ?? null })}
          >
            Older
          </button>
        ) : null}
      </div>
    </section>
  );
}
