/**
 * The shell: who is signed in, the navigation, and one route per screen (every screen has a URL
 * that can be shared). The development sign-in picker exists only when the API says development
 * identities are honoured; in production Cloudflare Access has already identified the user.
 */

import { useCallback, useEffect, useState } from "preact/hooks";
import Router from "preact-router";
import { ApiFailure, devIdentity, get, setDevIdentity } from "./api.ts";
import { AuditScreen } from "./screens/audit.tsx";
import { ConversationScreen } from "./screens/conversation.tsx";
import { DeadLetterScreen } from "./screens/dead-letter.tsx";
import { DeadLettersScreen } from "./screens/dead-letters.tsx";
import { InboxScreen } from "./screens/inbox.tsx";
import { OverviewScreen } from "./screens/overview.tsx";
import { PlatformsScreen } from "./screens/platforms.tsx";
import { SettingsScreen } from "./screens/settings.tsx";
import { SignIn } from "./screens/sign-in.tsx";
import { TemplatesScreen } from "./screens/templates.tsx";
import { MeContext } from "./session.ts";
import type { Me } from "./types.ts";

const NAV: [string, string][] = [
  ["/", "Overview"],
  ["/inbox", "Inbox"],
  ["/platforms", "Platforms"],
  ["/dead-letters", "Dead letters"],
  ["/templates", "Templates & listings"],
  ["/audit", "Audit log"],
  ["/settings", "Settings"],
];

function NotFound(_: { default?: boolean }) {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no screen at this address. <a href="/">Go to the overview</a>.
      </p>
    </section>
  );
}

const isActive = (href: string, path: string) =>
  href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [path, setPath] = useState(window.location.pathname);
  const [error, setError] = useState<string | null>(null);

  const loadMe = useCallback(async () => {
    try {
      setMe(await get<Me>("/me"));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.full : String(err));
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  const pick = (email: string | null) => {
    setDevIdentity(email);
    void loadMe();
  };

  if (error)
    return (
      <main id="main" class="signin">
        <h1>lease-bot</h1>
        <p class="outcome error" role="alert">
          {error}
        </p>
        <button type="button" onClick={() => void loadMe()}>
          Try again
        </button>
      </main>
    );
  if (!me) return <p class="boot">Loading lease-bot…</p>;
  if (!me.email) {
    if (me.devIdentities) return <SignIn me={me} onPick={pick} />;
    return (
      <main id="main" class="signin">
        <h1>lease-bot</h1>
        <p class="outcome error" role="alert">
          You are not signed in: {me.problem ?? "no identity"}
        </p>
      </main>
    );
  }

  return (
    <MeContext.Provider value={me}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          lease-bot
        </a>
        <nav aria-label="Screens">
          <ul>
            {NAV.map(([href, label]) => (
              <li key={href}>
                <a
                  href={href}
                  class={isActive(href, path) ? "active" : undefined}
                  aria-current={isActive(href, path) ? "page" : undefined}
                >
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span title="Signed in as">
            {me.email} <span class="role">{me.role}</span>
          </span>
          {me.devIdentities && devIdentity() ? (
            <button type="button" class="link" onClick={() => pick(null)}>
              Switch user
            </button>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Router onChange={(e) => setPath(new URL(e.url, window.location.origin).pathname)}>
          <OverviewScreen path="/" />
          <InboxScreen path="/inbox" />
          <ConversationScreen path="/inbox/:id" />
          <PlatformsScreen path="/platforms/:id?" />
          <DeadLettersScreen path="/dead-letters" />
          <DeadLetterScreen path="/dead-letters/:dispatchKey" />
          <TemplatesScreen path="/templates" />
          <AuditScreen path="/audit" />
          <SettingsScreen path="/settings" />
          <NotFound default />
        </Router>
      </main>
    </MeContext.Provider>
  );
}
