/**
 * Issue 22, findings 1, 3 and 6 (docs/security.md, "A site"): the browser stays on the account's
 * site, the login types nothing into a page of another origin (a redirect to a look-alike host
 * included) and says why, and evidence keeps no typed or echoed input values.
 * A real Chromium behind the Browser binding, against the sandbox sites.
 */
import type { HTTPRequest } from "@cloudflare/puppeteer";
import { beforeEach, describe, expect, it } from "vitest";
import { ConnectorFailureError } from "../../connectors/core/failures.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { withSite } from "./connector-harness.ts";

const P = "spareroom" as const;
const LOOK_ALIKE = "roomies" as const; // another host (port) that also serves a login form

beforeEach(async () => {
  await sandbox.reset({ seed: 7 });
});

async function failureOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof ConnectorFailureError) return err.failure;
    throw err;
  }
  throw new Error("expected a connector failure");
}

describe("navigation stays on the site", () => {
  it("refuses a protocol-relative or absolute path to another host, and never loads it", async () => {
    await withSite(
      P,
      async ({ session, evidence }) => {
        await session.open("/", "inbox").catch(() => undefined);
        const before = session.page.url();
        for (const path of [
          "//evil.example/x",
          "https://evil.example/inbox",
          `${siteOrigin(LOOK_ALIKE)}/inbox`,
        ]) {
          const f = await failureOf(session.open(path, "inbox"));
          expect(f.marker, path).toBe("off_site");
          expect(session.page.url()).toBe(before);
        }
        expect(evidence.length).toBeGreaterThan(0);
      },
      { login: false },
    );
  });

  it("the login refuses to type into a page the site redirected to another origin, and records why", async () => {
    await withSite(
      P,
      async ({ session, evidence }) => {
        const { spec, connector } = connectorFor(P);
        const lookAlike = `${siteOrigin(LOOK_ALIKE)}${connectorFor(LOOK_ALIKE).spec.paths.login}`;
        await session.page.setRequestInterception(true);
        session.page.on("request", (req: HTTPRequest) => {
          if (req.isInterceptResolutionHandled()) return;
          if (req.url() === session.url(spec.paths.login))
            void req.respond({ status: 302, headers: { location: lookAlike } });
          else void req.continue();
        });
        const r = await connector.login(session, { username: "demo", password: "typed-secret-xyz" });
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.failure.marker).toBe("off_site");
        expect(r.failure.step).toBe("login");
        expect(r.failure.message).toContain(new URL(siteOrigin(LOOK_ALIKE)).host);
        // Nothing typed on the look-alike page.
        const typed = await session.page.$$eval("input", (els) =>
          els.map((e) => (e as HTMLInputElement).value),
        );
        expect(typed.join("|")).not.toContain("typed-secret-xyz");
        expect(typed.join("|")).not.toContain("demo");
        expect(evidence.at(-1)?.message).toContain("refused");
      },
      { login: false },
    );
  });
});

describe("evidence keeps no input values", () => {
  it("strips typed and echoed input values (passwords included) from the stored HTML", async () => {
    await withSite(
      P,
      async ({ session, evidence }) => {
        const { spec } = connectorFor(P);
        const page = await session.open(spec.paths.login, "login", { allow: ["login"] });
        const user = await session.require(page, spec.login.username, "login", "username");
        const pass = await session.require(page, spec.login.password, "login", "password");
        await session.fill(user, "lead-address@example.com", "login");
        await session.fill(pass, "typed-secret-xyz", "login");
        // A site that re-renders the form with what was typed (as many do after a failed login).
        await session.page.evaluate(() => {
          for (const el of document.querySelectorAll("input")) el.setAttribute("value", el.value);
        });
        await failureOf(session.fail({ class: "session_expired", step: "login", message: "test" }));
        const stored = evidence.at(-1);
        expect(stored?.html.length).toBeGreaterThan(100);
        expect(stored?.html).not.toContain("typed-secret-xyz");
        expect(stored?.html).not.toContain("lead-address@example.com");
      },
      { login: false },
    );
  });
});
