/** Logging in through a site's own form, for the shared connector engine (site-connector.ts). */
import type { SiteSession } from "../browser/site-session.ts";
import { firstMatch } from "./html.ts";
import type { SiteSpec } from "./site-spec.ts";

/** Returns without submitting when the login page shows the session is still good. */
export async function logIn(
  spec: SiteSpec,
  s: SiteSession,
  creds: { username: string; password: string },
): Promise<void> {
  const page = await s.open(spec.paths.login, "login", { allow: ["login"] });
  if (page.classification.kind === "normal" && !firstMatch(page.doc, spec.login.password)) return; // still logged in
  const user = await s.require(page, spec.login.username, "login", "username field");
  const pass = await s.require(page, spec.login.password, "login", "password field");
  await s.fill(user, creds.username, "login");
  await s.fill(pass, creds.password, "login");
  const remember = spec.login.remember ? firstMatch(page.doc, spec.login.remember) : null;
  if (remember)
    await s.page.$eval(
      remember.selector,
      (el) => (el as HTMLInputElement).checked || (el as HTMLInputElement).click(),
    );
  const submit =
    (await s.pickVisible(spec.login.submit)) ??
    (await s.require(page, spec.login.submit, "login", "login button"));
  const clicked = await s.click(submit, "login", { navigation: true });
  if (!clicked.ok)
    await s.fail({
      class: "transient",
      step: "login",
      message: `login submit failed: ${clicked.error}`,
    });
  const after = await s.read("login", clicked.ok ? clicked.status : null, "after login", {
    allow: ["login"],
  });
  if (after.classification.kind === "login" || firstMatch(after.doc, spec.login.password)) {
    await s.fail({
      class: "session_expired",
      step: "login",
      message: "the site refused the login",
      marker: "login form shown again",
    });
  }
}
