/**
 * Readiness (issue 23): an account may not be switched to auto_send until the read-only verify
 * check passed on its site (409 with the reason and what to do); the check runs in the account's
 * object through the Browser binding and submits nothing; a production run that meets drift
 * marks the account, drops it to draft_only, audits that, and names the evidence page.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { connectorVersion, connectorVersionOf } from "../../connectors/verify/report.ts";
import { accountStub } from "../../domain/account/address.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { ADMIN, AGENT, call, json, seedAccounts, seedUsers, verifyViaApi } from "./helpers.ts";

type Verification = {
  state: string;
  verifiedBy: string | null;
  reportHash: string | null;
  connectorVersion: string | null;
  driftReason: string | null;
  driftEvidenceId: string | null;
  autoSendAllowed: boolean;
  autoSendBlock?: { reason: string; action: string };
};
type Account = { id: string; sendMode: string | null; verification: Verification };
type ErrorJson = { error: { code: string; message: string; details?: { reason: string; action: string } } };

async function alerts(): Promise<
  { event: string; reason: string; accountId: string; evidenceId?: string; what?: string }[]
> {
  return (await fetch(env.ALERT_WEBHOOK_URL!)).json();
}

/** Runs the account until a run has read (the verify run may still hold the lease; a run may skip). */
async function runUntilRead(ref: { accountId: string; platform: "spareroom" | "roomies" }) {
  let report = await accountStub(env, ref).checkInbox(ref);
  const waiting = () => report === null || (report.skipped !== null && report.skipped !== "circuit_open");
  for (let i = 0; i < 10 && waiting(); i++) {
    await new Promise((r) => setTimeout(r, 500));
    report = await accountStub(env, ref).checkInbox(ref);
  }
  return report;
}

let n = 0;
async function account(platform: "spareroom" | "roomies" = "spareroom") {
  const id = `ver-${++n}-${Date.now()}`;
  await env.DB.exec("UPDATE platform_accounts SET is_active = 0");
  await seedAccounts([{ id, platform, label: id, baseUrl: siteOrigin(platform) }]);
  return id;
}

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 5 });
  await sandbox.clearCounters();
  await seedUsers();
});

describe("verification before auto_send", () => {
  it("unverified → 409 with what to do; verify (no submit on the site) → auto_send allowed", async () => {
    const id = await account();
    const refused = await call("PATCH", `/api/platforms/${id}`, {
      as: ADMIN,
      body: { sendMode: "auto_send" },
    });
    expect(refused.status).toBe(409);
    const err = await json<ErrorJson>(refused);
    expect(err.error.details?.reason).toMatch(/not been verified/);
    expect(err.error.details?.action).toMatch(/Verify/);
    const view = await json<Account>(await call("GET", `/api/platforms/${id}`, { as: AGENT }));
    expect(view.verification).toMatchObject({ state: "unverified", autoSendAllowed: false });

    // Agents may not run it.
    expect((await call("POST", `/api/platforms/${id}/verify`, { as: AGENT })).status).toBe(403);
    const body = await verifyViaApi(id);
    expect(body.verification.state).toBe("verified");
    expect((await sandbox.counters("spareroom")).submits).toBe(0);

    const after = await json<Account>(await call("GET", `/api/platforms/${id}`, { as: AGENT }));
    expect(after.verification).toMatchObject({ state: "verified", verifiedBy: ADMIN, autoSendAllowed: true });
    expect(after.verification.reportHash).toMatch(/^[0-9a-f]{64}$/);
    const ok = await call("PATCH", `/api/platforms/${id}`, { as: ADMIN, body: { sendMode: "auto_send" } });
    expect(ok.status).toBe(200);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id")
      .bind(id)
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(["account_verified", "platform_policy_updated"]);
  });

  it("a verify check that fails leaves the account unverified and says which selectors", async () => {
    const id = await account("roomies");
    await sandbox.fault({ platform: "roomies", kind: "markup_drift" });
    const res = await call("POST", `/api/platforms/${id}/verify`, { as: ADMIN });
    expect(res.status).toBe(200);
    const body = await json<{
      report: { ok: boolean; requiredMissing: string[] };
      verification: Verification;
    }>(res);
    expect(body.report.ok).toBe(false);
    expect(body.report.requiredMissing).toContain("inbox/inbox.rows");
    expect(body.verification.state).toBe("unverified");
    expect(
      (await call("PATCH", `/api/platforms/${id}`, { as: ADMIN, body: { sendMode: "auto_send" } })).status,
    ).toBe(409);
  });

  it("a production run that meets drift drops the account to draft_only, audits it and names the evidence", async () => {
    const id = await account();
    await verifyViaApi(id);
    expect(
      (await call("PATCH", `/api/platforms/${id}`, { as: ADMIN, body: { sendMode: "auto_send" } })).status,
    ).toBe(200);
    await sandbox.fault({ platform: "spareroom", kind: "markup_drift", pages: ["inbox"] });
    const ref = { accountId: id, platform: "spareroom" as const };
    const report = await runUntilRead(ref);
    // The account's own wake may have met the drift first: then this run finds the circuit open.
    if (report?.skipped !== "circuit_open") {
      expect(report?.skipped ?? null).toBeNull();
      expect(report?.failure?.class).toBe("selector_drift");
    }

    const view = await json<Account>(await call("GET", `/api/platforms/${id}`, { as: AGENT }));
    expect(view.sendMode).toBe("draft_only");
    expect(view.verification.state).toBe("drift");
    expect(view.verification.driftReason).toMatch(/inbox/);
    const evidenceId = view.verification.driftEvidenceId;
    expect(evidenceId).toBeTruthy();
    const evidence = await call("GET", `/api/platforms/${id}/evidence/${evidenceId}`, { as: ADMIN });
    expect(evidence.status).toBe(200);
    const audit = await env.DB.prepare(
      "SELECT actor, after_json FROM audit_log WHERE entity_id = ? AND action = 'platform_policy_updated' ORDER BY id DESC LIMIT 1",
    )
      .bind(id)
      .first<{ actor: string; after_json: string }>();
    expect(audit?.actor).toBe("lease-bot");
    expect(JSON.parse(audit!.after_json)).toMatchObject({ sendMode: "draft_only" });

    const refused = await call("PATCH", `/api/platforms/${id}`, {
      as: ADMIN,
      body: { sendMode: "auto_send" },
    });
    expect(refused.status).toBe(409);
    expect((await json<ErrorJson>(refused)).error.details?.reason).toMatch(/changed/);
    // Fixed (the fault gone), verified again: auto_send is allowed again.
    await sandbox.clearFaults();
    await verifyViaApi(id);
    expect(
      (await call("PATCH", `/api/platforms/${id}`, { as: ADMIN, body: { sendMode: "auto_send" } })).status,
    ).toBe(200);
  });

  it("parsed nonsense is drift: a garbled thread page sends nothing, drops to draft_only and alerts once", async () => {
    const id = await account();
    await verifyViaApi(id);
    expect(
      (await call("PATCH", `/api/platforms/${id}`, { as: ADMIN, body: { sendMode: "auto_send" } })).status,
    ).toBe(200);
    await sandbox.lead(
      "spareroom",
      "Ana Lima",
      "Hi, is the double room still free? Could I view it on Saturday?",
    );
    await fetch(env.ALERT_WEBHOOK_URL!, { method: "DELETE" });
    await sandbox.clearCounters();
    // Every selector still matches the thread page; each message shows its date where its text goes.
    await sandbox.fault({ platform: "spareroom", kind: "content_garbled", pages: ["thread"] });
    const ref = { accountId: id, platform: "spareroom" as const };
    const report = await runUntilRead(ref);
    // The account's own wake may have met the garbled page first: then this run finds the circuit open.
    if (report?.skipped !== "circuit_open") {
      expect(report?.skipped ?? null).toBeNull();
      expect(report?.failure).toMatchObject({
        class: "selector_drift",
        step: "thread",
        selector: "plausibility:message_is_date",
      });
      expect(report?.failure?.message).toMatch(/^parsed nonsense \(message_is_date\): thread "\d+_\d+"/);
      expect(report?.enqueued).toBe(0);
    }
    // A second wake in the same state: still nothing sent, still one alert.
    await accountStub(env, ref).checkInbox(ref);
    expect((await sandbox.counters("spareroom")).submits).toBe(0);

    const view = await json<Account>(await call("GET", `/api/platforms/${id}`, { as: AGENT }));
    expect(view.sendMode).toBe("draft_only");
    expect(view.verification.state).toBe("drift");
    expect(view.verification.driftReason).toMatch(/message_is_date/);
    const evidenceId = view.verification.driftEvidenceId;
    expect(evidenceId).toBeTruthy();
    expect((await call("GET", `/api/platforms/${id}/evidence/${evidenceId}`, { as: ADMIN })).status).toBe(
      200,
    );
    const mine = (await alerts()).filter((a) => a.accountId === id);
    expect(mine.map((a) => [a.event, a.reason])).toEqual([
      ["selector_drift", "plausibility:message_is_date"],
    ]);
    expect(mine[0]!.evidenceId).toBe(evidenceId);
    expect(mine[0]!.what).toMatch(/^thread: parsed nonsense \(message_is_date\): thread "\d+_\d+"/);
    // The alert and the reason name the check, never the page's words.
    expect(JSON.stringify(mine)).not.toContain("Saturday");
    expect(view.verification.driftReason).not.toContain("Saturday");
  });

  it("verified under an older connector version (a parser-only change): 409 until verified again", async () => {
    const id = await account();
    await verifyViaApi(id);
    const current = connectorVersion("spareroom");
    const row = await env.DB.prepare(
      "SELECT connector_version FROM account_verifications WHERE account_id = ?",
    )
      .bind(id)
      .first<{ connector_version: string }>();
    expect(row?.connector_version).toBe(current);
    // The same selectors, other parse/read code (connectors/parser-digests.ts before a parser change).
    const older = connectorVersionOf("spareroom", "0".repeat(64));
    expect(older.split("-")[0]).toBe(current.split("-")[0]);
    await env.DB.prepare("UPDATE account_verifications SET connector_version = ? WHERE account_id = ?")
      .bind(older, id)
      .run();
    const view = await json<Account>(await call("GET", `/api/platforms/${id}`, { as: AGENT }));
    expect(view.verification).toMatchObject({ state: "verified", autoSendAllowed: false });
    const refused = await call("PATCH", `/api/platforms/${id}`, {
      as: ADMIN,
      body: { sendMode: "auto_send" },
    });
    expect(refused.status).toBe(409);
    const err = (await json<ErrorJson>(refused)).error.details;
    expect(err?.reason).toMatch(/^The connector changed since this account was verified/);
    expect(err?.reason).toContain(older);
    expect(err?.action).toMatch(/Re-verify/);
    await verifyViaApi(id);
    expect(
      (await call("PATCH", `/api/platforms/${id}`, { as: ADMIN, body: { sendMode: "auto_send" } })).status,
    ).toBe(200);
  });
});
