/**
 * Templates and listing facts. A template is created or edited (a body change is a new version)
 * with a live preview rendered by the API from a chosen listing's facts, and the API's
 * validation errors shown next to the field. Admins edit; agents read.
 */
import { useEffect, useState } from "preact/hooks";
import { TEMPLATE_INTENTS, TEMPLATE_VARIABLES } from "../../../domain/pipeline/rules/templates.ts";
import { ApiFailure, write } from "../api.ts";
import { platformName, words } from "../format.ts";
import { useAction, usePoll } from "../hooks.ts";
import { useIsAdmin } from "../session.ts";
import type { GuardrailHit, Listing, PlatformList, Template } from "../types.ts";
import { Pager, usePager } from "../ui/pager.tsx";
import { Badge, LoadError, Loading, Outcome, PageHead } from "../ui/parts.tsx";

// The Worker's own lists (domain/pipeline/rules/templates.ts): intents a template can serve, and variables.
const INTENTS = TEMPLATE_INTENTS;
const VARIABLES = TEMPLATE_VARIABLES;

interface Preview {
  text: string | null;
  missing: string[];
  guardrails: GuardrailHit[];
  problems: string[];
}

function usePreview(body: string, listingId: string) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => {
      write<Preview>("POST", "/templates/preview", { body, listingId: listingId || null })
        .then((p) => {
          setPreview(p);
          setError(null);
        })
        .catch((err: unknown) => setError(err instanceof ApiFailure ? err.full : String(err)));
    }, 250);
    return () => clearTimeout(t);
  }, [body, listingId]);
  return { preview, error };
}

function Editor({ t, listings, onDone }: { t: Template | null; listings: Listing[]; onDone: () => void }) {
  const [name, setName] = useState(t?.name ?? "");
  const [intent, setIntent] = useState(t?.intent ?? "tour_request");
  const [body, setBody] = useState(
    t?.body ?? "Hi {{first_name}}, thanks for your interest in {{listing_title}}.",
  );
  const [listingId, setListingId] = useState(listings[0]?.id ?? "");
  const [issues, setIssues] = useState<Record<string, string[]>>({});
  const [run, state] = useAction();
  const { preview, error } = usePreview(body, listingId);
  const save = () =>
    run(async () => {
      setIssues({});
      try {
        if (t) await write("PATCH", `/templates/${encodeURIComponent(t.id)}`, { name, body });
        else await write("POST", "/templates", { name, intent, body });
      } catch (err) {
        if (err instanceof ApiFailure) {
          const byField: Record<string, string[]> = {};
          for (const i of err.issues) {
            const field = String(i.path[0] ?? "");
            byField[field] = [...(byField[field] ?? []), i.message];
          }
          setIssues(byField);
        }
        throw err;
      }
      onDone();
      return t ? "Saved (a body change is a new version)" : "Template created";
    });
  const fieldError = (f: string) =>
    issues[f]?.length ? (
      <span class="field-error" id={`err-${f}`}>
        {issues[f]?.join("; ")}
      </span>
    ) : null;
  return (
    <form
      class="card stack editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t ? `Edit “${t.name}” (v${t.version})` : "New template"}</h2>
      <label>
        Name
        <input
          value={name}
          required
          maxLength={80}
          onInput={(e) => setName(e.currentTarget.value)}
          aria-describedby="err-name"
        />
        {fieldError("name")}
      </label>
      <label>
        Intent
        <select value={intent} disabled={t !== null} onChange={(e) => setIntent(e.currentTarget.value)}>
          {INTENTS.map((i) => (
            <option key={i} value={i}>
              {words(i)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Body <span class="muted">(variables: {VARIABLES.map((v) => `{{${v}}}`).join(" ")})</span>
        <textarea
          rows={5}
          value={body}
          maxLength={2000}
          onInput={(e) => setBody(e.currentTarget.value)}
          aria-describedby="err-body"
        />
        {fieldError("body")}
      </label>
      <label>
        Preview with listing
        <select value={listingId} onChange={(e) => setListingId(e.currentTarget.value)}>
          <option value="">(no listing)</option>
          {listings.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title ?? l.externalId} · {l.accountId}
            </option>
          ))}
        </select>
      </label>
      <div class="preview-box" aria-live="polite">
        <strong>Preview</strong>
        {error ? <p class="outcome error">{error}</p> : null}
        {preview?.text ? <p class="text">{preview.text}</p> : null}
        {preview?.missing.length ? (
          <p class="field-error">
            This listing lacks: {preview.missing.join(", ")} — such a reply would go to review.
          </p>
        ) : null}
        {preview?.problems.map((p) => (
          <p key={p} class="field-error">
            {p}
          </p>
        ))}
      </div>
      <div class="button-row">
        <button type="submit" disabled={state.busy}>
          {t ? "Save" : "Create"}
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          Close
        </button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

function TemplateRow({ t, admin, onEdit }: { t: Template; admin: boolean; onEdit: () => void }) {
  const [run, state] = useAction();
  return (
    <li class="row">
      <div class="row-main">
        <span class="lead">
          {t.name} <span class="muted">v{t.version}</span>
        </span>
        <span class="muted">
          {words(t.intent)} · {t.accountId ?? "all accounts"} · by {t.updatedBy}
        </span>
        <span class="text">{t.body}</span>
      </div>
      <span class="badges">
        {t.isStarter ? <Badge tone="info">starter</Badge> : null}
        <Badge tone={t.isActive ? "good" : "muted"}>{t.isActive ? "active" : "inactive"}</Badge>
        {admin ? (
          <>
            <button type="button" class="secondary" onClick={onEdit}>
              Edit
            </button>
            <button
              type="button"
              class="secondary"
              disabled={state.busy}
              onClick={() =>
                void run(async () => {
                  await write("PATCH", `/templates/${encodeURIComponent(t.id)}`, { isActive: !t.isActive });
                  return t.isActive ? "Deactivated" : "Activated";
                })
              }
            >
              {t.isActive ? "Deactivate" : "Activate"}
            </button>
          </>
        ) : null}
      </span>
      <Outcome state={state} />
    </li>
  );
}

function ListingForm({ accounts, onDone }: { accounts: PlatformList["items"]; onDone: () => void }) {
  const [f, setF] = useState({
    accountId: accounts[0]?.id ?? "",
    externalId: "",
    title: "",
    price: "",
    area: "",
    availableFrom: "",
    viewingLink: "",
  });
  const [run, state] = useAction();
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const field = (k: keyof typeof f, label: string) => (
    <label>
      {label}
      <input value={f[k]} onInput={set(k)} />
    </label>
  );
  return (
    <form
      class="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const body: Record<string, string | null> = {};
          for (const [k, v] of Object.entries(f)) body[k] = v.trim() === "" ? null : v.trim();
          await write("POST", "/listings", body);
          onDone();
          return "Listing added";
        });
      }}
    >
      <h2>New listing facts</h2>
      <label>
        Account
        <select value={f.accountId} onChange={set("accountId")}>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {platformName(a.platform)} · {a.label}
            </option>
          ))}
        </select>
      </label>
      {field("externalId", "Listing id on the site")}
      {field("title", "Title")}
      {field("price", "Price")}
      {field("area", "Area")}
      {field("availableFrom", "Available from")}
      {field("viewingLink", "Viewing link")}
      <div class="button-row">
        <button type="submit" disabled={state.busy}>
          Add listing
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          Close
        </button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

export function TemplatesScreen(_: { path?: string }) {
  const admin = useIsAdmin();
  const templatePages = usePager("/templates?includeInactive=true");
  const listingPages = usePager("/listings");
  const templates = usePoll<{ items: Template[]; nextCursor?: string | null }>(templatePages.path);
  const listings = usePoll<{ items: Listing[]; nextCursor?: string | null }>(listingPages.path);
  const accounts = usePoll<PlatformList>("/platforms", 30_000);
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const [addingListing, setAddingListing] = useState(false);
  return (
    <section>
      <PageHead title="Templates & listings">
        {admin ? (
          <button type="button" onClick={() => setEditing("new")}>
            New template
          </button>
        ) : null}
      </PageHead>
      {editing ? (
        <Editor
          key={editing === "new" ? "new" : editing.id}
          t={editing === "new" ? null : editing}
          listings={listings.data?.items ?? []}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <LoadError error={templates.error} />
      {!templates.data && !templates.error ? <Loading /> : null}
      {templates.data?.items.length === 0 ? (
        <p>No templates yet: without one, every reply goes to review.</p>
      ) : null}
      <ul class="rows">
        {(templates.data?.items ?? []).map((t) => (
          <TemplateRow key={t.id} t={t} admin={admin} onEdit={() => setEditing(t)} />
        ))}
      </ul>
      <Pager pager={templatePages} nextCursor={templates.data?.nextCursor} label="templates" />
      <h2>Listings</h2>
      {admin && !addingListing ? (
        <button type="button" class="secondary" onClick={() => setAddingListing(true)}>
          Add listing facts
        </button>
      ) : null}
      {addingListing ? (
        <ListingForm accounts={accounts.data?.items ?? []} onDone={() => setAddingListing(false)} />
      ) : null}
      <LoadError error={listings.error} />
      <div class="table-wrap">
        <table>
          <caption class="muted">Facts the templates fill in</caption>
          <thead>
            <tr>
              <th scope="col">Listing</th>
              <th scope="col">Account</th>
              <th scope="col">Price</th>
              <th scope="col">Area</th>
              <th scope="col">Available</th>
              <th scope="col">Viewing link</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {(listings.data?.items ?? []).map((l) => (
              <tr key={l.id} class={l.active ? "" : "faded"}>
                <td>{l.title ?? l.externalId}</td>
                <td>{l.accountId}</td>
                <td>{l.price ?? "—"}</td>
                <td>{l.area ?? "—"}</td>
                <td>{l.availableFrom ?? "—"}</td>
                <td>{l.viewingLink ?? "—"}</td>
                <td>{l.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={listingPages} nextCursor={listings.data?.nextCursor} label="listings" />
    </section>
  );
}
