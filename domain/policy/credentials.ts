/**
 * Credential references. An account record never holds a password or a cookie: it names the
 * Worker secret that does ("secret:LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD"). Anything that does
 * not look like a reference is refused, because it is most likely a pasted plaintext secret.
 *
 * A reference can name only an account-credential secret: one whose name starts with
 * ACCOUNT_SECRET_PREFIX. Nothing else of the Worker's environment — SESSION_KEY, the alert
 * webhook, a binding, the Access settings — can be named, so no admin (or request forged in an
 * admin's browser) can make a login type the cookie key or the webhook into a site's form. The
 * resolver checks the prefix again: a reference stored before the prefix existed resolves to
 * nothing and is reported as a missing secret.
 */
import { z } from "zod";

export const CREDENTIAL_KEYS = ["username", "password"] as const;
export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];
export type CredentialRefs = Partial<Record<CredentialKey, string>>;

/** The fixed prefix of every account-credential secret's name (docs/security.md). */
export const ACCOUNT_SECRET_PREFIX = "LEASEBOT_ACCOUNT_";

const REF = /^secret:(LEASEBOT_ACCOUNT_[A-Z0-9][A-Z0-9_]{0,99})$/;
/** Any "secret:NAME", allowed or not: to name what a refused stored reference pointed at. */
const ANY_REF = /^secret:([A-Za-z0-9_]{1,128})$/;

export const ALLOWED_REFERENCE_HELP =
  `must be "secret:${ACCOUNT_SECRET_PREFIX}<NAME>" (upper-case letters, digits and _), naming a Worker secret ` +
  `set for this account, e.g. "secret:${ACCOUNT_SECRET_PREFIX}SPAREROOM_MAIN_PASSWORD"; no other secret, var or binding can be named`;

export const credentialRefSchema = z.string().superRefine((value, ctx) => {
  if (REF.test(value)) return;
  // Never echo the value: it may be the secret itself.
  const named = ANY_REF.test(value);
  ctx.addIssue({
    code: "custom",
    message: named
      ? `${ALLOWED_REFERENCE_HELP}; this reference names a secret outside ${ACCOUNT_SECRET_PREFIX}* and was not stored`
      : `${ALLOWED_REFERENCE_HELP}; this value looks like a plaintext secret and was not stored`,
  });
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

/** Reads a referenced secret from the Worker's environment; null when it is not set or not allowed. */
export function resolveCredential(env: object, ref: string | undefined): string | null {
  if (!ref || !REF.test(ref)) return null;
  const value = (env as Record<string, unknown>)[secretName(ref)];
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Secrets an account's references name that the Worker does not have. An account without
 * references is not reported: it runs on a captured session alone.
 */
export function missingSecrets(env: object, refs: CredentialRefs): string[] {
  const names = CREDENTIAL_KEYS.map((k) => refs[k])
    .filter((ref): ref is string => ref !== undefined)
    .filter((ref) => resolveCredential(env, ref) === null)
    // A stored reference outside the prefix is never read: it is as good as missing.
    .map(referencedName);
  return [...new Set(names)];
}

/**
 * The name a stored reference points at, allowed or not, for messages about it; a stored
 * reference outside the prefix is never read, so it is reported like a missing secret.
 */
export function referencedName(ref: string): string {
  return ANY_REF.exec(ref)?.[1] ?? "(not a reference)";
}

/** Marks fingerprints keyed by FINGERPRINT_LABEL (those from before had no prefix). */
export const FINGERPRINT_VERSION = "v2:";
/** HKDF's info: the fingerprint key is derived for this purpose alone. */
const FINGERPRINT_LABEL = "lease-bot credential fingerprint v2";

/**
 * A keyed digest of what a login would use: the references and the values they resolve to. It
 * changes when an admin points the account at other secrets, or when a secret is set or
 * changed, which is when a parked login is worth another try. The HMAC key is derived from the
 * cookie key with HKDF under its own label, so the cookie key itself is used for one purpose only
 * and the stored digest says nothing about the values.
 */
export async function credentialFingerprint(env: object, refs: CredentialRefs, key: string): Promise<string> {
  const material = CREDENTIAL_KEYS.map((k) => [k, refs[k] ?? "", resolveCredential(env, refs[k]) ?? ""]);
  const ikm = await crypto.subtle.importKey("raw", new TextEncoder().encode(key), "HKDF", false, [
    "deriveKey",
  ]);
  const hmacKey = await crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(0),
      info: new TextEncoder().encode(FINGERPRINT_LABEL),
    },
    ikm,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(JSON.stringify(material)));
  return FINGERPRINT_VERSION + [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
