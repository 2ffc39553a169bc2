import { describe, expect, it } from "vitest";
import { credentialRefsSchema, resolveCredential } from "./credentials.ts";

describe("credential references", () => {
  it("accepts secret references", () => {
    const r = credentialRefsSchema.safeParse({ username: "secret:SR_USER", password: "secret:SR_PASS" });
    expect(r.success).toBe(true);
  });
  it("refuses plaintext values without echoing them", () => {
    const r = credentialRefsSchema.safeParse({ password: "hunter2-correct-horse" });
    expect(r.success).toBe(false);
    const text = JSON.stringify(r.error?.issues);
    expect(text).toContain("plaintext");
    expect(text).not.toContain("hunter2");
  });
  it("refuses lower-case or env: references and unknown keys", () => {
    expect(credentialRefsSchema.safeParse({ password: "secret:lower" }).success).toBe(false);
    expect(credentialRefsSchema.safeParse({ password: "env:SR_PASS" }).success).toBe(false);
    expect(credentialRefsSchema.safeParse({ cookie: "secret:X" }).success).toBe(false);
  });
  it("resolves a reference from the environment", () => {
    expect(resolveCredential({ SR_PASS: "pw" }, "secret:SR_PASS")).toBe("pw");
    expect(resolveCredential({}, "secret:SR_PASS")).toBeNull();
    expect(resolveCredential({}, undefined)).toBeNull();
  });
});
