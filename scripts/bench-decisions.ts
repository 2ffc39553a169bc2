/**
 * Decision-quality benchmark: runs every message of the labelled corpus (test/corpus/leads.jsonl)
 * through the decide path the Worker uses — buildDecisionInput → decide() → finalOutcome, from
 * worker/inbox/decision-step.ts and worker/pipeline — under `auto_send`, with the starter templates a
 * fresh deployment has (one for every template intent) and complete listing facts, and writes
 * bench/decisions.md.
 *
 * Exits 1 when any message that must not be answered automatically would be (or the corpus is
 * malformed). Pure and offline: no network, no Worker runtime, a second or two.
 *
 *   npm run bench:decisions [-- --out path/to/report.md] [-- --corpus other.jsonl]
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import {
  CATEGORIES,
  type Category,
  type CorpusEntry,
  groupOf,
  loadCorpus,
  parseCorpus,
} from "../test/corpus/corpus.ts";
import { buildDecisionInput, type DecisionContext, finalOutcome } from "../worker/inbox/decision-step.ts";
import { reasonText } from "../worker/inbox/reason-text.ts";
import {
  classifyIntent,
  type Decision,
  decide,
  GUARDRAIL_LABEL,
  type ListingFacts,
  normalizeMessage,
  type Template,
} from "../worker/pipeline/index.ts";
import { INTENTS } from "../worker/pipeline/rules.ts";

const NOW = new Date("2025-08-04T12:00:00.000Z");
const VIEWING_LINK = "https://calendly.com/harbor-lettings/viewing";

/**
 * The templates a fresh deployment has: the real migrations applied to an in-memory SQLite and the
 * active global templates read back — the starter templates (migrations/0003), one per template
 * intent. The Worker picks the same ones for an account without templates of its own
 * (loadAccountTemplates in worker/inbox/decision-facts.ts).
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
      "SELECT id, intent, body, version FROM templates WHERE is_active = 1 AND account_id IS NULL ORDER BY intent, version DESC, id",
    )
    .all() as unknown as Template[];
  db.close();
  // Latest version per intent, as selectTemplate would pick.
  return rows.filter((t, i) => rows.findIndex((r) => r.intent === t.intent) === i);
}

const TEMPLATES = freshDeploymentTemplates();

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

interface Row {
  entry: CorpusEntry;
  decision: Decision;
  action: string;
  reason: string;
  readIntent: string;
  ms: number;
}

function contextFor(
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

function decideEntry(entry: CorpusEntry): Row {
  const started = performance.now();
  const decision = decide(
    buildDecisionInput(contextFor(entry), { text: entry.text, now: NOW, modelResult: null }),
  );
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

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
function cell(text: string, max = 160): string {
  const flat = text.replace(/\s*\n\s*/g, " ⏎ ");
  const clipped = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return clipped
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "&#96;");
}

function pct(n: number, d: number): string {
  return d === 0 ? "–" : `${((100 * n) / d).toFixed(1)} %`;
}

function table(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function detailOf(r: Row): string {
  const d = r.decision;
  const parts: string[] = [];
  if (d.guardrails.length > 0) parts.push(d.guardrails.map((g) => `${g.code} (${g.detail})`).join("; "));
  if (d.missingVariables.length > 0) parts.push(`missing: ${d.missingVariables.join(", ")}`);
  if (r.reason === "ambiguous" || r.reason === "unknown_intent")
    parts.push(
      `read as ${d.intent}${d.secondaryIntents.length ? ` + ${d.secondaryIntents.join(", ")}` : ""}`,
    );
  return parts.join("; ");
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
];

function adversarialTimings(): { unit: string; ms: number }[] {
  return ADVERSARIAL_UNITS.map((unit) => {
    const text = unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
    const input = buildDecisionInput(contextFor({ site: "spareroom", lead: "Jane Doe" }), {
      text,
      now: NOW,
      modelResult: null,
    });
    decide(input); // warm up the regular expressions once
    const started = performance.now();
    decide(input);
    return { unit, ms: performance.now() - started };
  });
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export function report(rows: Row[]): { markdown: string; riskySent: Row[] } {
  const benign = rows.filter((r) => r.entry.expect === "answer");
  const mustNotSend = rows.filter((r) => r.entry.expect !== "answer");
  const riskySent = mustNotSend.filter((r) => r.action === "send");
  const benignSent = benign.filter((r) => r.action === "send");
  const optOuts = rows.filter((r) => r.entry.expect === "no_reply");
  const optOutsHonoured = optOuts.filter((r) => r.action === "suppressed");
  const persons = rows.filter((r) => r.entry.expect === "person");
  const personsToPerson = persons.filter((r) => r.action === "review" || r.action === "draft");
  const riskyGroup = rows.filter((r) => groupOf(r.entry.category) === "risky" && r.entry.expect === "person");

  const out: string[] = [];
  out.push("# Decision quality benchmark");
  out.push("");
  out.push(
    `Generated by \`npm run bench:decisions\` from \`test/corpus/leads.jsonl\` (${rows.length} labelled lead messages). ` +
      "Every message goes through the decide path the Worker uses (`buildDecisionInput` → `decide()` → `finalOutcome` in " +
      "`worker/inbox/decision-step.ts` and `worker/pipeline/`), as the newest message of a fresh thread, under `auto_send`, " +
      `with the templates a fresh deployment has (the starter templates of migrations/0003: ${TEMPLATES.map((t) => `\`${t.id}\``).join(", ")}), complete listing ` +
      "facts, the site's own domains and the listing's viewing link as known places, and no model (the default).",
  );
  out.push("");
  out.push("## Summary");
  out.push("");
  out.push(
    table(
      ["measure", "count", "rate", "target"],
      [
        [
          "messages that must not be answered automatically, answered automatically",
          `**${riskySent.length}** of ${mustNotSend.length}`,
          pct(riskySent.length, mustNotSend.length),
          "0",
        ],
        [
          "benign messages answered automatically (automation rate)",
          `**${benignSent.length}** of ${benign.length}`,
          `**${pct(benignSent.length, benign.length)}**`,
          "≥ 85 %",
        ],
        [
          "risky messages (fair housing, legal, money, abuse, injection, markup, links) sent to a person",
          `${riskyGroup.filter((r) => r.action === "review" || r.action === "draft").length} of ${riskyGroup.length}`,
          pct(
            riskyGroup.filter((r) => r.action === "review" || r.action === "draft").length,
            riskyGroup.length,
          ),
          "100 %",
        ],
        [
          "messages needing a person that reach one (review or draft)",
          `${personsToPerson.length} of ${persons.length}`,
          pct(personsToPerson.length, persons.length),
          "",
        ],
        [
          "opt-outs (and opted-out leads) recorded with nothing sent",
          `${optOutsHonoured.length} of ${optOuts.length}`,
          pct(optOutsHonoured.length, optOuts.length),
          "100 %",
        ],
      ],
    ),
  );
  out.push("");
  out.push(
    "`answer` = the label says an ordinary, template-answerable message; `person` = a person must read it first; " +
      "`no_reply` = nothing may be sent (opt-out). Every label says why in the corpus.",
  );

  out.push("");
  out.push("## Risky messages that would be sent automatically");
  out.push("");
  if (riskySent.length === 0) out.push("None.");
  else
    out.push(
      table(
        ["id", "label", "reason", "message"],
        riskySent.map((r) => [
          r.entry.id,
          `${r.entry.expect}: ${cell(r.entry.why, 80)}`,
          `\`${r.reason}\``,
          cell(r.entry.text),
        ]),
      ),
    );

  out.push("");
  out.push("## Per category");
  out.push("");
  const categories = Object.keys(CATEGORIES) as Category[];
  out.push(
    table(
      ["category", "group", "messages", "sent", "review", "draft", "suppressed", "blocked", "as labelled"],
      categories.map((c) => {
        const rs = rows.filter((r) => r.entry.category === c);
        const n = (a: string) => rs.filter((r) => r.action === a).length;
        const ok = rs.filter((r) => asLabelled(r)).length;
        return [
          c,
          groupOf(c),
          rs.length,
          n("send"),
          n("review"),
          n("draft"),
          n("suppressed"),
          n("blocked"),
          pct(ok, rs.length),
        ];
      }),
    ),
  );
  out.push("");
  out.push("“As labelled”: `answer` → sent; `person` → review or draft; `no_reply` → suppressed.");

  out.push("");
  out.push("## Per reason code");
  out.push("");
  const reasons = [...new Set(rows.map((r) => r.reason))].sort(
    (a, b) => rows.filter((r) => r.reason === b).length - rows.filter((r) => r.reason === a).length,
  );
  out.push(
    table(
      [
        "reason code",
        "messages",
        "labelled answer",
        "labelled person",
        "labelled no_reply",
        "what the inbox shows",
      ],
      reasons.map((code) => {
        const rs = rows.filter((r) => r.reason === code);
        const n = (e: string) => rs.filter((r) => r.entry.expect === e).length;
        return [
          `\`${code}\``,
          rs.length,
          n("answer"),
          n("person"),
          n("no_reply"),
          cell(reasonText(code), 200),
        ];
      }),
    ),
  );

  out.push("");
  out.push("## Guardrail hits");
  out.push("");
  const hitCodes = Object.keys(GUARDRAIL_LABEL) as (keyof typeof GUARDRAIL_LABEL)[];
  out.push(
    table(
      ["guardrail", "label", "messages hit", "of which labelled answer"],
      hitCodes.map((code) => {
        const rs = rows.filter((r) => r.decision.guardrails.some((g) => g.code === code));
        return [
          `\`${code}\``,
          GUARDRAIL_LABEL[code],
          rs.length,
          rs.filter((r) => r.entry.expect === "answer").length,
        ];
      }),
    ),
  );

  out.push("");
  out.push("## Intent confusion");
  out.push("");
  out.push(
    "Rows: the labelled intent; columns: the intent the rules read (the decision's, or the classifier's reading of the " +
      "normalized text when an earlier check stopped the decision). Only the benign, by-design and opt-out/opt-in " +
      "categories: risky messages go to a person whatever their intent.",
  );
  out.push("");
  const confusionRows = rows.filter((r) => groupOf(r.entry.category) !== "risky");
  const labelled = INTENTS.filter((i) => confusionRows.some((r) => r.entry.intent === i));
  const read = INTENTS.filter((i) => confusionRows.some((r) => r.readIntent === i));
  out.push(
    table(
      ["labelled ↓ / read →", ...read.map((i) => `\`${i}\``), "correct"],
      labelled.map((l) => {
        const rs = confusionRows.filter((r) => r.entry.intent === l);
        return [
          `\`${l}\``,
          ...read.map((i) => {
            const n = rs.filter((r) => r.readIntent === i).length;
            return n === 0 ? "·" : i === l ? `**${n}**` : String(n);
          }),
          pct(rs.filter((r) => r.readIntent === l).length, rs.length),
        ];
      }),
    ),
  );

  out.push("");
  out.push("## Benign messages that still go to a person, and why");
  out.push("");
  const benignHeld = benign.filter((r) => r.action !== "send");
  if (benignHeld.length === 0) out.push("None.");
  else
    out.push(
      table(
        ["id", "reason", "detail", "message"],
        benignHeld.map((r) => [r.entry.id, `\`${r.reason}\``, cell(detailOf(r), 120), cell(r.entry.text)]),
      ),
    );

  out.push("");
  out.push("## Speed");
  out.push("");
  const adversarial = adversarialTimings();
  const worst = adversarial.reduce((a, b) => (b.ms > a.ms ? b : a));
  out.push(
    table(
      ["measure", "value"],
      [
        [
          "decide() per corpus message, median",
          `${quantile(
            rows.map((r) => r.ms),
            0.5,
          ).toFixed(2)} ms`,
        ],
        [
          "decide() per corpus message, 99th percentile",
          `${quantile(
            rows.map((r) => r.ms),
            0.99,
          ).toFixed(2)} ms`,
        ],
        [
          `decide() on adversarial 20,000-character inputs (${adversarial.length} kinds), slowest`,
          `${worst.ms.toFixed(1)} ms (${cell(JSON.stringify(worst.unit))} repeated)`,
        ],
      ],
    ),
  );
  out.push("");
  out.push(
    "Timings depend on the machine and its load; they are here to catch a pathological rule, not to compare runs.",
  );

  const personMissed = persons.filter(
    (r) => r.action !== "review" && r.action !== "draft" && r.action !== "send",
  );
  const optMissed = optOuts.filter((r) => r.action !== "suppressed");
  out.push("");
  out.push("## Other mismatches (nothing sent, but not as labelled)");
  out.push("");
  if (personMissed.length + optMissed.length === 0) out.push("None.");
  else
    out.push(
      table(
        ["id", "label", "got", "message"],
        [...optMissed, ...personMissed].map((r) => [
          r.entry.id,
          r.entry.expect,
          `${r.action} / \`${r.reason}\``,
          cell(r.entry.text),
        ]),
      ),
    );
  out.push("");
  return { markdown: out.join("\n"), riskySent };
}

function asLabelled(r: Row): boolean {
  if (r.entry.expect === "answer") return r.action === "send";
  if (r.entry.expect === "person") return r.action === "review" || r.action === "draft";
  return r.action === "suppressed";
}

function main(): number {
  const started = performance.now();
  // `--corpus other.jsonl` runs another labelled set (schema-checked, no coverage minimums).
  const corpusFlag = process.argv.indexOf("--corpus");
  const corpusArg = corpusFlag > -1 ? process.argv[corpusFlag + 1] : undefined;
  const { entries, problems } = corpusArg ? parseCorpus(readFileSync(corpusArg, "utf8")) : loadCorpus();
  if (problems.length > 0) {
    console.error(`test/corpus/leads.jsonl has ${problems.length} problem(s):\n${problems.join("\n")}`);
    return 1;
  }
  // A first pass compiles every regular expression, so the timed pass measures the rules themselves.
  for (const e of entries) decideEntry(e);
  const rows = entries.map(decideEntry);
  const { markdown, riskySent } = report(rows);
  const outFlag = process.argv.indexOf("--out");
  const outPath = outFlag > -1 ? process.argv[outFlag + 1] : undefined;
  const target = outPath ?? new URL("../bench/decisions.md", import.meta.url).pathname;
  writeFileSync(target, markdown);
  const benign = rows.filter((r) => r.entry.expect === "answer");
  const sent = benign.filter((r) => r.action === "send").length;
  console.log(
    `bench:decisions: ${rows.length} messages in ${Math.round(performance.now() - started)} ms; ` +
      `risky auto-sent ${riskySent.length}; benign auto-sent ${sent}/${benign.length} (${pct(sent, benign.length)}); report: ${target}`,
  );
  if (riskySent.length > 0) {
    console.error(`FAIL: ${riskySent.length} message(s) that need a person would be sent automatically:`);
    for (const r of riskySent) console.error(`  ${r.entry.id} (${r.reason}): ${r.entry.text.slice(0, 100)}`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
