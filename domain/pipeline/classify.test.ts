import { describe, expect, it } from "vitest";
import { classifyIntent } from "./classify.ts";
import { LOW_CONFIDENCE_THRESHOLD } from "./rules/thresholds.ts";

const fresh = { hasPriorOutbound: false };
const replied = { hasPriorOutbound: true };

describe("classifyIntent", () => {
  it.each([
    ["Can I schedule a viewing this weekend?", "tour_request"],
    ["Is the room still available?", "availability"],
    ["How much is the deposit?", "price_deposit"],
    ["What's the rent?", "price_deposit"],
    ["How do I apply? Do you need a guarantor?", "application_process"],
    ["Do you allow cats?", "pets"],
    ["Is it furnished? Is there parking?", "listing_question"],
    ["I found another place, not interested anymore", "not_interested"],
  ] as const)("%s → %s", (text, intent) => {
    const c = classifyIntent(text, fresh);
    expect(c.intent).toBe(intent);
    expect(c.ambiguous).toBe(false);
    expect(c.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE_THRESHOLD);
  });

  it("returns unknown with zero confidence for text that matches nothing", () => {
    expect(classifyIntent("Hello there", fresh)).toMatchObject({ intent: "unknown", confidence: 0 });
    expect(classifyIntent("   ", fresh)).toMatchObject({
      intent: "unknown",
      confidence: 0,
      ambiguous: false,
    });
  });

  it("counts a weak nudge only after a prior outbound message, a strong one always", () => {
    expect(classifyIntent("Any update?", replied).intent).toBe("nudge");
    expect(classifyIntent("Just checking in", replied).intent).toBe("nudge");
    expect(classifyIntent("Following up on my message", replied).intent).toBe("nudge");
    // These say themselves that the lead wrote before (our reply may still be waiting for a person).
    for (const text of [
      "Any update?",
      "Hi, just following up on my message from Monday",
      "did u get my msg?",
      "Haven't heard back yet, still keen",
      "bumping this",
      "Checking back in on the room",
    ])
      expect(classifyIntent(text, fresh).intent, text).toBe("nudge");
    // Weak ones mean nothing before we have written.
    for (const text of ["??", "hello?", "still interested"])
      expect(classifyIntent(text, fresh).intent, text).toBe("unknown");
  });

  it("treats a nudge as a preamble to a real question", () => {
    const c = classifyIntent("Following up - can I view it on Friday?", replied);
    expect(c.intent).toBe("tour_request");
    expect(c.secondaryIntents).toContain("nudge");
    expect(c.ambiguous).toBe(false);
  });

  it("resolves availability + tour to a tour request without ambiguity", () => {
    const c = classifyIntent("Is it still available? Could I come by and see it?", fresh);
    expect(c.intent).toBe("tour_request");
    expect(c.secondaryIntents).toContain("availability");
    expect(c.ambiguous).toBe(false);
  });

  it("flags competing intents as ambiguous", () => {
    const c = classifyIntent("How much is the deposit and do you allow dogs?", fresh);
    expect(c.ambiguous).toBe(true);
    expect(c.ambiguityReasons.some((r) => r.startsWith("competing intent"))).toBe(true);
  });

  it("flags hedging words as ambiguous", () => {
    const c = classifyIntent("Maybe I could see the room, not sure yet", fresh);
    expect(c.intent).toBe("tour_request");
    expect(c.ambiguous).toBe(true);
    expect(c.ambiguityReasons).toContain('hedging: "maybe"');
  });

  it("adds confidence for several cues of the same intent, capped", () => {
    const one = classifyIntent("How much is it?", fresh).confidence;
    const many = classifyIntent("How much is the price, deposit and fees? $1200?", fresh).confidence;
    expect(many).toBeGreaterThan(one);
    expect(many).toBeLessThanOrEqual(0.95);
  });

  it("does not read 'looking to rent' as a price question", () => {
    expect(classifyIntent("I am looking to rent, is it available?", fresh).intent).toBe("availability");
  });
});

describe("classifyIntent: first contact", () => {
  it("reads 'interested in the room' as availability, and 'not interested in the room' as not_interested", () => {
    expect(classifyIntent("Hi, I'm interested in the room", fresh)).toMatchObject({
      intent: "availability",
      ambiguous: false,
    });
    expect(classifyIntent("Sorry, I'm not interested in the room anymore", fresh)).toMatchObject({
      intent: "not_interested",
      ambiguous: false,
    });
  });
});

describe("classifyIntent: phrasings from the decision corpus", () => {
  it.each([
    ["Is there an open house this weekend?", "tour_request"],
    ["Are you free to show me the flat tomorrow?", "tour_request"],
    ["Requesting an appointment to see apartment 4C", "tour_request"],
    ["Can I have a look round tomorrow after work?", "tour_request"],
    ["still avail?", "availability"],
    ["Hi, is this apartment still on the market?", "availability"],
    ["Is the studio open for November?", "availability"],
    ["Has this apartment been rented yet?", "availability"],
    ["I'm very interested! Is this one still available?", "availability"],
    ["What's your rate for a 13 week stay?", "price_deposit"],
    ["Is it ok to have a fish tank in my room?", "pets"],
    ["Is there A/C?", "listing_question"],
    ["What's the minimum stay?", "listing_question"],
    ["How many months are left on the lease?", "listing_question"],
    ["What's the minimum credit score you accept?", "application_process"],
    ["Found something closer to work, thanks!", "not_interested"],
  ] as const)("%s → %s", (text, intent) => {
    const c = classifyIntent(text, fresh);
    expect(c.intent).toBe(intent);
    expect(c.ambiguous).toBe(false);
  });

  it.each(["hellooo?", "hi? 🙂", "Hey, bumping this — still interested!", "any word on the room?"])(
    "%s is a nudge after our reply",
    (text) => {
      expect(classifyIntent(text, replied).intent).toBe("nudge");
    },
  );

  it("reports which intents compete, apart from hedging", () => {
    const c = classifyIntent("Is it still available and how much is the rent?", fresh);
    expect(c.ambiguous).toBe(true);
    expect([c.intent, ...c.competingIntents].sort()).toEqual(["availability", "price_deposit"]);
    expect(classifyIntent("Maybe I could see the room, not sure yet", fresh).competingIntents).toEqual([]);
  });
});
