import { describe, expect, it } from "vitest";
import { waitUntil } from "./sleep.ts";

describe("waitUntil", () => {
  it("returns true as soon as the condition holds", async () => {
    let n = 0;
    const started = Date.now();
    expect(await waitUntil(() => ++n >= 3, 5_000, 10)).toBe(true);
    expect(n).toBe(3);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("gives up after its time and says so", async () => {
    const started = Date.now();
    expect(await waitUntil(() => false, 120, 20)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
  });
});
