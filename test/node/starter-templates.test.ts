// The starter templates as a fresh deployment gets them: the real migrations applied to a real
// SQLite, then every template read back and run through the same rules the API and the pipeline use.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { requiredVariables } from "../../domain/pipeline/compose.ts";
import { checkOutbound, composeReply } from "../../domain/pipeline/index.ts";
import { TEMPLATE_INTENTS_FOR } from "../../domain/pipeline/rules/templates.ts";
import { templateBodyProblems } from "../../domain/pipeline/template-rules.ts";

function freshDatabase(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  const dir = join(import.meta.dirname, "../../migrations");
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort())
    db.exec(readFileSync(join(dir, f), "utf8"));
  return db;
}

interface Row {
  id: string;
  intent: string;
  body: string;
  version: number;
  is_active: number;
  is_starter: number;
  account_id: string | null;
}

const db = freshDatabase();
const starters = db.prepare("SELECT * FROM templates WHERE is_starter = 1").all() as unknown as Row[];
const slots = [...new Set(Object.values(TEMPLATE_INTENTS_FOR).flat())];

describe("starter templates on a fresh database", () => {
  it("one active, global starter for every intent that has a template slot", () => {
    expect(starters.map((t) => t.intent).sort()).toEqual([...slots].sort());
    for (const t of starters) expect(t).toMatchObject({ is_active: 1, account_id: null, version: 1 });
  });

  it("the global default stays draft_only", () => {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'default_send_mode'").get() as {
      value: string;
    };
    expect(row.value).toBe("draft_only");
  });

  it.each(starters.map((t) => [t.intent, t] as const))("%s passes the template rules", (_, t) => {
    expect(templateBodyProblems(t.body)).toEqual([]);
  });

  it("only the templates that state a fact require it", () => {
    const required = Object.fromEntries(starters.map((t) => [t.intent, requiredVariables(t.body)]));
    expect(required).toEqual({
      tour_request: [],
      availability: ["available_from"],
      price_deposit: ["price"],
      pets: [],
      listing_question: [],
      nudge: [],
    });
  });

  const full = {
    title: "Sunny double room in Park Slope",
    price: "$1,450",
    area: "Park Slope, Brooklyn",
    availableFrom: "Dec 13",
    viewingLink: null,
  };
  it.each(starters.map((t) => [t.intent, t] as const))(
    "%s reads as a finished reply with the facts and without the optional ones",
    (_, t) => {
      const template = { id: t.id, intent: t.intent, body: t.body, version: t.version };
      const withFacts = composeReply(template, full, "jane doe");
      const bare = composeReply(
        template,
        { price: full.price, availableFrom: full.availableFrom },
        "user_123",
      );
      for (const r of [withFacts, bare]) {
        if (!r.ok) throw new Error(`did not render: ${r.missing.join(", ")}`);
        expect(checkOutbound(r.body)).toEqual([]);
        expect(r.body).not.toMatch(/\{|\}| {2}| [,.!?]|^Hi ,/);
      }
      expect(withFacts.ok && withFacts.body).toMatch(/^Hi Jane, /);
      expect(bare.ok && bare.body).toMatch(/^Hi, /);
    },
  );
});
