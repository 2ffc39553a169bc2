export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `done` every `everyMs` until it holds or `withinMs` has passed; true when it held. */
export async function waitUntil(done: () => boolean, withinMs: number, everyMs = 50): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() >= until) return false;
    await sleep(everyMs);
  }
  return true;
}
