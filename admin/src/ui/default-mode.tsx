/** The global default send mode: shown to everyone, changed by admins (audited by the API). */
import { useState } from "preact/hooks";
import { write } from "../api.ts";
import { sendModeName } from "../format.ts";
import { useAction, usePoll } from "../hooks.ts";
import { useIsAdmin } from "../session.ts";
import type { SendMode } from "../types.ts";
import { LoadError, Outcome } from "./parts.tsx";

interface SettingsDto {
  defaultSendMode: SendMode;
  updatedAt: string;
  updatedBy: string;
}

export function DefaultModeControl() {
  const admin = useIsAdmin();
  const settings = usePoll<SettingsDto>("/settings");
  const [choice, setChoice] = useState<SendMode | null>(null);
  const [run, state] = useAction();
  const current = settings.data?.defaultSendMode;
  if (!settings.data) return <LoadError error={settings.error} />;
  if (!admin)
    return (
      <p>
        Default send mode: <strong>{sendModeName(current)}</strong> (set by{" "}
        {settings.data.updatedBy || "the migration"})
      </p>
    );
  const value = choice ?? current ?? "draft_only";
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await write("PUT", "/settings", { defaultSendMode: value });
          setChoice(null);
          return `Default send mode is now ${sendModeName(value)}`;
        });
      }}
    >
      <label>
        Default send mode
        <select value={value} onChange={(e) => setChoice(e.currentTarget.value as SendMode)}>
          <option value="draft_only">draft only</option>
          <option value="auto_send">auto send</option>
        </select>
      </label>
      <button type="submit" disabled={state.busy || value === current}>
        Save default
      </button>
      <Outcome state={state} />
    </form>
  );
}
