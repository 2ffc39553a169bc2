import { describe, expect, it } from "vitest";
import { asksForStated, statedFacts } from "./stated-facts.ts";
import { viewingWhen } from "./viewing-time.ts";

describe("viewingWhen", () => {
  it.each([
    ["Can I see it Saturday morning?", "Saturday morning"],
    ["I'm free after 6pm on weekdays", "weekdays after 6pm"],
    ["tomorrow at 3?", "tomorrow at 3"],
    ["Could I view it this weekend?", "this weekend"],
    ["Any chance of a viewing this weekend in the afternoon?", "this weekend in the afternoon"],
    ["I can do evenings after work", "evenings"],
    ["Are viewings possible tonight?", "this evening"],
    ["Available for a viewing Tues or Thurs at 18:30", "Tuesday or Thursday at 18:30"],
    ["Can I come by at 3:30 p.m.?", "3:30pm"],
    ["I'm free next Saturday afternoon", "next Saturday afternoon"],
    ["Could I see it on weekends?", "weekends"],
    ["Can I view on weekday evenings?", "weekday evenings"],
    ["I could see it Mondays after work", "Monday evenings"],
    ["I'd love to see it next week, mornings are best", "next week"],
    ["Can I see it Saturday before I move in on the 1st?", "Saturday"],
    ["I move on Monday, can I view it tomorrow?", "tomorrow"],
    ["How about Saturday?", "Saturday"],
    ["I'm usually free weekday evenings", "weekday evenings"],
  ])("%s → %s", (text, when) => {
    expect(viewingWhen(text)).toBe(when);
  });

  // A day named in another sense is not a viewing time. We tell them apart by the words around the
  // day, not the day itself: a clause about moving in, a lease, arriving or starting counts only for
  // what comes before those words and only with a viewing word ("see", "free", "view"…); the room's
  // own availability ("is it available from Monday?") is not the lead's; and a clause with no viewing
  // word that is not a question ("I work weekends") is about something else. A lead whose time we
  // miss gets the old question, which is what they got before; a wrong acknowledgement would be worse.
  it.each([
    "I move on Monday the 1st",
    "I move on Monday the 1st. Is the room still available?",
    "Is it available from Monday?",
    "Is it still available for next week?",
    "I work weekends",
    "My lease ends on Friday and I start my new job Monday",
    "When can I view it?",
    "Hi, is the room still available? I'd love to see it.",
    "Do you allow 2 people at 3 bedrooms?",
    "The rent is $1,450?",
    "I arrive in town on Sunday",
    // Questions about the place, not a time to view it.
    "Is the room quiet in the evenings?",
    "Is parking free on Sundays?",
    "Is it noisy on weekends?",
  ])("states no viewing time in %s", (text) => {
    expect(viewingWhen(text)).toBeNull();
  });

  it("never echoes the lead's own words: only the vocabulary and the lead's digits", () => {
    expect(viewingWhen("Can I <b>see</b> it {{Saturday}} mornin' or morning at 10am?")).toBe(
      "Saturday at 10am",
    );
    expect(viewingWhen("can i see it at 99pm?")).toBeNull();
  });

  it("is part of statedFacts", () => {
    expect(statedFacts("I have a small dog. Can I see it Saturday morning?")).toEqual({
      lead_pet: "dog",
      lead_pet_size: "small",
      lead_viewing_when: "Saturday morning",
    });
  });
});

describe("asksForStated: when the lead can view", () => {
  const stated = statedFacts("Can I see it Saturday morning?");
  it.each([
    "Which days and times would suit you? Send me a couple of options and I'll confirm one.",
    "If you'd like to see it, let me know which days and times suit you.",
    "which days and times would suit you for a viewing?",
    "When would you be free to view it?",
    "What times work best for you?",
  ])("flags %s", (reply) => {
    expect(asksForStated(reply, stated).map((h) => h.code)).toEqual(["outbound_asks_stated"]);
    expect(asksForStated(reply, statedFacts("Can I view the room?"))).toEqual([]);
  });

  it("lets an acknowledgement through", () => {
    expect(
      asksForStated(
        "You mentioned Saturday morning for a viewing: I'll check it and confirm a time with you shortly.",
        stated,
      ),
    ).toEqual([]);
  });
});
