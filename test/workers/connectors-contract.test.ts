/**
 * The connector contract, for every platform that has a connector, in workerd with the real
 * Browser binding (local Chromium) against the sandbox sites. Ground truth comes from the
 * sandbox's control API, so "exactly" means exactly what the site stored.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { ReplyRef, ThreadBaseline } from "../../connectors/core/contract.ts";
import type { Failure } from "../../connectors/core/failures.ts";
import { CONNECTORS, connectorFor } from "../../connectors/registry.ts";
import type { Platform } from "../../domain/db/schema.ts";
import { type SandboxPlatform, sandbox } from "../support/sandbox-client.ts";
import { withSite } from "./connector-harness.ts";

const all = Object.keys(CONNECTORS) as (Platform & SandboxPlatform)[];
// CONTRACT_SITE=<platform> npm run test:contract runs one site (checked in vitest.workers.config.ts).
const platforms = env.CONTRACT_SITE ? all.filter((p) => p === env.CONTRACT_SITE) : all;
if (platforms.length === 0) throw new Error(`No connector for CONTRACT_SITE=${env.CONTRACT_SITE}`);
const norm = (s: string) => s.replace(/\s+/g, " ").trim();
/** A reply as the outbox hands it to the connector: nothing known yet. */
const reply = (threadId: string, body: string): ReplyRef => ({
  threadId,
  body,
  baseline: null,
  claimed: [],
  deliveredSameWords: 0,
});

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
    const { sent, back, baseline } = await withSite(platform, async ({ session }) => {
      let baseline: ThreadBaseline | null = null;
      const sent = expectOk(
        await connector.sendReply(session, reply(first!.threadId, body), {
          beforeSubmit: (b) => {
            baseline = b;
          },
        }),
      );
      const back = expectOk(
        await connector.findReply(session, { ...reply(first!.threadId, body), baseline }),
      );
      return { sent, back, baseline };
    });
    expect(sent).toMatchObject({ status: "delivered", submitted: true });
    // The baseline lists what the thread held before: every outbound message the site had.
    expect(baseline).not.toBeNull();
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBe(1);
    const stored = truth.messages.find((m) => m.text === body)!;
    if (sent.status === "delivered" && sent.platformMessageId !== null)
      expect(sent.platformMessageId).toBe(stored.id);
    expect(back.found).toBe(true);
    if (back.platformMessageId !== null) expect(back.platformMessageId).toBe(stored.id);
  });

  it("a reply to the thread it has just read goes out without loading the thread again, once", async () => {
    const [first] = await sandbox.truth(platform);
    const body = `Happy to show you the room this week. ref reuse-${platform}-${Date.now()}`;
    const { sent, loads, trail } = await withSite(platform, async ({ session }) => {
      expectOk(await connector.readThread(session, first!.threadId));
      const before = session.pageLoads;
      const sent = expectOk(await connector.sendReply(session, reply(first!.threadId, body)));
      return { sent, loads: session.pageLoads - before, trail: session.trail.map((t) => t.action) };
    });
    expect(sent).toMatchObject({ status: "delivered", submitted: true });
    expect(trail.some((a) => a.startsWith("reuse "))).toBe(true);
    // At most the submit's own navigation: the compose step loaded nothing.
    expect(loads).toBeLessThanOrEqual(1);
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBe(1);
  });

  it("read-back does not find a reply that was never sent", async () => {
    const [first] = await sandbox.truth(platform);
    const back = await withSite(platform, async ({ session }) =>
      expectOk(
        await connector.findReply(session, {
          ...reply(first!.threadId, "A reply nobody ever sent to this lead."),
          baseline: { outboundIds: [], matchingWithoutIds: 0 },
        }),
      ),
    );
    expect(back).toEqual({
      found: false,
      messageId: null,
      platformMessageId: null,
      pending: false,
      unprovable: false,
    });
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
      return expectOk(await connector.sendReply(session, reply(first!.threadId, body)));
    });
    // The site may have it: never a refusal, and the browser did not send it a second time.
    expect(sent).toMatchObject({ status: "unknown", answer: "uncertain" });
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBe(1);
    expect((await sandbox.counters(platform)).resends).toBe(0);
  });

  it.each([
    ["unavailable", 503],
    ["rate_limited", 429],
    ["session_expired", 302],
  ])("a submit the site answers with %s is unknown but not taken, and nothing is stored", async (kind) => {
    const [first] = await sandbox.truth(platform);
    const body = `Refused-submit reply ${Date.now()} (${kind}).`;
    const sent = await withSite(platform, async ({ session }) => {
      await sandbox.fault({ platform, kind, pages: ["submit"], times: 1 });
      return expectOk(await connector.sendReply(session, reply(first!.threadId, body)));
    });
    expect(sent).toMatchObject({ status: "unknown", answer: "not_taken" });
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBeUndefined();
  });

  it("a later attempt of a reply that turned up after all is delivered without a second click", async () => {
    const [first] = await sandbox.truth(platform);
    const body = `Late-showing reply ${Date.now()}: the room is still available.`;
    await withSite(platform, async ({ session }) => {
      await sandbox.fault({ platform, kind: "delayed_appearance", seconds: 3, pages: ["submit"], times: 1 });
      let baseline: ThreadBaseline | null = null;
      const sent = expectOk(
        await connector.sendReply(session, reply(first!.threadId, body), {
          beforeSubmit: (b) => {
            baseline = b;
          },
        }),
      );
      if (sent.status === "delivered") return; // an in-place site may have polled long enough
      await new Promise((r) => setTimeout(r, 3500));
      const again = expectOk(
        await connector.sendReply(session, { ...reply(first!.threadId, body), baseline }),
      );
      expect(again).toMatchObject({ status: "delivered", submitted: false });
    });
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
      return expectOk(await connector.sendReply(session, reply(first!.threadId, body)));
    });
    expect(sent).toEqual({ status: "rejected", siteText: expect.stringContaining("blocked word") });
    const truth = (await sandbox.truth(platform)).find((t) => t.threadId === first!.threadId)!;
    expect(truth.deliveries[body]).toBeUndefined();
  });

  it("a delayed appearance is unknown at first; read-back finds it once it shows", async () => {
    const [first] = await sandbox.truth(platform);
    const body = `Delayed reply ${Date.now()}: the room is still available.`;
    await withSite(platform, async ({ session }) => {
      await sandbox.fault({ platform, kind: "delayed_appearance", seconds: 4, pages: ["submit"], times: 1 });
      let baseline: ThreadBaseline | null = null;
      const sent = expectOk(
        await connector.sendReply(session, reply(first!.threadId, body), {
          beforeSubmit: (b) => {
            baseline = b;
          },
        }),
      );
      // In-place sites may poll long enough to see it appear; form sites land before it shows.
      if (sent.status !== "delivered") {
        expect(sent).toMatchObject({ status: "unknown", answer: "uncertain" });
        const early = expectOk(
          await connector.findReply(session, { ...reply(first!.threadId, body), baseline }),
        );
        expect(early.found).toBe(false);
        await new Promise((r) => setTimeout(r, 4500));
        const late = expectOk(
          await connector.findReply(session, { ...reply(first!.threadId, body), baseline }),
        );
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
