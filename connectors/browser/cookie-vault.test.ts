import { describe, expect, it } from "vitest";
import { openCookies, sealCookies } from "./cookie-vault.ts";

const KEY = Buffer.alloc(32, 7).toString("base64");
const jar = [
  { name: "session", value: "s3cr3t-session-value", domain: "127.0.0.1", path: "/", httpOnly: true },
];

describe("cookie vault", () => {
  it("round-trips a jar and never stores it in clear", async () => {
    const sealed = await sealCookies(jar, KEY, "spareroom:a1");
    expect(sealed).not.toContain("s3cr3t");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(await openCookies(sealed, KEY, "spareroom:a1")).toEqual(jar);
  });

  it("refuses a jar sealed for another account or with another key", async () => {
    const sealed = await sealCookies(jar, KEY, "spareroom:a1");
    await expect(openCookies(sealed, KEY, "spareroom:a2")).rejects.toThrow();
    await expect(
      openCookies(sealed, Buffer.alloc(32, 8).toString("base64"), "spareroom:a1"),
    ).rejects.toThrow();
  });

  it("seals and opens a large jar (a megabyte of cookies) without a call-stack overflow", async () => {
    const big = Array.from({ length: 256 }, (_, i) => ({ name: `c${i}`, value: "v".repeat(4096) }));
    const sealed = await sealCookies(big, KEY, "spareroom:a");
    expect(await openCookies(sealed, KEY, "spareroom:a")).toEqual(big);
  });

  it("uses a fresh IV per seal", async () => {
    expect(await sealCookies(jar, KEY, "x")).not.toBe(await sealCookies(jar, KEY, "x"));
  });
});
