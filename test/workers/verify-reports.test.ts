/**
 * The verify report in the panel's API (issue 23): each POST /api/platforms/:id/verify stores its
 * whole scrubbed report; GET …/verify-reports lists the runs (who, when, verdict, hash, connector
 * version) and GET …/verify-reports/:reportId|latest gives one report with every step and
 * selector. A seeded lead's name and words never reach the stored report; the stored JSON hashes
 * to the hash the verification records. Admin only; zod on params and query.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../domain/util/hash.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { ADMIN, AGENT, call, json, seedAccounts, seedUsers } from "./helpers.ts";

type Selector = { name: string; required: boolean; matched: string | null; count: number };
type Step = { step: string; pageClass: string; ms: number; selectors: Selector[]; parsed: unknown };
type Stored = {
  id: string;
  ranBy: string;
  ranAt: string;
  ok: boolean;
  reportHash: string;
  connectorVersion: string;
  report: { ok: boolean; steps: Step[]; requiredMissing: string[]; drift: unknown[] };
};
type ErrorJson = { error: { code: string; issues?: unknown[] } };

const NAME = "Zebulon Quartermaine";
const EMAIL = "zeb.quartermaine@example.org";
const PHONE = "415-555-0199";
const TEXT = `Hello, is the double room still free from March? Mail me at ${EMAIL} or ring ${PHONE}.`;

let n = 0;
async function account(platform: "spareroom" | "roomies" = "spareroom") {
  const id = `vr-${++n}-${Date.now()}`;
  await env.DB.exec("UPDATE platform_accounts SET is_active = 0");
  await seedAccounts([{ id, platform, label: id, baseUrl: siteOrigin(platform) }]);
  return id;
}

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 5 });
  await seedUsers();
});

describe("verify reports", () => {
  it("stores the whole report, without the seeded lead's details, and serves it to admins", async () => {
    const id = await account();
    const { threadId } = await sandbox.lead("spareroom", NAME, TEXT);
    const ran = await call("POST", `/api/platforms/${id}/verify`, { as: ADMIN });
    expect(ran.status).toBe(200);
    const posted = await json<{ reportId: string; reportHash: string; verification: { reportHash: string } }>(
      ran,
    );

    const latest = await json<Stored>(
      await call("GET", `/api/platforms/${id}/verify-reports/latest`, { as: ADMIN }),
    );
    expect(latest).toMatchObject({
      id: posted.reportId,
      ranBy: ADMIN,
      ok: true,
      reportHash: posted.reportHash,
    });
    expect(latest.reportHash).toBe(posted.verification.reportHash);
    // Every step, with its page class, timing and every selector's count.
    expect(latest.report.steps.map((s) => s.step)).toEqual(["login", "inbox", "thread", "listings"]);
    const inbox = latest.report.steps.find((s) => s.step === "inbox")!;
    expect(inbox.pageClass).toBe("inbox");
    expect(inbox.ms).toBeGreaterThanOrEqual(0);
    const rows = inbox.selectors.find((s) => s.name === "inbox.row")!;
    expect(rows.matched).not.toBeNull();
    expect(rows.count).toBeGreaterThan(0);
    // The seeded lead was on the pages the run read (as initials and a digest)…
    const parsedRows = (
      inbox.parsed as { rows: { threadId: string; lead: string; preview: { length: number } }[] }
    ).rows;
    expect(parsedRows.find((r) => r.threadId === threadId)).toMatchObject({ lead: "Z.Q." });
    const thread = latest.report.steps.find((s) => s.step === "thread")!;
    const message = (thread.parsed as { threadId: string; messages: { text: { length: number } }[] })
      .messages;
    expect((thread.parsed as { threadId: string }).threadId).toBe(threadId);
    expect(message[0]!.text.length).toBe(TEXT.length);

    // …and none of its details is in what D1 holds or the API answers.
    const row = await env.DB.prepare("SELECT report_json, report_hash FROM verify_reports WHERE id = ?")
      .bind(posted.reportId)
      .first<{ report_json: string; report_hash: string }>();
    expect(row!.report_hash).toBe(await sha256Hex(row!.report_json));
    const served = JSON.stringify(latest);
    for (const text of [row!.report_json, served])
      for (const secret of [
        NAME,
        "Zebulon",
        "Quartermaine",
        EMAIL,
        PHONE,
        TEXT.slice(0, 40),
        "demo-password",
      ])
        expect(text).not.toContain(secret);

    // A run that meets a changed thread page proposes candidates found by the lead's own words
    // and name: they point at elements, never quote them.
    await sandbox.fault({ platform: "spareroom", kind: "markup_drift", pages: ["thread"] });
    const drifted = await json<{ reportId: string }>(
      await call("POST", `/api/platforms/${id}/verify`, { as: ADMIN }),
    );
    const driftRow = await env.DB.prepare("SELECT report_json FROM verify_reports WHERE id = ?")
      .bind(drifted.reportId)
      .first<{ report_json: string }>();
    const driftReport = JSON.parse(driftRow!.report_json) as Stored["report"];
    expect(driftReport.ok).toBe(false);
    expect(driftReport.drift.length).toBeGreaterThan(0);
    for (const secret of [NAME, "Zebulon", "Quartermaine", EMAIL, PHONE, TEXT.slice(0, 40)])
      expect(driftRow!.report_json).not.toContain(secret);
    await sandbox.clearFaults();

    // One run by id; the history lists it.
    const byId = await call("GET", `/api/platforms/${id}/verify-reports/${posted.reportId}`, { as: ADMIN });
    expect((await json<Stored>(byId)).id).toBe(posted.reportId);
    const list = await json<{ items: Omit<Stored, "report">[] }>(
      await call("GET", `/api/platforms/${id}/verify-reports`, { as: ADMIN }),
    );
    expect(list.items.map((i) => i.id)).toEqual([drifted.reportId, posted.reportId]);
    expect(list.items[1]).toMatchObject({ ok: true, ranBy: ADMIN, reportHash: posted.reportHash });
    expect(list.items[0]).not.toHaveProperty("report");
  });

  it("keeps the history newest first, failing runs with their drift, and refuses bad requests", async () => {
    const id = await account("roomies");
    await call("POST", `/api/platforms/${id}/verify`, { as: ADMIN });
    await sandbox.fault({ platform: "roomies", kind: "markup_drift" });
    const failed = await json<{ reportId: string }>(
      await call("POST", `/api/platforms/${id}/verify`, { as: ADMIN }),
    );
    const list = await json<{ items: { id: string; ok: boolean }[] }>(
      await call("GET", `/api/platforms/${id}/verify-reports?limit=5`, { as: ADMIN }),
    );
    expect(list.items.map((i) => i.ok)).toEqual([false, true]);
    expect(list.items[0]!.id).toBe(failed.reportId);
    const latest = await json<Stored>(
      await call("GET", `/api/platforms/${id}/verify-reports/latest`, { as: ADMIN }),
    );
    expect(latest.report.requiredMissing).toContain("inbox/inbox.rows");
    const rows = latest.report.steps
      .find((s) => s.step === "inbox")!
      .selectors.find((s) => s.name === "inbox.rows")!;
    expect(rows).toMatchObject({ matched: null, count: 0, required: true });
    expect(latest.report.drift.length).toBeGreaterThan(0);

    expect((await call("GET", `/api/platforms/${id}/verify-reports`, { as: AGENT })).status).toBe(403);
    expect((await call("GET", `/api/platforms/${id}/verify-reports/latest`, { as: AGENT })).status).toBe(403);
    expect((await call("GET", "/api/platforms/no-such-account/verify-reports", { as: ADMIN })).status).toBe(
      404,
    );
    expect(
      (await call("GET", "/api/platforms/no-such-account/verify-reports/latest", { as: ADMIN })).status,
    ).toBe(404);
    const unknownRun = await call("GET", `/api/platforms/${id}/verify-reports/${crypto.randomUUID()}`, {
      as: ADMIN,
    });
    expect(unknownRun.status).toBe(404);
    for (const bad of [
      `/api/platforms/${id}/verify-reports/not-a-run`,
      `/api/platforms/${id}/verify-reports?limit=0`,
    ]) {
      const res = await call("GET", bad, { as: ADMIN });
      expect(res.status).toBe(400);
      expect((await json<ErrorJson>(res)).error.issues?.length).toBeGreaterThan(0);
    }
  });
});
