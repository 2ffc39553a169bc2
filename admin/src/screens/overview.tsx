/**
 * One card per account: on/off, effective send mode, session and circuit, last ingest and send,
 * errors in 24 h, work waiting, and activity per hour. Problems come first and link to the fix.
 */
import { ago, platformName, sendModeName, words } from "../format.ts";
import { usePoll } from "../hooks.ts";
import type { Account, Hourly, PlatformList, Queues } from "../types.ts";
import { FollowupFigures } from "../ui/followups.tsx";
import { Badge, LoadError, Loading, PageHead, type Tone } from "../ui/parts.tsx";
import { Spark } from "../ui/spark.tsx";

const SERIES: [string, string][] = [
  ["received", "received"],
  ["drafted", "drafted"],
  ["review", "review"],
  ["sent", "sent"],
  ["failed", "failed"],
];

interface Problem {
  text: string;
  href: string;
  fix: string;
}

const BLOCKING_CLASSES = new Set(["access_blocked", "bot_challenge", "captcha"]);

export function problemsOf(a: Account): Problem[] {
  const p: Problem[] = [];
  const at = `/platforms/${encodeURIComponent(a.id)}`;
  if (a.health.sessionState === "needs_login")
    p.push({ text: "needs login", href: `${at}#session`, fix: "Import a session or retry the login" });
  if (a.missingSecrets?.length)
    p.push({
      text: `missing secrets: ${a.missingSecrets.join(", ")}`,
      href: `${at}#credentials`,
      fix: "Check the credential references",
    });
  if (a.health.circuitState === "open" || a.health.circuitState === "stopped")
    p.push({
      text: `circuit ${a.health.circuitState}${a.health.circuitReason ? ` (${words(a.health.circuitReason)})` : ""}`,
      href: `${at}#circuit`,
      fix: "Reset the circuit once the site is fine",
    });
  const cls = a.health.lastErrorClass;
  if (cls && BLOCKING_CLASSES.has(cls))
    p.push({
      text: words(cls),
      href: `${at}#session`,
      fix: "Solve it in a real browser, then import the session",
    });
  if (cls === "selector_drift")
    p.push({
      text: "selector drift: the site's pages changed",
      href: `/dead-letters?accountId=${encodeURIComponent(a.id)}`,
      fix: "See the failure evidence",
    });
  return p;
}

function sessionTone(s: string): Tone {
  return s === "ok" ? "good" : s === "needs_login" ? "bad" : "muted";
}
function circuitTone(s: string): Tone {
  return s === "closed" ? "good" : s === "half_open" ? "warn" : "bad";
}

function Card({
  a,
  queues,
  hourly,
}: {
  a: Account;
  queues: Queues["items"][number] | undefined;
  hourly: Hourly | null;
}) {
  const problems = problemsOf(a);
  const series = hourly?.accounts[a.id];
  const inherited = a.sendMode === null;
  return (
    <article class={`card account ${problems.length ? "has-problem" : ""}`} aria-labelledby={`acc-${a.id}`}>
      <header>
        <h2 id={`acc-${a.id}`}>
          <a href={`/platforms/${encodeURIComponent(a.id)}`}>
            {platformName(a.platform)} · {a.label}
          </a>
        </h2>
        <div class="badges">
          <Badge tone={a.isActive ? "good" : "muted"}>{a.isActive ? "on" : "off"}</Badge>
          <Badge tone={a.effectiveSendMode === "auto_send" ? "info" : "muted"} title="Effective send mode">
            {sendModeName(a.effectiveSendMode)}
            {inherited ? " (inherited)" : ""}
          </Badge>
          <Badge tone={sessionTone(a.health.sessionState)} title="Session">
            session {words(a.health.sessionState)}
          </Badge>
          <Badge tone={circuitTone(a.health.circuitState)} title="Circuit">
            circuit {words(a.health.circuitState)}
          </Badge>
        </div>
      </header>
      {!a.isActive && a.disableReason ? <p class="muted">Off: {a.disableReason}</p> : null}
      {problems.length ? (
        <ul class="problems">
          {problems.map((p) => (
            <li key={p.text}>
              <strong>{p.text}</strong> — <a href={p.href}>{p.fix}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <dl class="facts">
        <div>
          <dt>Last ingest</dt>
          <dd>{ago(a.health.lastIngestAt)}</dd>
        </div>
        <div>
          <dt>Last send</dt>
          <dd>{ago(a.health.lastSendAt)}</dd>
        </div>
        <div>
          <dt>Errors 24 h</dt>
          <dd class={a.health.errors24h > 0 ? "bad" : ""}>{a.health.errors24h}</dd>
        </div>
        <div>
          <dt>Review</dt>
          <dd>
            <a href={`/inbox?filter=needs_review&accountId=${encodeURIComponent(a.id)}`}>
              {queues?.needsReview ?? "…"}
            </a>
          </dd>
        </div>
        <div>
          <dt>Drafts</dt>
          <dd>
            <a href={`/inbox?filter=draft_waiting&accountId=${encodeURIComponent(a.id)}`}>
              {queues?.draftsWaiting ?? "…"}
            </a>
          </dd>
        </div>
        <div>
          <dt>Dead letters</dt>
          <dd class={(queues?.openDeadLetters ?? 0) > 0 ? "bad" : ""}>
            <a href={`/dead-letters?accountId=${encodeURIComponent(a.id)}&status=open`}>
              {queues?.openDeadLetters ?? "…"}
            </a>
          </dd>
        </div>
      </dl>
      {hourly ? (
        <div class="sparks">
          {SERIES.map(([key, label]) => (
            <Spark
              key={key}
              label={label}
              tone={key}
              hours={hourly.hours}
              values={series?.[key] ?? hourly.hours.map(() => 0)}
            />
          ))}
        </div>
      ) : null}
    </article>
  );
}

export function OverviewScreen(_: { path?: string }) {
  const platforms = usePoll<PlatformList>("/platforms");
  const queues = usePoll<Queues>("/queues");
  const hourly = usePoll<Hourly>("/metrics/hourly?hours=24", 30_000);
  const items = platforms.data?.items ?? [];
  // Accounts with problems first, then by platform (the API's order).
  const sorted = [...items].sort(
    (a, b) => Number(problemsOf(b).length > 0) - Number(problemsOf(a).length > 0),
  );
  return (
    <section>
      <PageHead title="Overview">
        {platforms.data ? (
          <p class="muted">
            Default send mode: <strong>{sendModeName(platforms.data.globalDefaultSendMode)}</strong> ·
            activity per hour, last 24 h
          </p>
        ) : null}
      </PageHead>
      <LoadError error={platforms.error ?? queues.error ?? hourly.error} />
      {!platforms.data && !platforms.error ? <Loading /> : null}
      {platforms.data && items.length === 0 ? (
        <p>No platform accounts yet. Add one under Platforms.</p>
      ) : null}
      <div class="cards">
        {sorted.map((a) => (
          <Card
            key={a.id}
            a={a}
            queues={queues.data?.items.find((q) => q.accountId === a.id)}
            hourly={hourly.data}
          />
        ))}
      </div>
      <FollowupFigures />
    </section>
  );
}
