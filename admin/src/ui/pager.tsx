/**
 * Paging through a keyset-paginated list (`{ items, nextCursor }`, worker/api/keyset.ts): the
 * screen keeps the cursors it has walked through, so it can go forward and back.
 */
import { useState } from "preact/hooks";

export function usePager(base: string) {
  const [trail, setTrail] = useState<string[]>([]);
  const cursor = trail.at(-1);
  const sep = base.includes("?") ? "&" : "?";
  return {
    path: cursor ? `${base}${sep}cursor=${encodeURIComponent(cursor)}` : base,
    page: trail.length + 1,
    next: (c: string) => setTrail([...trail, c]),
    back: () => setTrail(trail.slice(0, -1)),
  };
}

export function Pager(props: {
  pager: ReturnType<typeof usePager>;
  nextCursor: string | null | undefined;
  label: string;
}) {
  const { pager, nextCursor, label } = props;
  if (pager.page === 1 && !nextCursor) return null;
  return (
    <nav class="actions" aria-label={`${label} pages`}>
      <button type="button" class="secondary" disabled={pager.page === 1} onClick={pager.back}>
        Previous {label}
      </button>
      <span class="muted">page {pager.page}</span>
      <button
        type="button"
        class="secondary"
        disabled={!nextCursor}
        onClick={() => nextCursor && pager.next(nextCursor)}
      >
        More {label}
      </button>
    </nav>
  );
}
