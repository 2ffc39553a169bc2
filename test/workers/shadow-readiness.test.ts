/**
 * Go-live readiness measured per account (docs/runbooks/go-live.md, step 4): drafts that the
 * pipeline made because the account is in draft_only, worked through the real API — approved as
 * drafted, edited and approved, "edited" to the same words, rejected, left waiting — are counted
 * by what the person did, and GET /api/platforms/:id/readiness gives the criteria and the
 * verdict. The readiness informs: a verified account that is not ready may still be switched to
 * auto_send.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { accountStub } from "../../domain/account/address.ts";
import { GO_LIVE_THRESHOLDS } from "../../domain/account/shadow-readiness.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { settle } from "./dispatch-harness.ts";
import {
  ADMIN,
  AGENT,
  call,
  freshSandboxWithTourTemplate,
  json,
  seedAccounts,
  verifyViaApi,
} from "./helpers.ts";

const P = "spareroom" as const;
const TOUR_TEMPLATE =
  "Hi {{first_name}}, thanks for asking about {{listing_title}}! Viewings are on Saturdays.";
const LEADS = ["Ann Reed", "Ben Cole", "Cat Ortiz", "Dev Shah", "Eve Lund"];

type Readiness = {
  accountId: string;
  effectiveSendMode: string;
  verdict: string;
  gatesAutoSend: boolean;
  thresholds: typeof GO_LIVE_THRESHOLDS;
  history: Record<string, number>;
  criteria: { id: string; value: number | null; threshold: number; pass: boolean }[];
};

beforeEach(() => freshSandboxWithTourTemplate(TOUR_TEMPLATE));

describe("shadow readiness", () => {
  it("counts drafts sent unchanged, sent edited, discarded and waiting as a person worked them", async () => {
    const id = `shadow-${Date.now()}`;
    const ref = { accountId: id, platform: P };
    await env.DB.exec("UPDATE platform_accounts SET is_active = 0");
    await seedAccounts([{ id, platform: P, label: id, sendMode: "draft_only", baseUrl: siteOrigin(P) }]);
    const { listingId } = await sandbox.listing(P, {
      title: "Sunny double room",
      price: "$1,450",
      location: "Park Slope, Brooklyn",
    });
    for (const name of LEADS)
      await sandbox.lead(P, name, "Hello, can I book a viewing on Saturday?", { listingId });

    const empty = await json<Readiness>(await call("GET", `/api/platforms/${id}/readiness`, { as: AGENT }));
    expect(empty).toMatchObject({
      verdict: "collecting",
      gatesAutoSend: false,
      effectiveSendMode: "draft_only",
    });
    expect(empty.history.draftsMade).toBe(0);

    let report = await accountStub(env, ref).checkInbox(ref);
    for (let i = 0; i < 10 && (report === null || report.skipped !== null); i++) {
      await new Promise((r) => setTimeout(r, 500));
      report = await accountStub(env, ref).checkInbox(ref);
    }
    const drafts = (
      await env.DB.prepare(
        `SELECT r.id, r.body, c.lead_name FROM replies r JOIN conversations c ON c.id = r.conversation_id
         WHERE r.account_id = ? AND r.status = 'draft' ORDER BY c.lead_name`,
      )
        .bind(id)
        .all<{ id: string; body: string; lead_name: string }>()
    ).results;
    expect(drafts.map((d) => d.lead_name)).toEqual(LEADS);
    const [ann, ben, cat, dev] = drafts as [
      (typeof drafts)[0],
      (typeof drafts)[0],
      (typeof drafts)[0],
      (typeof drafts)[0],
    ];

    // Ann: approved as drafted. Ben: edited, then approved. Cat: "edited" to the same words but
    // for spacing (no edit). Dev: rejected. Eve: left waiting.
    expect((await call("POST", `/api/replies/${ann.id}/approve`, { as: AGENT })).status).toBe(200);
    const edited = `${ben.body} Bring a photo ID, please.`;
    expect(
      (await call("POST", `/api/replies/${ben.id}/edit`, { as: AGENT, body: { body: edited } })).status,
    ).toBe(200);
    const saved = await call("POST", `/api/replies/${cat.id}/edit`, {
      as: AGENT,
      body: { body: `${cat.body.replace(" ", "  ")}\n`, approve: false },
    });
    expect(saved.status).toBe(200);
    expect((await call("POST", `/api/replies/${cat.id}.v2/approve`, { as: AGENT })).status).toBe(200);
    expect(
      (await call("POST", `/api/replies/${dev.id}/reject`, { as: AGENT, body: { reason: "wrong" } })).status,
    ).toBe(200);
    const items = await settle(accountStub(env, ref));
    expect(items.map((i) => i.state)).toEqual(["delivered", "delivered", "delivered"]);
    const sent = (await sandbox.truth(P)).flatMap((t) =>
      t.messages.filter((m) => m.direction === "outbound"),
    );
    expect(sent.map((m) => m.text)).toContain(edited);

    const r = await json<Readiness>(await call("GET", `/api/platforms/${id}/readiness`, { as: AGENT }));
    expect(r.history).toMatchObject({
      draftsMade: 5,
      sentUnchanged: 2,
      sentEdited: 1,
      discarded: 1,
      pending: 1,
      withdrawn: 0,
    });
    const value = (cid: string) => r.criteria.find((c) => c.id === cid);
    expect(value("decided_drafts")).toMatchObject({
      value: 4,
      threshold: GO_LIVE_THRESHOLDS.minDecided,
      pass: false,
    });
    expect(value("unchanged_share")).toMatchObject({ value: 0.5, pass: false });
    expect(value("discarded_share")).toMatchObject({ value: 0.25, pass: false });
    expect(r.verdict).toBe("not_ready");
    expect(r.thresholds).toEqual(GO_LIVE_THRESHOLDS);

    // It informs, it does not gate: verified, the account may go to auto_send all the same.
    await verifyViaApi(id);
    expect(
      (await call("PATCH", `/api/platforms/${id}`, { as: ADMIN, body: { sendMode: "auto_send" } })).status,
    ).toBe(200);

    expect((await call("GET", "/api/platforms/no-such-account/readiness", { as: AGENT })).status).toBe(404);
    const bad = await call("GET", `/api/platforms/${"x".repeat(101)}/readiness`, { as: AGENT });
    expect(bad.status).toBe(400);
  });
});
