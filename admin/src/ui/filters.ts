/** Filters live in the URL's query, so a filtered list is a link someone else can open. */
import { route } from "preact-router";

export function currentQuery(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

export function setQuery(changes: Record<string, string | null>): void {
  const q = currentQuery();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  route(`${window.location.pathname}${s ? `?${s}` : ""}`);
}
