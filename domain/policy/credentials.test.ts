import { describe, expect, it } from "vitest";
import {
  credentialFingerprint,
  credentialRefsSchema,
  missingSecrets,
  resolveCredential,
} from "./credentials.ts";

describe("credential references", () => {
  it("accepts secret references", () => {
    const r = credentialRefsSchema.safeParse({
      username: "secret:LEASEBOT_ACCOUNT_SR_USER",
      password: "secret:LEASEBOT_ACCOUNT_SR_PASS",
    });
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
    expect(credentialRefsSchema.safeParse({ password: "env:LEASEBOT_ACCOUNT_SR_PASS" }).success).toBe(false);
    expect(credentialRefsSchema.safeParse({ cookie: "secret:LEASEBOT_ACCOUNT_X" }).success).toBe(false);
  });
  it("names only account-credential secrets: never SESSION_KEY, the webhook, a binding or an unprefixed name", () => {
    for (const name of [
      "SESSION_KEY",
      "ALERT_WEBHOOK_URL",
      "DB",
      "ACCESS_AUD",
      "SANDBOX_PASSWORD",
      "LEASEBOT_ACCOUNT_",
    ]) {
      const r = credentialRefsSchema.safeParse({ password: `secret:${name}` });
      expect(r.success, name).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain("LEASEBOT_ACCOUNT_");
    }
    // Stored before the prefix: never read, reported as missing.
    expect(resolveCredential({ SESSION_KEY: "k" }, "secret:SESSION_KEY")).toBeNull();
    expect(missingSecrets({ SESSION_KEY: "k" }, { password: "secret:SESSION_KEY" })).toEqual(["SESSION_KEY"]);
  });
  it("resolves a reference from the environment", () => {
    expect(resolveCredential({ LEASEBOT_ACCOUNT_SR_PASS: "pw" }, "secret:LEASEBOT_ACCOUNT_SR_PASS")).toBe(
      "pw",
    );
    expect(resolveCredential({}, "secret:LEASEBOT_ACCOUNT_SR_PASS")).toBeNull();
    expect(resolveCredential({}, undefined)).toBeNull();
  });
  it("names the referenced secrets the Worker does not have, once each", () => {
    const refs = { username: "secret:LEASEBOT_ACCOUNT_SR_USER", password: "secret:LEASEBOT_ACCOUNT_SR_PASS" };
    expect(missingSecrets({ LEASEBOT_ACCOUNT_SR_USER: "u", LEASEBOT_ACCOUNT_SR_PASS: "p" }, refs)).toEqual(
      [],
    );
    expect(missingSecrets({ LEASEBOT_ACCOUNT_SR_USER: "u" }, refs)).toEqual(["LEASEBOT_ACCOUNT_SR_PASS"]);
    expect(missingSecrets({ LEASEBOT_ACCOUNT_SR_PASS: "" }, refs)).toEqual([
      "LEASEBOT_ACCOUNT_SR_USER",
      "LEASEBOT_ACCOUNT_SR_PASS",
    ]);
    expect(
      missingSecrets(
        {},
        { username: "secret:LEASEBOT_ACCOUNT_SAME", password: "secret:LEASEBOT_ACCOUNT_SAME" },
      ),
    ).toEqual(["LEASEBOT_ACCOUNT_SAME"]);
    // A session-only account (no references) has nothing missing.
    expect(missingSecrets({}, {})).toEqual([]);
  });
  it("fingerprints references and values without revealing them", async () => {
    const refs = { username: "secret:LEASEBOT_ACCOUNT_SR_USER", password: "secret:LEASEBOT_ACCOUNT_SR_PASS" };
    const env = { LEASEBOT_ACCOUNT_SR_USER: "u", LEASEBOT_ACCOUNT_SR_PASS: "hunter2" };
    const a = await credentialFingerprint(env, refs, "k1");
    expect(a).toMatch(/^v2:[0-9a-f]{64}$/);
    expect(a).not.toContain("hunter2");
    expect(await credentialFingerprint(env, refs, "k1")).toBe(a);
    // Another secret value, another reference, a secret appearing, another key: all differ.
    expect(await credentialFingerprint({ ...env, LEASEBOT_ACCOUNT_SR_PASS: "changed" }, refs, "k1")).not.toBe(
      a,
    );
    expect(
      await credentialFingerprint(
        { ...env, LEASEBOT_ACCOUNT_X: "u" },
        { ...refs, username: "secret:LEASEBOT_ACCOUNT_X" },
        "k1",
      ),
    ).not.toBe(a);
    expect(await credentialFingerprint({ LEASEBOT_ACCOUNT_SR_USER: "u" }, refs, "k1")).not.toBe(a);
    expect(await credentialFingerprint(env, refs, "k2")).not.toBe(a);
  });
  it("keys the fingerprint with an HKDF-derived key, not the cookie key itself", async () => {
    const refs = { username: "secret:LEASEBOT_ACCOUNT_SR_USER" };
    const env = { LEASEBOT_ACCOUNT_SR_USER: "u" };
    const material = JSON.stringify([
      ["username", refs.username, "u"],
      ["password", "", ""],
    ]);
    const raw = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode("k1"),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const direct = [
      ...new Uint8Array(await crypto.subtle.sign("HMAC", raw, new TextEncoder().encode(material))),
    ]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const fp = await credentialFingerprint(env, refs, "k1");
    expect(fp.slice(3)).not.toBe(direct);
  });
});
