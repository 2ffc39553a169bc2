/**
 * Verifies Cloudflare Access's `Cf-Access-Jwt-Assertion`: RS256 signature against the team's
 * JWKS, audience (the Access application's AUD tag), issuer (the team domain) and expiry.
 * jose caches the key set and refetches it when it meets an unknown `kid` (Access rotates keys
 * every six weeks), so the JWKS getter is kept at module scope, one per team domain.
 */
import { createRemoteJWKSet, errors, jwtVerify } from "jose";

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(teamDomain: string) {
  let ks = keySets.get(teamDomain);
  if (!ks) {
    ks = createRemoteJWKSet(new URL("/cdn-cgi/access/certs", teamDomain), { cooldownDuration: 30_000 });
    keySets.set(teamDomain, ks);
  }
  return ks;
}

export type AccessVerification = { ok: true; email: string } | { ok: false; reason: string };

export async function verifyAccessJwt(
  token: string,
  opts: { teamDomain: string; audience: string },
): Promise<AccessVerification> {
  // jose skips the audience check when none is given: an empty audience would accept tokens of
  // every other Access application of the team. The config gate stops this earlier; this is the
  // last line.
  const missing = (v: unknown) => typeof v !== "string" || v.trim() === "";
  if (missing(opts.audience))
    return { ok: false, reason: "the Worker has no Access audience (ACCESS_AUD) configured" };
  if (missing(opts.teamDomain))
    return { ok: false, reason: "the Worker has no Access team domain configured" };
  try {
    const { payload } = await jwtVerify(token, keySetFor(opts.teamDomain), {
      issuer: opts.teamDomain.replace(/\/$/, ""),
      audience: opts.audience,
      algorithms: ["RS256"],
      requiredClaims: ["exp"],
    });
    const email = payload.email;
    if (typeof email !== "string" || !email.includes("@")) {
      return { ok: false, reason: "the Access token carries no user email" };
    }
    return { ok: true, email: email.toLowerCase() };
  } catch (err) {
    return { ok: false, reason: describeJoseError(err) };
  }
}

/** A short reason for the 401 body; never the token itself. */
function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "the Access token has expired";
  if (err instanceof errors.JWTClaimValidationFailed)
    return `the Access token's ${err.claim} claim is not valid`;
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return "the Access token's signature is not valid";
  if (err instanceof errors.JWKSNoMatchingKey) return "the Access token was not signed by a known key";
  if (err instanceof errors.JOSEError) return "the Access token is not valid";
  return "the Access token could not be verified";
}
