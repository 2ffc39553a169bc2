/**
 * Data and actions. usePoll keeps a GET fresh with conditional requests (every few seconds while
 * the tab is visible, at once after any action). useAction runs one request at a time per
 * control: a second click while the first is in flight does nothing, so nothing fires twice.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, getFresh } from "./api.ts";

const REFRESH_EVENT = "lease-bot:refresh";

/** Tells every poll on the page to fetch now (after an action changed something). */
export function refreshAll(): void {
  window.dispatchEvent(new Event(REFRESH_EVENT));
}

export interface Polled<T> {
  data: T | null;
  error: ApiFailure | null;
  reload: () => void;
}

export function usePoll<T>(path: string | null, everyMs = 4000): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const current = useRef(path);
  current.current = path;

  const load = useCallback(async () => {
    if (!path) return;
    try {
      const r = await getFresh<T>(path);
      if (current.current !== path) return;
      // On a 304 this is the cached object again: Preact skips the re-render, and a screen that
      // mounts after another one fetched the same path still gets the data.
      setData(r.data);
      setError(null);
    } catch (err) {
      if (current.current !== path) return;
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, "error", String(err)));
    }
  }, [path]);

  useEffect(() => {
    setData(null);
    setError(null);
    if (!path) return;
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void load();
    }, everyMs);
    const now = () => void load();
    window.addEventListener(REFRESH_EVENT, now);
    document.addEventListener("visibilitychange", now);
    return () => {
      clearInterval(timer);
      window.removeEventListener(REFRESH_EVENT, now);
      document.removeEventListener("visibilitychange", now);
    };
  }, [path, everyMs, load]);

  return { data, error, reload: load };
}

export interface ActionState {
  busy: boolean;
  ok: string | null;
  error: string | null;
}

/**
 * Wraps one user action. The in-flight guard is a ref, not state: two clicks in the same frame
 * both see it before any re-render, so only the first request is made.
 */
export function useAction(): [
  (fn: () => Promise<string | null | undefined>) => Promise<void>,
  ActionState,
  () => void,
] {
  const inFlight = useRef(false);
  const [state, setState] = useState<ActionState>({ busy: false, ok: null, error: null });
  const run = useCallback(async (fn: () => Promise<string | null | undefined>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setState({ busy: true, ok: null, error: null });
    try {
      const ok = await fn();
      setState({ busy: false, ok: ok ?? null, error: null });
      refreshAll();
    } catch (err) {
      setState({ busy: false, ok: null, error: err instanceof ApiFailure ? err.full : String(err) });
    } finally {
      inFlight.current = false;
    }
  }, []);
  const clear = useCallback(() => setState({ busy: false, ok: null, error: null }), []);
  return [run, state, clear];
}
