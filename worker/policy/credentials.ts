/**
 * Credential references. An account record never holds a password or a cookie: it names the
 * Worker secret that does ("secret:SPAREROOM_MAIN_PASSWORD"). Anything that does not look like
 * a reference is refused, because it is most likely a pasted plaintext secret.
 */
import { z } from "zod";

export const CREDENTIAL_KEYS = ["username", "password"] as const;
export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];
export type CredentialRefs = Partial<Record<CredentialKey, string>>;

const REF = /^secret:([A-Z][A-Z0-9_]{0,127})$/;

export const credentialRefSchema = z.string().superRefine((value, ctx) => {
  if (!REF.test(value)) {
    ctx.addIssue({
      code: "custom",
      // Never echo the value: it may be the secret itself.
      message:
        'must be a reference to a Worker secret such as "secret:SPAREROOM_MAIN_PASSWORD" ' +
        "(upper-case name); this value looks like a plaintext secret and was not stored",
    });
  }
});

export const credentialRefsSchema = z.strictObject({
  username: credentialRefSchema.optional(),
  password: credentialRefSchema.optional(),
});

/** The secret's name inside a reference ("secret:NAME" → "NAME"). */
export function secretName(ref: string): string {
  const m = REF.exec(ref);
  if (!m?.[1]) throw new Error("not a credential reference");
  return m[1];
}

/** Reads a referenced secret from the Worker's environment; null when it is not set. */
export function resolveCredential(env: object, ref: string | undefined): string | null {
  if (!ref) return null;
  const value = (env as Record<string, unknown>)[secretName(ref)];
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Secrets an account's references name that the Worker does not have. An account without
 * references is not reported: it runs on a captured session alone.
 */
export function missingSecrets(env: object, refs: CredentialRefs): string[] {
  const names = CREDENTIAL_KEYS.map((k) => refs[k])
    .filter((ref): ref is string => ref !== undefined && REF.test(ref))
    .filter((ref) => resolveCredential(env, ref) === null)
    .map(secretName);
  return [...new Set(names)];
}

/**
 * A keyed digest of what a login would use: the references and the values they resolve to. It
 * changes when an admin points the account at other secrets, or when a secret is set or
 * changed, which is when a parked login is worth another try. HMAC under the cookie key, so
 * the stored digest says nothing about the values.
 */
export async function credentialFingerprint(env: object, refs: CredentialRefs, key: string): Promise<string> {
  const material = CREDENTIAL_KEYS.map((k) => [k, refs[k] ?? "", resolveCredential(env, refs[k]) ?? ""]);
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(JSON.stringify(material)));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
