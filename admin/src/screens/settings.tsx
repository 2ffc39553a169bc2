/** Global settings: the default send mode every account inherits unless it overrides it. */
import { useMe } from "../session.ts";
import { DefaultModeControl } from "../ui/default-mode.tsx";
import { GlobalFollowupPolicy } from "../ui/followups.tsx";
import { PageHead } from "../ui/parts.tsx";

export function SettingsScreen(_: { path?: string }) {
  const me = useMe();
  return (
    <section>
      <PageHead title="Settings" />
      <div class="card stack">
        <h2>Default send mode</h2>
        <p class="muted">
          Accounts whose send mode is “inherit” use this. Draft only leaves every reply for a person; auto
          send lets eligible replies go out by themselves.
        </p>
        <DefaultModeControl />
      </div>
      <div class="card stack">
        <h2>Follow-ups</h2>
        <p class="muted">
          A lead who does not answer our last message hears from us again at these steps, never at night in
          the account's time zone, and never after they reply, opt out or a person takes over.
        </p>
        <GlobalFollowupPolicy />
      </div>
      <div class="card stack">
        <h2>You</h2>
        <p>
          {me.email} — <strong>{me.role}</strong>.{" "}
          {me.role === "admin"
            ? "Admins change policy and operate accounts."
            : "Agents read everything and work the inbox; policy is for admins."}
        </p>
        <p class="muted">Users and roles are rows in the database's users table (see the README).</p>
      </div>
    </section>
  );
}
