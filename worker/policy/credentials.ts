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
