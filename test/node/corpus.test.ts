// The labelled lead corpus behind `npm run bench:decisions`: a bad edit (broken JSON, an unknown
// label, a category emptied below its minimum) fails here rather than skewing the benchmark.
import { describe, expect, it } from "vitest";
import {
  CATEGORIES,
  coverageProblems,
  loadCorpus,
  loadHeldOut,
  MIN_HELD_OUT,
  MIN_PER_CATEGORY,
  MIN_TOTAL,
  parseCorpus,
  TOPIC_MINIMUMS,
} from "../corpus/corpus.ts";

const { entries, problems } = loadCorpus();

describe("test/corpus/leads.jsonl", () => {
  it("parses, every line valid, every category and required topic covered", () => {
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(MIN_TOTAL);
  });

  it.each(Object.keys(CATEGORIES))("has at least the minimum of category %s", (category) => {
    expect(entries.filter((e) => e.category === category).length).toBeGreaterThanOrEqual(MIN_PER_CATEGORY);
  });

  it.each(Object.keys(TOPIC_MINIMUMS.fair_housing ?? {}))(
    "has at least ten fair-housing messages on %s",
    (topic) => {
      const n = entries.filter((e) => e.category === "fair_housing" && e.topic === topic).length;
      expect(n).toBeGreaterThanOrEqual(TOPIC_MINIMUMS.fair_housing?.[topic] ?? 0);
    },
  );

  it("covers all five sites and has no duplicate message text", () => {
    expect(new Set(entries.map((e) => e.site)).size).toBe(5);
    const texts = entries.map((e) => e.text.trim());
    expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
  });
});

describe("test/corpus/held-out.jsonl", () => {
  const heldOut = loadHeldOut();

  it("parses, every line valid, at least the minimum size", () => {
    expect(heldOut.problems).toEqual([]);
    expect(heldOut.entries.length).toBeGreaterThanOrEqual(MIN_HELD_OUT);
  });
});

describe("the corpus validator", () => {
  const good = entries[0];
  const line = (over: Record<string, unknown>) => JSON.stringify({ ...good, ...over });

  it("names the line of each problem", () => {
    const text = [line({}), "{not json", line({ expect: "maybe" }), line({})].join("\n");
    const { problems: found } = parseCorpus(text);
    expect(found).toEqual([
      "line 2: not valid JSON",
      expect.stringMatching(/^line 3: expect: /),
      `line 4: duplicate id ${good?.id}`,
    ]);
  });

  it("refuses labels that contradict the category", () => {
    const risky = entries.find((e) => e.category === "fair_housing");
    const { problems: found } = parseCorpus(JSON.stringify({ ...risky, expect: "answer" }));
    expect(found.join()).toContain('category fair_housing cannot expect "answer"');
    const { problems: noTopic } = parseCorpus(JSON.stringify({ ...risky, topic: undefined }));
    expect(noTopic.join()).toContain("category fair_housing needs a topic");
  });

  it("reports a category below its minimum", () => {
    const withoutPets = entries.filter((e) => e.category !== "pets");
    expect(coverageProblems(withoutPets)).toContain(`pets: 0 messages, at least ${MIN_PER_CATEGORY} needed`);
  });
});
