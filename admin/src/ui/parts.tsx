/** Small shared pieces: outcome line, badges, page header, empty and error states. */
import type { ComponentChildren } from "preact";
import type { ApiFailure } from "../api.ts";
import { platformName } from "../format.ts";
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

/** The reason a person gives for a consequential action (switch off, redrive, override…). */
export function ReasonInput({
  label,
  value,
  onInput,
  required = true,
  name,
}: {
  label: ComponentChildren;
  value: string;
  onInput: (value: string) => void;
  required?: boolean;
  name?: string;
}) {
  return (
    <label>
      {label}
      <input
        name={name}
        value={value}
        required={required}
        minLength={required ? 3 : undefined}
        maxLength={500}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}

/** A filter over the platform accounts (`anyLabel` for the unfiltered choice). */
export function AccountSelect({
  accounts,
  value,
  onChange,
  anyLabel,
}: {
  accounts: readonly { id: string; platform: string; label: string }[];
  value: string;
  onChange: (accountId: string) => void;
  anyLabel: string;
}) {
  return (
    <label>
      Account
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{anyLabel}</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {platformName(a.platform)} · {a.label}
          </option>
        ))}
      </select>
    </label>
  );
}
