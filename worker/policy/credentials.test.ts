import { describe, expect, it } from "vitest";
import {
  credentialFingerprint,
  credentialRefsSchema,
  missingSecrets,
  resolveCredential,
} from "./credentials.ts";

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
  it("names the referenced secrets the Worker does not have, once each", () => {
    const refs = { username: "secret:SR_USER", password: "secret:SR_PASS" };
    expect(missingSecrets({ SR_USER: "u", SR_PASS: "p" }, refs)).toEqual([]);
    expect(missingSecrets({ SR_USER: "u" }, refs)).toEqual(["SR_PASS"]);
    expect(missingSecrets({ SR_PASS: "" }, refs)).toEqual(["SR_USER", "SR_PASS"]);
    expect(missingSecrets({}, { username: "secret:SAME", password: "secret:SAME" })).toEqual(["SAME"]);
    // A session-only account (no references) has nothing missing.
    expect(missingSecrets({}, {})).toEqual([]);
  });
  it("fingerprints references and values without revealing them", async () => {
    const refs = { username: "secret:SR_USER", password: "secret:SR_PASS" };
    const env = { SR_USER: "u", SR_PASS: "hunter2" };
    const a = await credentialFingerprint(env, refs, "k1");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain("hunter2");
    expect(await credentialFingerprint(env, refs, "k1")).toBe(a);
    // Another secret value, another reference, a secret appearing, another key: all differ.
    expect(await credentialFingerprint({ ...env, SR_PASS: "changed" }, refs, "k1")).not.toBe(a);
    expect(await credentialFingerprint({ ...env, X: "u" }, { ...refs, username: "secret:X" }, "k1")).not.toBe(
      a,
    );
    expect(await credentialFingerprint({ SR_USER: "u" }, refs, "k1")).not.toBe(a);
    expect(await credentialFingerprint(env, refs, "k2")).not.toBe(a);
  });
});
