/**
 * Issue 22, finding 4 (docs/security.md, "A lead"): a failed query is logged by class, code and
 * query text, never with its bound parameters — neither a lead's words nor a credential.
 */
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../domain/db/client.ts";
import { describeUnexpected, errorFields } from "../../domain/error-fields.ts";
import { ADMIN, call, seedUsers } from "./helpers.ts";

const LEAD_TEXT = "Jane Roe here, the room sounds lovely for my daughter Maisie Roe";
const CREDENTIAL = env.LEASEBOT_ACCOUNT_SANDBOX_PASSWORD;

let lines: string[] = [];
beforeEach(async () => {
  await env.DB.exec("DELETE FROM users;");
  await seedUsers();
  lines = [];
  const capture = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  };
  vi.spyOn(console, "log").mockImplementation(capture);
  vi.spyOn(console, "error").mockImplementation(capture);
  vi.spyOn(console, "warn").mockImplementation(capture);
});
afterEach(() => vi.restoreAllMocks());

describe("a failed query in the logs", () => {
  it("the API's 500 logs the class and the query, not the lead text it bound", async () => {
    await env.DB.exec("ALTER TABLE templates RENAME TO templates_away");
    try {
      const res = await call("POST", "/api/templates", {
        as: ADMIN,
        body: { intent: "availability", name: "greeting", body: `${LEAD_TEXT} {{first_name}}` },
      });
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain("Jane Roe");
    } finally {
      await env.DB.exec("ALTER TABLE templates_away RENAME TO templates");
    }
    const logged = lines.filter((l) => l.includes('"api_error"'));
    expect(logged).toHaveLength(1);
    const entry = JSON.parse(logged[0]!) as Record<string, string>;
    expect(entry.errorClass).toBeTruthy();
    // A batch fails as D1's own error (no query text to give); a single query as drizzle's.
    expect(entry.query ?? entry.errorMessage).toContain("templates");
    for (const l of lines) {
      expect(l).not.toContain("Jane Roe");
      expect(l).not.toContain("Maisie");
    }
  });

  it("a query that binds a credential and fails is described without it", async () => {
    const err = await db(env.DB)
      .run(sql`INSERT INTO no_such_table (a, b) VALUES (${LEAD_TEXT}, ${CREDENTIAL})`)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).not.toBeNull();
    // What drizzle's own message carries: the reason this module exists.
    expect(String(err)).toContain(CREDENTIAL);
    const fields = JSON.stringify(errorFields(err));
    expect(fields).toContain("INSERT INTO no_such_table");
    expect(fields).not.toContain(CREDENTIAL);
    expect(fields).not.toContain("Jane Roe");
    // What a run stores as the failure's message (account errors, health, the panel).
    const stored = describeUnexpected(err);
    expect(stored).toContain("no_such_table");
    expect(stored).not.toContain(CREDENTIAL);
    expect(stored).not.toContain("Jane Roe");
  });
});
