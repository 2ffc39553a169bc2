/**
 * The decision benchmark's run: every labelled message through the decide path the Worker uses —
 * buildDecisionInput → decide() → finalOutcome, from domain/decide/decision-step.ts and
 * domain/pipeline — under `auto_send`, with the templates a fresh deployment has and complete
 * listing facts; and the figures and verdicts computed from the rows (bench-decisions-report.ts
 * writes them, bench-decisions.ts gates on them).
 */
import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { buildDecisionInput, type DecisionContext, finalOutcome } from "../domain/decide/decision-step.ts";
import {
  classifyIntent,
  type Decision,
  decide,
  type ListingFacts,
  normalizeMessage,
  type Template,
} from "../domain/pipeline/index.ts";
import { type CorpusEntry, groupOf } from "../test/corpus/corpus.ts";

const NOW = new Date("2025-08-04T12:00:00.000Z");
const VIEWING_LINK = "https://calendly.com/harbor-lettings/viewing";

/** Targets (issue 26): none risky sent on either set; held-out automation at least this share. */
export const HELD_OUT_AUTOMATION_TARGET = 0.92;

function parseCovers(raw: unknown): string[] | null {
  if (typeof raw !== "string") return null;
  const parsed: unknown = JSON.parse(raw);
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : null;
}

/**
 * The templates a fresh deployment has: the real migrations applied to an in-memory SQLite and the
 * active global templates read back — the starter templates (migrations/0003), one per template
 * intent. The Worker picks the same ones for an account without templates of its own
 * (loadAccountTemplates in domain/decide/decision-facts.ts).
 */
function freshDeploymentTemplates(): Template[] {
  const db = new DatabaseSync(":memory:");
  const dir = new URL("../migrations/", import.meta.url);
  for (const f of readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort())
    db.exec(readFileSync(new URL(f, dir), "utf8"));
  const rows = db
    .prepare(
      "SELECT id, intent, body, version, covers FROM templates WHERE is_active = 1 AND account_id IS NULL ORDER BY intent, version DESC, id",
    )
    .all() as unknown as (Omit<Template, "covers"> & { covers: unknown })[];
  db.close();
  const templates = rows.map((r) => ({ ...r, covers: parseCovers(r.covers) }));
  // Latest version per intent, as selectTemplate would pick.
  return templates.filter((t, i) => templates.findIndex((r) => r.intent === t.intent) === i);
}

export const TEMPLATES = freshDeploymentTemplates();

const LISTINGS: Record<CorpusEntry["site"], ListingFacts> = {
  spareroom: {
    title: "Sunny double room",
    price: "£850 per month, bills included",
    availableFrom: "1 September",
    area: "Clapham",
    viewingLink: VIEWING_LINK,
  },
  roomies: {
    title: "Private room in a 3BR",
    price: "$1,150 per month",
    availableFrom: "September 1",
    area: "Bushwick",
    viewingLink: VIEWING_LINK,
  },
  leasebreak: {
    title: "Lease takeover: 1BR on East 30th",
    price: "$3,100 per month",
    availableFrom: "October 1",
    area: "Kips Bay",
    viewingLink: VIEWING_LINK,
  },
  renthop: {
    title: "245 E 30th St #3B",
    price: "$3,250 per month, no fee",
    availableFrom: "September 15",
    area: "Murray Hill",
    viewingLink: VIEWING_LINK,
  },
  furnishedfinder: {
    title: "Furnished studio near Mercy Hospital",
    price: "$2,400 per month, utilities included",
    availableFrom: "September 9",
    area: "Midtown",
    viewingLink: VIEWING_LINK,
  },
};

export interface Row {
  entry: CorpusEntry;
  decision: Decision;
  action: string;
  reason: string;
  readIntent: string;
  ms: number;
}

export function contextFor(
  entry: Pick<CorpusEntry, "site" | "lead" | "priorOutbound" | "optedOut">,
): DecisionContext {
  return {
    platform: entry.site,
    siteOrigin: null,
    account: { isActive: true, effectiveSendMode: "auto_send" },
    conversation: {
      leadName: entry.lead,
      paused: false,
      hasPriorOutbound: entry.priorOutbound ?? false,
      optedOut: entry.optedOut ?? false,
    },
    listing: LISTINGS[entry.site],
    templates: TEMPLATES,
  };
}

export function decideText(
  entry: Pick<CorpusEntry, "site" | "lead" | "priorOutbound" | "optedOut" | "text">,
) {
  return decide(buildDecisionInput(contextFor(entry), { text: entry.text, now: NOW, modelResult: null }));
}

export function decideEntry(entry: CorpusEntry): Row {
  const started = performance.now();
  const decision = decideText(entry);
  const ms = performance.now() - started;
  // Each corpus message is the newest of its thread, fresh, with nothing flagged before it.
  const outcome = finalOutcome(decision, { isNewest: true, earlierFlagged: false, stale: false });
  // The intent the rules read: the decision's, or — when a check stopped it before classification —
  // what the classifier reads in the same normalized text.
  const readIntent =
    decision.intent !== "unknown"
      ? decision.intent
      : classifyIntent(normalizeMessage(entry.text).text, { hasPriorOutbound: entry.priorOutbound ?? false })
          .intent;
  return { entry, decision, action: outcome.action, reason: outcome.reason, readIntent, ms };
}

export function asLabelled(r: Row): boolean {
  if (r.entry.expect === "answer") return r.action === "send";
  if (r.entry.expect === "person") return r.action === "review" || r.action === "draft";
  return r.action === "suppressed";
}

/** Every figure of one set, computed from its rows. */
export function figuresOf(rows: readonly Row[]) {
  const ordinary = rows.filter((r) => r.entry.expect === "answer");
  const mustNotSend = rows.filter((r) => r.entry.expect !== "answer");
  const persons = rows.filter((r) => r.entry.expect === "person");
  const optOuts = rows.filter((r) => r.entry.expect === "no_reply");
  const riskyGroup = rows.filter((r) => groupOf(r.entry.category) === "risky" && r.entry.expect === "person");
  const toPerson = (r: Row) => r.action === "review" || r.action === "draft";
  return {
    total: rows.length,
    ordinary,
    ordinarySent: ordinary.filter((r) => r.action === "send"),
    mustNotSend,
    riskySent: mustNotSend.filter((r) => r.action === "send"),
    persons,
    personsToPerson: persons.filter(toPerson),
    riskyGroup,
    riskyGroupToPerson: riskyGroup.filter(toPerson),
    optOuts,
    optOutsMissed: optOuts.filter((r) => r.action !== "suppressed"),
    composed: rows.filter((r) => r.action === "send" && (r.decision.reply?.composedFrom?.length ?? 0) > 1),
    withLeadContacts: rows.filter((r) => r.action === "send" && r.decision.leadContacts.length > 0),
  };
}
export type Figures = ReturnType<typeof figuresOf>;

/** The gate's verdicts, each computed from the figures. */
export function verdictsOf(training: Figures, heldOut: Figures) {
  const heldOutRate =
    heldOut.ordinary.length === 0 ? 0 : heldOut.ordinarySent.length / heldOut.ordinary.length;
  const checks = [
    { name: "no risky message answered automatically (training)", pass: training.riskySent.length === 0 },
    { name: "no risky message answered automatically (held-out)", pass: heldOut.riskySent.length === 0 },
    {
      name: `held-out automation of ordinary messages ≥ ${Math.round(HELD_OUT_AUTOMATION_TARGET * 100)} %`,
      pass: heldOutRate >= HELD_OUT_AUTOMATION_TARGET,
    },
    { name: "every opt-out suppressed (training)", pass: training.optOutsMissed.length === 0 },
    { name: "every opt-out suppressed (held-out)", pass: heldOut.optOutsMissed.length === 0 },
  ];
  return { checks, pass: checks.every((c) => c.pass), heldOutRate };
}
export type Verdicts = ReturnType<typeof verdictsOf>;

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

// Inputs built to make regular expressions backtrack: 20,000 characters (the raw cap) of one unit.
const ADVERSARIAL_UNITS = [
  "a",
  "a.",
  "a-",
  "1-",
  "1 ",
  "<",
  "<a ",
  "{{",
  "${",
  "@",
  "a@",
  "http://",
  "On 1 ",
  "é",
  "a b ",
  "'",
  "> ",
  "I'm ",
  "my dog is 1, ",
];

export function adversarialTimings(): { unit: string; ms: number }[] {
  return ADVERSARIAL_UNITS.map((unit) => {
    const text = unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
    const entry = { site: "spareroom", lead: "Jane Doe", text } as const;
    decideText(entry); // warm up the regular expressions once
    const started = performance.now();
    decideText(entry);
    return { unit, ms: performance.now() - started };
  });
}
