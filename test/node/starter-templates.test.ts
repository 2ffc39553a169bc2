// The starter templates as a fresh deployment gets them: the real migrations applied to a real
// SQLite, then every template read back and run through the same rules the API and the pipeline use.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { requiredVariables } from "../../domain/pipeline/compose.ts";
import { decide } from "../../domain/pipeline/decide.ts";
import { checkOutbound, composeReply } from "../../domain/pipeline/index.ts";
import { TEMPLATE_INTENTS_FOR } from "../../domain/pipeline/rules/templates.ts";
import { asksForStated, statedFacts } from "../../domain/pipeline/stated-facts.ts";
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
    // 0017 rewrote the pets starter once and 0016 the four that ask when the lead can view (they
    // ask only for what the lead has not said); the rent starter is still 0003's.
    for (const t of starters)
      expect(t).toMatchObject({
        is_active: 1,
        account_id: null,
        version: t.intent === "price_deposit" ? 1 : 2,
      });
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

describe("starter replies never ask for what the lead already said", () => {
  const listing = {
    title: "Sunny double room in Park Slope",
    price: "$1,450",
    area: "Park Slope, Brooklyn",
    availableFrom: "Dec 13",
    viewingLink: null,
  };
  const decideWithStarters = (text: string) =>
    decide({
      now: "2026-12-07T00:00:00.000Z",
      message: { text, leadName: "Jane Doe" },
      conversation: { hasPriorOutbound: false, optedOut: false, paused: false },
      account: { isActive: true, effectiveSendMode: "auto_send" },
      listing,
      templates: starters.map((t) => ({ id: t.id, intent: t.intent, body: t.body, version: t.version })),
    });

  it.each([
    ["I have a 3-year-old cat, is that ok?", "Could you tell me the size of your cat?"],
    ["Can I bring my small dog?", "Could you tell me the age of your dog?"],
    ["Do you accept pets? I have a 2 year old golden retriever", "Could you tell me the size of your dog?"],
    [
      "Hiya, are pets allowed? I've got two guinea pigs",
      "Could you tell me the age and size of your guinea pigs?",
    ],
    ["Is a 10 year old cat ok? She is small and sleeps all day", "thanks for telling me about your cat"],
  ])("%s", (text, asks) => {
    const d = decideWithStarters(text);
    expect(d.intent).toBe("pets");
    expect(d.reason).toBe("auto_send_eligible");
    const body = d.reply?.body ?? "";
    expect(body.toLowerCase()).toContain(asks.toLowerCase());
    expect(body).not.toMatch(/what kind of pet/i);
    if (statedFacts(text).lead_pet_age) expect(body).not.toMatch(/\bage\b/i);
    if (statedFacts(text).lead_pet_size) expect(body).not.toMatch(/\bsize\b/i);
  });

  it("a lead who said nothing about their pet gets 0003's reply word for word", () => {
    const d = decideWithStarters("Are pets allowed?");
    expect(d.reply?.body).toBe(
      "Hi Jane, thanks for asking about pets. Whether a pet can move in depends on the landlord and the building, so could you tell me what kind of pet you have, and its age and size? That will help me give you a clear answer.",
    );
  });
});

describe("0017 updates the pets starter only where an admin has not edited it", () => {
  function upTo(last: string): DatabaseSync {
    const db = new DatabaseSync(":memory:");
    const dir = join(import.meta.dirname, "../../migrations");
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith(".sql") && f < last)
      .sort())
      db.exec(readFileSync(join(dir, f), "utf8"));
    return db;
  }
  const migration = readFileSync(
    join(import.meta.dirname, "../../migrations/0017_pets_template_stated_facts.sql"),
    "utf8",
  );
  const pets = (db: DatabaseSync) =>
    db
      .prepare("SELECT body, version, is_active, updated_by FROM templates WHERE id = 'starter-pets'")
      .get() as {
      body: string;
      version: number;
      is_active: number;
      updated_by: string;
    };

  it("an unedited starter gets the new body, one version up; a switched-off one stays off", () => {
    const db = upTo("0017");
    db.exec("UPDATE templates SET is_active = 0 WHERE id = 'starter-pets'");
    const before = pets(db);
    expect(before.body).toContain("what kind of pet you have");
    db.exec(migration);
    const after = pets(db);
    expect(after.body).toContain("{{#lead_pet}}");
    expect(after).toMatchObject({
      version: before.version + 1,
      is_active: 0,
      updated_by: "system:migration",
    });
  });

  it("an admin's edited body is left as it is", () => {
    const db = upTo("0017");
    db.exec(
      "UPDATE templates SET body = 'Pets are welcome here!', version = 2, updated_by = 'admin@example.com' WHERE id = 'starter-pets'",
    );
    db.exec(migration);
    expect(pets(db)).toMatchObject({
      body: "Pets are welcome here!",
      version: 2,
      updated_by: "admin@example.com",
    });
  });
});

describe("0016: starters that ask when the lead can view acknowledge a time the lead already gave", () => {
  const listing = {
    title: "Sunny double room in Park Slope",
    price: "$1,450",
    area: "Park Slope, Brooklyn",
    availableFrom: "Dec 13",
    viewingLink: null,
  };
  const starter = (intent: string) => {
    const t = starters.find((s) => s.intent === intent);
    if (!t) throw new Error(`no ${intent} starter`);
    return { id: t.id, intent: t.intent, body: t.body, version: t.version };
  };
  const render = (intent: string, text: string, viewingLink: string | null = null) => {
    const r = composeReply(starter(intent), { ...listing, viewingLink }, "Jane Doe", statedFacts(text));
    if (!r.ok) throw new Error(`did not render: ${r.missing.join(", ")}`);
    return r.body;
  };
  const ASKS_WHEN = /which days|what days|which times|send me a couple of options/i;

  it.each([
    ["tour_request", "Can I see it Saturday morning?", "Saturday morning"],
    ["availability", "Is it still available? I'm free after 6pm on weekdays", "weekdays after 6pm"],
    ["listing_question", "Is it furnished? Could I view it tomorrow at 3?", "tomorrow at 3"],
    ["nudge", "Hello? Still keen to see it this weekend", "this weekend"],
  ])("%s: %s", (intent, text, when) => {
    const body = render(intent, text);
    expect(body).not.toMatch(ASKS_WHEN);
    expect(body).toContain(`mentioned ${when}`);
    expect(body).toMatch(/confirm a (viewing )?time with you shortly/);
    expect(checkOutbound(body)).toEqual([]);
    expect(asksForStated(body, statedFacts(text))).toEqual([]);
  });

  it("the availability starter keeps the booking link beside the acknowledgement", () => {
    const body = render("availability", "I'm free Saturday afternoon", "https://example.com/book");
    expect(body).toContain("You mentioned Saturday afternoon for a viewing");
    expect(body).toContain("book one here: https://example.com/book.");
  });

  it.each([
    [
      "tour_request",
      "Hi Jane, thanks for your message about Sunny double room in Park Slope! I'd be happy to show you the place. The rent is $1,450. Which days and times would suit you? Send me a couple of options and I'll confirm one. It's available from Dec 13.",
    ],
    [
      "availability",
      "Hi Jane, thanks for asking! Sunny double room in Park Slope is available from Dec 13, at $1,450. If you'd like to see it, let me know which days and times suit you.",
    ],
    [
      "listing_question",
      "Hi Jane, thanks for your interest in Sunny double room in Park Slope! It's in Park Slope, Brooklyn. The rent is $1,450 and it's available from Dec 13. The best way to get a feel for the place is to see it: which days and times would suit you for a viewing?",
    ],
    [
      "nudge",
      "Hi Jane, thanks for following up, and sorry for the wait! I'm happy to help with Sunny double room in Park Slope. Would you like to arrange a viewing? Let me know which days and times suit you.",
    ],
  ])("%s: a lead who named no time gets 0003's reply word for word", (intent, old) => {
    expect(render(intent, "Is the room still available? I move on Monday the 1st.")).toBe(old);
  });
});

describe("0016 updates those starters only where an admin has not edited them", () => {
  const before = new DatabaseSync(":memory:");
  const dir = join(import.meta.dirname, "../../migrations");
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith(".sql") && f < "0016")
    .sort())
    before.exec(readFileSync(join(dir, f), "utf8"));
  const ids = ["starter-tour_request", "starter-availability", "starter-listing_question", "starter-nudge"];
  before.exec("UPDATE templates SET is_active = 0 WHERE id = 'starter-nudge'");
  before.exec(
    "UPDATE templates SET body = 'Come and see it!', version = 3, updated_by = 'admin@example.com' WHERE id = 'starter-availability'",
  );
  const read = () =>
    Object.fromEntries(
      ids.map((id) => [
        id,
        before.prepare("SELECT body, version, is_active, updated_by FROM templates WHERE id = ?").get(id) as {
          body: string;
          version: number;
          is_active: number;
          updated_by: string;
        },
      ]),
    );
  const old = read();
  before.exec(readFileSync(join(dir, "0016_viewing_time_stated_facts.sql"), "utf8"));
  const after = read();

  it.each(["starter-tour_request", "starter-listing_question", "starter-nudge"])(
    "%s: unedited, gets the new body one version up (a switched-off one stays off)",
    (id) => {
      expect(old[id]?.body).not.toContain("lead_viewing_when");
      expect(after[id]?.body).toContain("{{#lead_viewing_when}}");
      expect(after[id]).toMatchObject({
        version: (old[id]?.version ?? 0) + 1,
        is_active: old[id]?.is_active,
        updated_by: "system:migration",
      });
    },
  );

  it("an admin's edited body is left as it is", () => {
    expect(after["starter-availability"]).toEqual(old["starter-availability"]);
  });
});
