import { describe, expect, it } from "vitest";
import { type PlatformsResponse, restorePlan, shadowPlan } from "./shadow-policy.ts";

const account = (
  id: string,
  sendMode: "auto_send" | "draft_only" | null,
  def: "auto_send" | "draft_only",
) => ({
  id,
  platform: "spareroom",
  label: id,
  isActive: true,
  sendMode,
  effectiveSendMode: sendMode ?? def,
});

function platforms(
  def: "auto_send" | "draft_only",
  modes: Record<string, "auto_send" | "draft_only" | null>,
) {
  return {
    globalDefaultSendMode: def,
    items: Object.entries(modes).map(([id, m]) => account(id, m, def)),
  } satisfies PlatformsResponse;
}

describe("shadowPlan", () => {
  it("turns every effective auto_send into draft_only: the default first, then explicit overrides", () => {
    const p = platforms("auto_send", { a: "auto_send", b: null, c: "draft_only" });
    const plan = shadowPlan(p);
    expect(plan.enter).toEqual([
      { kind: "default", from: "auto_send", to: "draft_only" },
      { kind: "account", id: "a", label: "a", from: "auto_send", to: "draft_only" },
    ]);
    expect(plan.autoSendAccounts).toEqual(["a", "b"]);
  });

  it("changes nothing when nothing sends automatically", () => {
    expect(shadowPlan(platforms("draft_only", { a: "draft_only", b: null })).enter).toEqual([]);
  });
});

describe("restorePlan", () => {
  const before = platforms("auto_send", { a: "auto_send", b: null, d: "auto_send" });
  const entered = shadowPlan(before).enter;

  it("puts back exactly what shadow changed: accounts before the default", () => {
    const during = platforms("draft_only", { a: "draft_only", b: null, d: "draft_only" });
    const { restore, leftAlone } = restorePlan(entered, during);
    expect(restore).toEqual([
      { kind: "account", id: "a", label: "a", from: "draft_only", to: "auto_send" },
      { kind: "account", id: "d", label: "d", from: "draft_only", to: "auto_send" },
      { kind: "default", from: "draft_only", to: "auto_send" },
    ]);
    expect(leftAlone).toEqual([]);
  });

  it("leaves alone what a person changed during shadow, and says so", () => {
    const during = platforms("draft_only", { a: null, b: null });
    const { restore, leftAlone } = restorePlan(entered, during);
    expect(restore).toEqual([{ kind: "default", from: "draft_only", to: "auto_send" }]);
    expect(leftAlone).toEqual([
      "account a (a) was changed to inherit during shadow",
      "account d no longer exists",
    ]);
    const defaultChanged = restorePlan(entered, platforms("auto_send", { a: "draft_only", d: "draft_only" }));
    expect(defaultChanged.leftAlone).toEqual(["the global default was changed to auto_send during shadow"]);
  });
});
