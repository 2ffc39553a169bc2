/** Small shared pieces: outcome line, badges, page header, empty and error states. */
import type { ComponentChildren } from "preact";
import type { ApiFailure } from "../api.ts";
import type { ActionState } from "../hooks.ts";

/** What an action did, or the API's message when it failed. Announced to screen readers. */
export function Outcome({ state }: { state: ActionState }) {
  if (state.error)
    return (
      <p class="outcome error" role="alert">
        {state.error}
      </p>
    );
  if (state.ok)
    return (
      <p class="outcome ok" role="status">
        {state.ok}
      </p>
    );
  if (state.busy)
    return (
      <p class="outcome busy" role="status">
        Working…
      </p>
    );
  return null;
}

export function LoadError({ error }: { error: ApiFailure | null }) {
  if (!error) return null;
  return (
    <p class="outcome error" role="alert">
      {error.full}
    </p>
  );
}

export type Tone = "good" | "warn" | "bad" | "muted" | "info";

export function Badge({
  tone,
  children,
  title,
}: {
  tone: Tone;
  children: ComponentChildren;
  title?: string;
}) {
  return (
    <span class={`badge ${tone}`} title={title}>
      {children}
    </span>
  );
}

export function PageHead({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-head">
      <h1>{title}</h1>
      {children}
    </header>
  );
}

export function Loading() {
  return <p class="muted">Loading…</p>;
}
