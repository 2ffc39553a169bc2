import { describe, expect, it } from "vitest";
import { decide } from "../pipeline/index.ts";
import {
  accountForDecision,
  buildDecisionInput,
  type DecisionContext,
  finalOutcome,
  knownPlacesFor,
  SITE_REPLY_MAX_LENGTH,
} from "./decision-step.ts";

const LISTING = {
  title: "Sunny double room",
  price: "$1,200/month",
  availableFrom: "1 September",
  area: "Astoria",
  viewingLink: "https://calendly.com/acme/viewing",
};

const ctx = (over: Partial<DecisionContext> = {}): DecisionContext => ({
  platform: "spareroom",
  siteOrigin: null,
  account: { isActive: true, effectiveSendMode: "auto_send" },
  conversation: { leadName: "Jane Doe", paused: false, hasPriorOutbound: false, optedOut: false },
  listing: LISTING,
  templates: [{ id: "t", intent: "tour_request", version: 1, body: "Hi {{first_name}}: {{viewing_link}}" }],
  ...over,
});

describe("knownPlacesFor", () => {
  it("is the site's domains, a non-default site origin, and the listing's viewing link", () => {
    expect(knownPlacesFor("spareroom", "http://127.0.0.1:8801", LISTING)).toEqual([
      "spareroom.com",
      "spareroom.co.uk",
      "127.0.0.1",
      "https://calendly.com/acme/viewing",
    ]);
    expect(knownPlacesFor("renthop", "https://www.renthop.com", null)).toEqual([
      "renthop.com",
      "www.renthop.com",
    ]);
    expect(knownPlacesFor("roomies", "not a url", { viewingLink: null })).toEqual(["roomies.com"]);
  });
});

describe("accountForDecision", () => {
  it("decides a deleted account like an inactive draft-only one", () => {
    expect(accountForDecision(null)).toEqual({ isActive: false, effectiveSendMode: "draft_only" });
    expect(accountForDecision({ account: { isActive: true }, effectiveSendMode: "auto_send" })).toEqual({
      isActive: true,
      effectiveSendMode: "auto_send",
    });
  });
});

describe("buildDecisionInput", () => {
  it("gives the pipeline the conversation's facts and its known places", () => {
    const input = buildDecisionInput(ctx(), {
      text: "Can I view it?",
      now: new Date("2025-08-01T12:00:00Z"),
      modelResult: null,
    });
    expect(input).toMatchObject({
      now: "2025-08-01T12:00:00.000Z",
      message: { text: "Can I view it?", leadName: "Jane Doe" },
      conversation: { hasPriorOutbound: false, optedOut: false, paused: false },
      knownPlaces: ["spareroom.com", "spareroom.co.uk", LISTING.viewingLink],
    });
  });

  it("lets a link to the site or the viewing link through, and nothing else", () => {
    const run = (text: string) =>
      decide(buildDecisionInput(ctx(), { text, now: new Date(), modelResult: null })).action;
    expect(run("Can I view it? https://www.spareroom.co.uk/flatshare/123")).toBe("send");
    expect(run("Can I view it? https://calendly.com/acme/viewing")).toBe("send");
    expect(run("Can I view it? https://www.roomies.com/rooms/123")).toBe("review");
  });
});

describe("finalOutcome", () => {
  const send = decide(
    buildDecisionInput(ctx(), { text: "Can I view it?", now: new Date(), modelResult: null }),
  );

  it("keeps the pipeline's verdict for the newest, fresh, unflagged message", () => {
    expect(finalOutcome(send, { isNewest: true, earlierFlagged: false, stale: false })).toMatchObject({
      action: "send",
      reason: "auto_send_eligible",
    });
  });

  it("suppresses an older message's reply, reviews after an earlier flag, drafts a stale one", () => {
    expect(finalOutcome(send, { isNewest: false, earlierFlagged: false }).reason).toBe(
      "superseded_by_newer_message",
    );
    expect(finalOutcome(send, { isNewest: true, earlierFlagged: true })).toMatchObject({
      action: "review",
      reply: null,
    });
    expect(finalOutcome(send, { isNewest: true, earlierFlagged: false, stale: true }).action).toBe("draft");
  });
});

describe("the site's reply length limit", () => {
  it("reaches the pipeline, so a reply composed of several templates must fit the site", () => {
    const input = buildDecisionInput(ctx({ platform: "renthop" }), {
      text: "Can I view it?",
      now: new Date("2025-08-01T12:00:00.000Z"),
      modelResult: null,
    });
    expect(input.replyMaxLength).toBe(SITE_REPLY_MAX_LENGTH.renthop);
    const templates = [
      { id: "t-pets", intent: "pets", version: 1, body: "Hi {{first_name}}, small pets are welcome." },
      { id: "t-price", intent: "price_deposit", version: 1, body: "The rent is {{price}}." },
    ];
    const asked = { text: "Do you allow cats? How much is the rent?", now: new Date(), modelResult: null };
    expect(decide(buildDecisionInput(ctx({ templates }), asked)).reply?.composedFrom).toEqual([
      "t-pets",
      "t-price",
    ]);
  });
});
