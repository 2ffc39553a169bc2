/**
 * The labelled lead corpus (test/corpus/leads.jsonl): its schema, its per-category minimums, and a
 * loader that reports every problem with its line number. Used by the corpus test (so a bad edit
 * fails CI) and by the decision benchmark (scripts/bench-decisions.ts).
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { PLATFORMS } from "../../domain/db/schema.ts";
import { INTENTS } from "../../domain/pipeline/rules/intents.ts";

export const CORPUS_PATH = new URL("./leads.jsonl", import.meta.url);
/**
 * The held-out set (issue 26): written in one sitting before the rules it measures were changed, and
 * never used to tune a rule. Same schema; its own minimum size, not the training set's per-category
 * minimums. The benchmark reports it beside the training set and gates on it.
 */
export const HELD_OUT_PATH = new URL("./held-out.jsonl", import.meta.url);
export const MIN_HELD_OUT = 200;

/**
 * What must happen to a message:
 * - `answer`: ordinary, answerable by a template; the benchmark expects it to be auto-sendable.
 * - `person`: a person must read it before anything is said (risky, or needing judgement).
 * - `no_reply`: nothing may be sent at all (an opt-out, or a lead who opted out).
 */
export const EXPECTATIONS = ["answer", "person", "no_reply"] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

type Group = "benign" | "by_design" | "opt" | "risky";

/** Every category, which group it belongs to, and what its messages may expect. */
export const CATEGORIES = {
  tour: { group: "benign", allowed: ["answer"] },
  availability: { group: "benign", allowed: ["answer"] },
  price: { group: "benign", allowed: ["answer"] },
  pets: { group: "benign", allowed: ["answer"] },
  listing_question: { group: "benign", allowed: ["answer"] },
  follow_up: { group: "benign", allowed: ["answer"] },
  multi_question: { group: "benign", allowed: ["answer"] },
  application: { group: "by_design", allowed: ["person"] },
  not_interested: { group: "by_design", allowed: ["person"] },
  other_language: { group: "by_design", allowed: ["person"] },
  opt_out: { group: "opt", allowed: ["no_reply"] },
  opt_in: { group: "opt", allowed: ["answer", "person", "no_reply"] },
  fair_housing: { group: "risky", allowed: ["person"] },
  accommodation: { group: "risky", allowed: ["person"] },
  legal: { group: "risky", allowed: ["person"] },
  money_identity: { group: "risky", allowed: ["person"] },
  abuse: { group: "risky", allowed: ["person"] },
  prompt_injection: { group: "risky", allowed: ["person"] },
  // Links to known places (the listing site, the listing's viewing link) are answerable.
  markup_links: { group: "risky", allowed: ["answer", "person"] },
} as const satisfies Record<string, { group: Group; allowed: readonly Expectation[] }>;
export type Category = keyof typeof CATEGORIES;
const CATEGORY_NAMES = Object.keys(CATEGORIES) as [Category, ...Category[]];

export const MIN_TOTAL = 400;
export const MIN_PER_CATEGORY = 10;

/**
 * Topics that must each be covered, per category. Fair housing: the federally protected classes
 * and the common state ones, each with at least ten messages.
 */
export const TOPIC_MINIMUMS: Partial<Record<Category, Record<string, number>>> = {
  fair_housing: {
    race_colour: 10,
    religion: 10,
    national_origin: 10,
    sex: 10,
    familial_status: 10,
    disability: 10,
    source_of_income: 10,
    age: 10,
    sexual_orientation: 10,
    gender_identity: 10,
    marital_status: 3,
    steering_invited: 10,
  },
  legal: { legal_threat: 5, complaint: 5, deposit_dispute: 5 },
  money_identity: {
    wire_transfer: 3,
    overpayment: 3,
    bank_details: 3,
    ssn: 3,
    id_documents: 3,
    access_code: 2,
  },
  abuse: { insult: 3, harassment: 3, threat: 3 },
  markup_links: { markup: 3, code: 3, link: 3, phone: 3, email: 3, off_platform: 2, known_link: 3 },
};

export const CorpusEntry = z
  .object({
    id: z.string().regex(/^[a-z_]+-\d{3}$/),
    site: z.enum(PLATFORMS),
    category: z.enum(CATEGORY_NAMES),
    topic: z
      .string()
      .regex(/^[a-z_]+$/)
      .optional(),
    expect: z.enum(EXPECTATIONS),
    intent: z.enum(INTENTS),
    why: z.string().min(10),
    lead: z.string().min(1).nullable(),
    priorOutbound: z.boolean().optional(),
    optedOut: z.boolean().optional(),
    text: z.string().min(1),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (!e.id.startsWith(`${e.category}-`))
      ctx.addIssue({ code: "custom", message: `id must start with "${e.category}-"` });
    const allowed: readonly string[] = CATEGORIES[e.category].allowed;
    if (!allowed.includes(e.expect))
      ctx.addIssue({ code: "custom", message: `category ${e.category} cannot expect "${e.expect}"` });
    const topics = TOPIC_MINIMUMS[e.category];
    if (topics && (!e.topic || !(e.topic in topics)))
      ctx.addIssue({
        code: "custom",
        message: `category ${e.category} needs a topic: ${Object.keys(topics).join(", ")}`,
      });
    if (e.category === "opt_out" && e.intent !== "opt_out")
      ctx.addIssue({ code: "custom", message: "an opt-out is labelled with the opt_out intent" });
  });
export type CorpusEntry = z.infer<typeof CorpusEntry>;

export function groupOf(category: Category): Group {
  return CATEGORIES[category].group;
}

/** Parses JSONL text; every problem names its line. */
export function parseCorpus(text: string): { entries: CorpusEntry[]; problems: string[] } {
  const entries: CorpusEntry[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not valid JSON`);
      return;
    }
    const parsed = CorpusEntry.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`line ${i + 1}: ${issue.path.join(".") || "(entry)"}: ${issue.message}`);
      return;
    }
    if (ids.has(parsed.data.id)) problems.push(`line ${i + 1}: duplicate id ${parsed.data.id}`);
    ids.add(parsed.data.id);
    entries.push(parsed.data);
  });
  return { entries, problems };
}

/** Coverage problems: too few messages overall, per category or per required topic. */
export function coverageProblems(entries: readonly CorpusEntry[]): string[] {
  const problems: string[] = [];
  if (entries.length < MIN_TOTAL) problems.push(`${entries.length} messages, at least ${MIN_TOTAL} needed`);
  for (const category of CATEGORY_NAMES) {
    const inCategory = entries.filter((e) => e.category === category);
    if (inCategory.length < MIN_PER_CATEGORY)
      problems.push(`${category}: ${inCategory.length} messages, at least ${MIN_PER_CATEGORY} needed`);
    for (const [topic, min] of Object.entries(TOPIC_MINIMUMS[category] ?? {})) {
      const n = inCategory.filter((e) => e.topic === topic).length;
      if (n < min) problems.push(`${category}/${topic}: ${n} messages, at least ${min} needed`);
    }
  }
  return problems;
}

export function loadCorpus(path: URL = CORPUS_PATH): { entries: CorpusEntry[]; problems: string[] } {
  const { entries, problems } = parseCorpus(readFileSync(path, "utf8"));
  return { entries, problems: [...problems, ...coverageProblems(entries)] };
}

/** The held-out set: schema-checked, at least MIN_HELD_OUT messages. */
export function loadHeldOut(path: URL = HELD_OUT_PATH): { entries: CorpusEntry[]; problems: string[] } {
  const { entries, problems } = parseCorpus(readFileSync(path, "utf8"));
  const size =
    entries.length < MIN_HELD_OUT ? [`${entries.length} messages, at least ${MIN_HELD_OUT} needed`] : [];
  return { entries, problems: [...problems, ...size] };
}
