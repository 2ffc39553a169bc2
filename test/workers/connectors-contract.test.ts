/**
 * The connector contract, for every platform that has a connector, in workerd with the real
 * Browser binding (local Chromium) against the sandbox sites. Ground truth comes from the
 * sandbox's control API, so "exactly" means exactly what the site stored.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { Failure } from "../../connectors/core/failures.ts";
import { CONNECTORS, connectorFor } from "../../connectors/registry.ts";
import type { Platform } from "../../worker/db/schema.ts";
import { type SandboxPlatform, sandbox } from "../support/sandbox-client.ts";
import { withSite } from "./connector-harness.ts";

const all = Object.keys(CONNECTORS) as (Platform & SandboxPlatform)[];
// CONTRACT_SITE=<platform> npm run test:contract runs one site (checked in vitest.workers.config.ts).
const platforms = env.CONTRACT_SITE ? all.filter((p) => p === env.CONTRACT_SITE) : all;
if (platforms.length === 0) throw new Error(`No connector for CONTRACT_SITE=${env.CONTRACT_SITE}`);
const norm = (s: string) => s.replace(/\s+/g, " ").trim();

function expectFailure<T>(r: { ok: true; value: T } | { ok: false; failure: Failure }): Failure {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.failure;
}
function expectOk<T>(r: { ok: true; value: T } | { ok: false; failure: Failure }): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.failure)}`);
  return r.value;
}

describe.each(platforms)("%s connector", (platform) => {
  const { connector } = connectorFor(platform);

  beforeEach(async () => {
    await sandbox.clearFaults();
    await sandbox.reset({ seed: 7 });
  });

  it("logs in through the site's form and lists the inbox exactly as the site stored it", async () => {
    const truth = await sandbox.truth(platform);
    const threads = await withSite(platform, async ({ session }) =>
      expectOk(await connector.listInbox(session)),
    );
    expect(threads.map((t) => t.externalThreadId).sort()).toEqual(truth.map((t) => t.threadId).sort());
    for (const t of threads) {
      const tt = truth.find((x) => x.threadId === t.externalThreadId)!;
      const latest = tt.messages.filter((m) => m.visibleFrom === null).at(-1)!;
      expect(t.latestDirection).toBe(latest.direction);
      if (t.leadName !== null) expect(t.leadName).toBe(tt.leadName);
      expect(t.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    }
    expect(threads.map((t) => t.rank)).toEqual(threads.map((_, i) => i + 1));
  });

  it("follows inbox pagination past the first page", async () => {
    for (let i = 0; i < 12; i++) await sandbox.lead(platform, `Paging Lead${i}`, `Is it available? (${i})`);
    const truth = await sandbox.truth(platform);
    expect(truth.length).toBeGreaterThan(10);
    const threads = await withSite(platform, async ({ session }) =>
      expectOk(await connector.listInbox(session, { maxPages: 5 })),
    );
    expect(new Set(threads.map((t) => t.externalThreadId))).toEqual(new Set(truth.map((t) => t.threadId)));
  });

  it("reads a thread: every message, direction, text and time", async () => {
    const [first] = await sandbox.truth(platform);
    const detail = await withSite(platform, async ({ session }) =>
      expectOk(await connector.readThread(session, first!.threadId)),
    );
    const visible = first!.messages.filter((m) => m.visibleFrom === null);
    expect(detail.messages.map((m) => [m.direction, norm(m.text)])).toEqual(
      visible.map((m) => [m.direction, norm(m.text)]),
    );
    detail.messages.forEach((m, i) => {
      if (m.nativeId) expect(m.externalMessageId).toBe(visible[i]!.id);
      if (m.sentAt !== null)
        expect(Math.abs(Date.parse(m.sentAt) - Date.parse(visible[i]!.at))).toBeLessThan(90_000);
    });
  });

  it("sends a reply that the site stores exactly once, then reads it back", async () => {
    const [first] = await sandbox.truth(platform);
    const body = `Thanks for asking! Viewings are on Saturday. ref ${platform}-${Date.now()}`;
    const started = new Date().toISOString();
    const { sent, back } = await withSite(platform, async ({ session }) => {
      const sent = expectOk(await connector.sendReply(session, first!.threadId, body));
      const back = expectOk(await connector.findReply(session, first!.threadId, body, started));
      return { sent, back };
    });
    expect(sent.status).toBe("delivered");
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBe(1);
    const stored = truth.messages.find((m) => m.text === body)!;
    if (sent.status === "delivered" && sent.platformMessageId !== null)
      expect(sent.platformMessageId).toBe(stored.id);
    expect(back.found).toBe(true);
  });

  it("read-back does not find a reply that was never sent", async () => {
    const [first] = await sandbox.truth(platform);
    const back = await withSite(platform, async ({ session }) =>
      expectOk(
        await connector.findReply(
          session,
          first!.threadId,
          "A reply nobody ever sent to this lead.",
          new Date(0).toISOString(),
        ),
      ),
    );
    expect(back).toEqual({ found: false, platformMessageId: null, pending: false });
  });

  it("keeps a row's fingerprint until the thread changes", async () => {
    const before = await withSite(platform, async ({ session }) =>
      expectOk(await connector.listInbox(session)),
    );
    const target = before[0]!;
    await sandbox.lead(platform, target.leadName ?? "Someone", "One more question: is parking included?");
    const after = await withSite(platform, async ({ session }) =>
      expectOk(await connector.listInbox(session)),
    );
    const changed = after.filter(
      (t) => before.find((b) => b.externalThreadId === t.externalThreadId)?.fingerprint !== t.fingerprint,
    );
    expect(changed.map((t) => t.externalThreadId)).toEqual([target.externalThreadId]);
  });

  it.each([
    ["captcha", "captcha"],
    ["challenge", "bot_challenge"],
    ["blocked", "access_blocked"],
    ["rate_limited", "transient"],
    ["unavailable", "transient"],
    ["session_expired", "session_expired"],
    ["markup_drift", "selector_drift"],
  ])("classifies the %s fault as %s, with evidence", async (kind, cls) => {
    const failure = await withSite(platform, async ({ session, evidence }) => {
      await sandbox.fault({ platform, kind, pages: ["inbox"] });
      const f = expectFailure(await connector.listInbox(session));
      expect(f.evidenceId).toBeTruthy();
      expect(evidence).toHaveLength(1);
      expect(evidence[0]!.html.length).toBeGreaterThan(0);
      expect(evidence[0]!.trail.length).toBeGreaterThan(0);
      return f;
    });
    expect(failure.class).toBe(cls);
    expect(failure.step).toBe("inbox");
    if (cls === "selector_drift") expect(failure.selector).toBeTruthy();
  });

  it("a dropped submit (stored, then the connection reset) is unknown, never a failure, and stored once", async () => {
    const [first] = await sandbox.truth(platform);
    const body = `Dropped-submit reply ${Date.now()}: viewings Saturday 10-12.`;
    const sent = await withSite(platform, async ({ session }) => {
      await sandbox.fault({ platform, kind: "submit_dropped", mode: "reset", pages: ["submit"], times: 1 });
      return expectOk(await connector.sendReply(session, first!.threadId, body));
    });
    expect(sent.status).toBe("unknown");
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBe(1);
  });

  it("a refused submit is rejected with the site's words, and nothing is stored", async () => {
    const [first] = await sandbox.truth(platform);
    const body = `Rejected reply ${Date.now()}`;
    const sent = await withSite(platform, async ({ session }) => {
      await sandbox.fault({
        platform,
        kind: "submit_rejected",
        message: "Your message contains a blocked word.",
        pages: ["submit"],
        times: 1,
      });
      return expectOk(await connector.sendReply(session, first!.threadId, body));
    });
    expect(sent).toEqual({ status: "rejected", siteText: expect.stringContaining("blocked word") });
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBeUndefined();
  });

  it("a delayed appearance is unknown at first; read-back finds it once it shows", async () => {
    const [first] = await sandbox.truth(platform);
    const body = `Delayed reply ${Date.now()}: the room is still available.`;
    const started = new Date().toISOString();
    await withSite(platform, async ({ session }) => {
      await sandbox.fault({ platform, kind: "delayed_appearance", seconds: 4, pages: ["submit"], times: 1 });
      const sent = expectOk(await connector.sendReply(session, first!.threadId, body));
      // In-place sites may poll long enough to see it appear; form sites land before it shows.
      if (sent.status !== "delivered") {
        expect(sent.status).toBe("unknown");
        const early = expectOk(await connector.findReply(session, first!.threadId, body, started));
        expect(early.found).toBe(false);
        await new Promise((r) => setTimeout(r, 4500));
        const late = expectOk(await connector.findReply(session, first!.threadId, body, started));
        expect(late.found).toBe(true);
      }
    });
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBe(1);
  });

  it("a logged-out session is session_expired; logging in again works", async () => {
    await withSite(
      platform,
      async ({ session }) => {
        const f = expectFailure(await connector.listInbox(session));
        expect(f.class).toBe("session_expired");
        expectOk(await connector.login(session, { username: "demo", password: "demo-password" }));
        expectOk(await connector.listInbox(session));
      },
      { login: false },
    );
  });

  it("a wrong password is refused as session_expired at the login step", async () => {
    await withSite(
      platform,
      async ({ session }) => {
        const f = expectFailure(await connector.login(session, { username: "demo", password: "wrong" }));
        expect(f).toMatchObject({ class: "session_expired", step: "login" });
      },
      { login: false },
    );
  });
});
