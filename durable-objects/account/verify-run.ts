/**
 * The read-only verify check (connectors/verify/) inside the account's object, through Browser
 * Run: the same paced, classified session and the same saved login a production run uses, so
 * what it checks is what the account will meet. It holds the run lease (no run works the site
 * beside it), asks the governor for a browser like a run a person waits on, and never sends:
 * verifySite submits nothing but the site's login form. The caller (the API) records the outcome.
 */
import { connectorFor } from "../../connectors/registry.ts";
import { personalStrings } from "../../connectors/verify/capture-redact.ts";
import { reportHash, type VerifyReport } from "../../connectors/verify/report.ts";
import { scrubReport } from "../../connectors/verify/report-scrub.ts";
import { verifySite } from "../../connectors/verify/run.ts";
import { type AccountRef, accountObjectName } from "../../domain/account/address.ts";
import { db } from "../../domain/db/client.ts";
import { resolveCredential } from "../../domain/policy/credentials.ts";
import { readAccountPolicy } from "../../domain/policy/policy-store.ts";
import { sleep } from "../../domain/util/sleep.ts";
import type { DecideFn } from "./run.ts";
import { runConfig } from "./run-config.ts";
import { RunContext } from "./run-context.ts";
import { closeSession, openSession, saveCookies } from "./run-session.ts";
import type { AccountStorage } from "./storage.ts";

const LEASE_WAIT_MS = 30_000;

export type VerifyOutcome =
  | { ok: true; report: VerifyReport; reportHash: string }
  | { ok: false; reason: "busy" | "no_browser" | "launch_failed"; message: string; retryAfterMs?: number };

export async function verifyInObject(args: {
  env: Env;
  store: AccountStorage;
  ref: AccountRef;
  instance: string;
  decide: DecideFn;
}): Promise<VerifyOutcome> {
  const { env, store, ref } = args;
  const cfg = runConfig(env, ref.platform);
  const runId = crypto.randomUUID();
  // A run working the account now is usually done within seconds: wait for it rather than refuse.
  const waitUntil = Date.now() + LEASE_WAIT_MS;
  while (!store.takeRunLease(runId, args.instance, Date.now(), cfg.runLeaseTtlMs)) {
    if (Date.now() > waitUntil)
      return {
        ok: false,
        reason: "busy",
        message: "A run is working this account now; try again in a minute",
      };
    await sleep(500);
  }
  const ctx = new RunContext(env, store, ref, cfg, runId, args.decide);
  const governor = env.BROWSER_GOVERNOR.getByName("global");
  const holder = accountObjectName(ref);
  try {
    const slot = await governor.acquire(holder, { launch: true, urgent: true });
    if (!slot.granted)
      return {
        ok: false,
        reason: "no_browser",
        message: `No browser slot free (${slot.reason}); try again shortly`,
        retryAfterMs: slot.retryAfterMs,
      };
    const policy = await readAccountPolicy(db(env.DB), ref.accountId);
    const origin = policy?.account.baseUrl ?? connectorFor(ref.platform).realOrigin;
    const refs = policy?.account.credentialRefs ?? {};
    const username = resolveCredential(env, refs.username);
    const password = resolveCredential(env, refs.password);
    try {
      await openSession(ctx, origin, null);
    } catch (err) {
      await closeSession(ctx, governor, holder);
      return { ok: false, reason: "launch_failed", message: String(err).slice(0, 160) };
    }
    try {
      const spec = connectorFor(ref.platform).spec;
      const run = await verifySite(ctx.site(), spec, {
        account: ref.accountId,
        browser: "browser_run",
        credentials: username && password ? { username, password } : null,
      });
      // What leaves the object is the report the panel stores and shows: no lead's name or words.
      const report = scrubReport(run.report, personalStrings(spec, run.pages));
      // A login the check made is the account's login too: keep it for the next run.
      if (report.steps.some((s) => s.pageClass === "inbox")) await saveCookies(ctx).catch(() => undefined);
      return { ok: true, report, reportHash: await reportHash(report) };
    } finally {
      await closeSession(ctx, governor, holder);
    }
  } finally {
    if (store.holdsRunLease(runId)) store.releaseRunLease(runId);
  }
}
