/**
 * Browser Run ends a session that nobody is connected to once its keep-alive runs out.
 * miniflare's local Browser binding never does: a session whose object was aborted mid-run, or
 * one kept for a next run that never came, stays open as a Chromium on this machine until the
 * runtime exits. A benchmark that kills every object every couple of minutes for an hour would
 * pile up hundreds of them. Long benchmarks sweep with this to give the local binding the same
 * keep-alive as the real one; the sweep runs in workerd, next to the binding.
 */
import { type BrowserBinding, closeSessionById } from "../../connectors/browser/launcher.ts";

interface SessionView {
  sessionId: string;
  connectionId?: string;
}

export interface LocalBrowserReaper {
  /** Closes the sessions that have had no connection for the keep-alive; call every few seconds. */
  sweep(now?: number): Promise<void>;
  stats(): { reaped: number; peakSessions: number };
}

export function localBrowserReaper(binding: BrowserBinding, keepAliveMs: number): LocalBrowserReaper {
  // First seen without a connection: at most one sweep later than the real disconnect, so the
  // local keep-alive errs long, never short (a kept browser is reused within its keep-alive).
  const idleSince = new Map<string, number>();
  let reaped = 0;
  let peakSessions = 0;
  return {
    async sweep(now = Date.now()) {
      const res = await binding.fetch("https://browser.run/v1/sessions");
      if (!res.ok) {
        await res.body?.cancel();
        return;
      }
      const { sessions } = (await res.json()) as { sessions: SessionView[] };
      peakSessions = Math.max(peakSessions, sessions.length);
      const present = new Set(sessions.map((s) => s.sessionId));
      for (const id of idleSince.keys()) if (!present.has(id)) idleSince.delete(id);
      for (const s of sessions) {
        if (s.connectionId) {
          idleSince.delete(s.sessionId);
          continue;
        }
        const since = idleSince.get(s.sessionId) ?? now;
        idleSince.set(s.sessionId, since);
        if (now - since < keepAliveMs) continue;
        if ((await closeSessionById(binding, s.sessionId)) === "closed") reaped++;
        idleSince.delete(s.sessionId);
      }
    },
    stats: () => ({ reaped, peakSessions }),
  };
}
