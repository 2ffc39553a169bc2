/**
 * The account's site is one origin: the platform's real one, or its sandbox stand-in
 * (domain/policy/site-origin.ts). Every address the browser is sent to, reads or types into is
 * checked against it, so a path like "//evil.example/x" from a page, or a redirect to a
 * look-alike host, never gets the session, a credential or a reply.
 */
import type { Failure, Step } from "./failures.ts";

export function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

/** The classified failure for an off-site address; names the host, never the whole URL. */
export function offSiteFailure(url: string, origin: string, step: Step, what: string): Failure {
  let where = "an address that does not parse";
  try {
    where = new URL(url).host || new URL(url).protocol;
  } catch {
    // keep the generic words: the URL itself may carry a token
  }
  return {
    class: "access_blocked",
    step,
    message: `refused to ${what} ${where}: not the site's own ${new URL(origin).host}`,
    marker: "off_site",
  };
}
