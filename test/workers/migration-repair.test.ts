/**
 * 0008_starter_templates_repair.sql on the local D1: a database that applied the FIRST version of
 * 0003_starter_templates.sql (test/fixtures/migrations/0003_starter_templates.v1.sql, as it was at
 * commit 7e2eeec) ends with today's starter templates; a starter a person edited is left alone;
 * running it on a database that already has today's 0003 changes nothing.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import firstVersion from "../fixtures/migrations/0003_starter_templates.v1.sql?raw";

interface Template {
  id: string;
  body: string;
  version: number;
  is_active: number;
  updated_by: string;
}

const repair = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0008_"));
const starters = async () =>
  (
    await env.DB.prepare(
      "SELECT id, body, version, is_active, updated_by FROM templates WHERE is_starter = 1 ORDER BY id",
    ).all<Template>()
  ).results;
const byId = (rows: Template[]) => Object.fromEntries(rows.map((r) => [r.id, r]));

async function applyRepair() {
  await env.DB.batch(repair!.queries.map((q) => env.DB.prepare(q)));
}

// 0016 later rewrites the unedited viewing, availability, listing-question and follow-up starters and
// 0017 the pets one; such a database runs them after 0008 as any other.
const laterUpdates = env.TEST_MIGRATIONS.filter(
  (m) => m.name.startsWith("0016_") || m.name.startsWith("0017_"),
);
async function applyLaterStarterUpdates() {
  expect(laterUpdates).toHaveLength(2);
  for (const m of laterUpdates) await env.DB.batch(m.queries.map((q) => env.DB.prepare(q)));
}

/** The starter rows exactly as the first 0003 inserted them (its INSERT; the columns it added exist). */
async function asAfterFirst0003() {
  const insert = /INSERT OR IGNORE INTO templates[\s\S]*?\);\s*$/m.exec(firstVersion)?.[0];
  expect(insert).toBeDefined();
  // Only the rows the first 0003 wrote: a later migration's own starters stay as they are.
  const ids = [...insert!.matchAll(/\('(starter-[a-z_]+)'/g)].map((m) => m[1]!);
  expect(ids).toHaveLength(6);
  await env.DB.prepare(`DELETE FROM templates WHERE id IN (${ids.map(() => "?").join(", ")})`)
    .bind(...ids)
    .run();
  await env.DB.prepare(insert!).run();
}

let today: Record<string, Template>;
beforeEach(async () => {
  today ??= byId(await starters());
});

describe("0008 repairs a database that ran the first 0003", () => {
  it("is among the migrations and today's 0003 already has the rent sentence", () => {
    expect(repair).toBeDefined();
    expect(today["starter-tour_request"]!.body).toContain("{{#price}} The rent is {{price}}.{{/price}}");
  });

  it("brings the untouched first-version starter to today's body, one version up; the others are unchanged", async () => {
    await asAfterFirst0003();
    const before = byId(await starters());
    expect(before["starter-tour_request"]!.body).not.toBe(today["starter-tour_request"]!.body);
    await applyRepair();
    await applyLaterStarterUpdates();
    const after = byId(await starters());
    // One version up for 0008's repair, one more for 0016's rewrite.
    expect(after["starter-tour_request"]).toMatchObject({
      body: today["starter-tour_request"]!.body,
      version: 3,
      is_active: 1,
      updated_by: "system:migration",
    });
    for (const id of Object.keys(today).filter((i) => i !== "starter-tour_request"))
      expect(after[id]!.body).toBe(today[id]!.body);
  });

  it("leaves a starter a person edited as it is, and keeps a switched-off starter off", async () => {
    await asAfterFirst0003();
    await env.DB.prepare(
      "UPDATE templates SET body = 'Hi {{first_name}}, our own words', version = 2, updated_by = 'admin@example.com' WHERE id = 'starter-tour_request'",
    ).run();
    await applyRepair();
    expect(byId(await starters())["starter-tour_request"]).toMatchObject({
      body: "Hi {{first_name}}, our own words",
      version: 2,
      updated_by: "admin@example.com",
    });

    await asAfterFirst0003();
    await env.DB.prepare("UPDATE templates SET is_active = 0 WHERE id = 'starter-tour_request'").run();
    await applyRepair();
    await applyLaterStarterUpdates();
    expect(byId(await starters())["starter-tour_request"]).toMatchObject({
      body: today["starter-tour_request"]!.body,
      is_active: 0,
    });
  });

  it("changes nothing on a database that ran today's 0003, however often it runs", async () => {
    await env.DB.prepare("DELETE FROM templates WHERE is_starter = 1").run();
    for (const t of Object.values(today))
      await env.DB.prepare(
        "INSERT INTO templates (id, account_id, intent, name, body, version, is_active, is_starter, created_at, updated_at, updated_by) SELECT ?, NULL, 'x', 'x', ?, ?, ?, 1, 'c', 'u', ?",
      )
        .bind(t.id, t.body, t.version, t.is_active, t.updated_by)
        .run();
    await applyRepair();
    await applyRepair();
    expect(byId(await starters())).toEqual(today);
  });
});
