/**
 * Where did it go? For a selector that matched nothing, candidates found by structure rather
 * than by name: the element whose text is a message the operator knows is in the thread (their
 * own test inquiry), the repeated element each thread link or known message sits in, the
 * textarea and the button of its form, the element whose datetime attribute or text is a time
 * near a known message's time, the card and the parts that carry a known listing's id, title or
 * price. Nothing here knows any site's markup, so it works on a
 * page nobody has seen; each candidate is checked against the page (it must find the known
 * element) and ranked by how well its count fits.
 */
import { escapeRegExp } from "../../domain/util/regexp.ts";
import { parseSiteDate } from "../core/dates.ts";
import type { Doc } from "../core/html.ts";

/** A listing the operator knows is on the listings page (their own ad): any of its facts. */
export interface KnownListing {
  id?: string | null;
  title?: string | null;
  price?: string | null;
}

export interface Known {
  /** Message texts known to be on the thread page (or, as previews, in the inbox). */
  texts: readonly string[];
  /** Lead names known to be on the pages. */
  names: readonly string[];
  /** The start of a thread link's path (e.g. "/inbox/"), to find inbox rows by their links. */
  threadPathPrefix: string | null;
  /** Instants (ISO) of messages known to be on the pages, to find the date elements by. */
  times?: readonly string[];
  /** Listings known to be on the listings page. */
  listings?: readonly KnownListing[];
  /** How the site's date texts are read: its zone and the instant "today" means. */
  dateContext?: { timeZone: string; now: string };
}

export interface Candidate {
  selector: string;
  /** Elements it matches on the page. */
  count: number;
  /** How it was found. */
  why: string;
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
const STABLE_ATTRS = ["data-testid", "data-test", "data-qa", "name", "role", "type", "aria-label"];
const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/'/g, "\\'");

function countOf(doc: Doc, selector: string): number {
  try {
    return doc.querySelectorAll(selector).length;
  } catch {
    return -1;
  }
}

/** Selectors that describe an element by its structure, most stable first. */
export function describeElement(el: Element): string[] {
  const tag = el.tagName.toLowerCase();
  const out: string[] = [];
  for (const a of STABLE_ATTRS) {
    const v = el.getAttribute(a);
    if (v && v.length <= 40) out.push(`${tag}[${a}='${esc(v)}']`);
  }
  const id = el.getAttribute("id");
  const idPrefix = id ? /^([A-Za-z][\w-]*?[-_]?)\d+$/.exec(id) : null;
  if (idPrefix?.[1]) out.push(`${tag}[id^='${esc(idPrefix[1])}']`);
  for (const a of Array.from(el.attributes)) {
    if (a.name.startsWith("data-") && !STABLE_ATTRS.includes(a.name)) out.push(`${tag}[${a.name}]`);
  }
  // Class names that look written by a person, not generated (no long digit runs, not too long).
  const classes = Array.from(el.classList).filter(
    (c) => c.length <= 40 && !/\d{3,}/.test(c) && /^[A-Za-z_-]/.test(c),
  );
  for (const c of classes) out.push(`${tag}.${cssIdent(c)}`);
  if (classes.length >= 2) out.push(`${tag}.${cssIdent(classes[0]!)}.${cssIdent(classes[1]!)}`);
  if (id && !idPrefix && /^[A-Za-z][\w-]*$/.test(id)) out.push(`#${id}`);
  out.push(tag);
  return [...new Set(out)];
}

function cssIdent(c: string): string {
  return c.replace(/([^\w-])/g, "\\$1");
}

/** The deepest elements whose text contains the probe (the element that holds it, not its page). */
function holders(doc: Doc, probe: string, opts: { prefix?: boolean } = {}): Element[] {
  const p = norm(opts.prefix ? probe.slice(0, 40) : probe);
  if (p.length < 2) return [];
  const all = Array.from(doc.querySelectorAll("body *")).filter(
    (el) => !["SCRIPT", "STYLE", "TEMPLATE"].includes(el.tagName) && norm(el.textContent ?? "").includes(p),
  );
  return all.filter((el) => !Array.from(el.children).some((c) => all.includes(c)));
}

/** Ranks selectors by how many of the targets they find, then by how close their count is to the targets'. */
function rank(
  doc: Doc,
  targets: Element[],
  pool: Map<string, string>,
  expected = targets.length,
  max = 3,
): Candidate[] {
  if (!targets.length) return [];
  const scored: { c: Candidate; hits: number; off: number; order: number }[] = [];
  let order = 0;
  for (const [selector, why] of pool) {
    const n = countOf(doc, selector);
    if (n <= 0) continue;
    const matched = new Set(Array.from(doc.querySelectorAll(selector)));
    const hits = targets.filter((t) => matched.has(t)).length;
    if (!hits) continue;
    scored.push({ c: { selector, count: n, why }, hits, off: Math.abs(n - expected), order: order++ });
  }
  scored.sort((a, b) => b.hits - a.hits || a.off - b.off || a.order - b.order);
  return scored.slice(0, max).map((s) => s.c);
}

function addAll(pool: Map<string, string>, els: Element[], why: string) {
  for (const el of els) {
    const own = describeElement(el);
    for (const s of own) if (!pool.has(s)) pool.set(s, why);
    // A bare element (a link, a <b>) is told apart by where it sits.
    const parent = el.parentElement;
    if (parent && parent.tagName !== "BODY") {
      const tag = own.at(-1)!;
      for (const p of describeElement(parent).slice(0, -1)) {
        const s = `${p} > ${tag}`;
        if (!pool.has(s)) pool.set(s, why);
      }
    }
  }
}

/** Elements each holding one of the anchors, one per anchor: the repeated row or message item. */
function repeatedAround(doc: Doc, anchors: Element[], why: string, expected = anchors.length): Candidate[] {
  if (!anchors.length) return [];
  const pool = new Map<string, string>();
  const levels: Element[][] = [];
  for (const a of anchors) {
    const chain: Element[] = [];
    for (let el: Element | null = a; el && el.tagName !== "BODY"; el = el.parentElement) chain.push(el);
    levels.push(chain);
  }
  for (const chain of levels) addAll(pool, chain, why);
  // A selector qualifies when each anchor sits in its own matched element (not one container for all).
  const distinct = (selector: string) => {
    const matched = Array.from(doc.querySelectorAll(selector));
    const owners = new Set(anchors.map((a) => matched.find((m) => m === a || m.contains(a)) ?? null));
    return owners.has(null) ? 0 : owners.size;
  };
  // An element with a sibling of the same tag and first class is one of a list (a row, a message).
  const repeats = (el: Element) =>
    Array.from(el.parentElement?.children ?? []).some(
      (x) => x !== el && x.tagName === el.tagName && (x.classList[0] ?? "") === (el.classList[0] ?? ""),
    )
      ? 0
      : 1;
  const out: { c: Candidate; score: number; depth: number; stable: number; single: number }[] = [];
  for (const [selector, w] of pool) {
    const n = countOf(doc, selector);
    if (n <= 0 || distinct(selector) !== anchors.length) continue;
    const el = doc.querySelector(selector)!;
    const depth = levels[0]!.findIndex((x) => x === el || el.contains(x)) ?? 0;
    const stable = /\[(id\^|data-)/.test(selector) ? 0 : selector.includes(".") ? 1 : 2;
    out.push({
      c: { selector, count: n, why: w },
      score: Math.abs(n - expected),
      depth,
      stable,
      single: repeats(el),
    });
  }
  // With one anchor every ancestor holds "one per anchor": then the repeated element wins.
  out.sort((a, b) =>
    anchors.length < 2
      ? a.single - b.single || a.stable - b.stable || b.depth - a.depth
      : a.score - b.score || a.stable - b.stable || b.depth - a.depth,
  );
  return out.slice(0, 3).map((o) => o.c);
}

/** A date text or attribute this near a known time is that time shown (a day-only date: noon). */
const NEAR_MS = 18 * 3_600_000;
const TIME_ATTRS = ["datetime", "data-time", "data-timestamp", "data-date", "title"];

/** The instant an element shows: its datetime-like attribute, else its own short text. */
function instantOf(el: Element, ctx: Known["dateContext"]): number | null {
  const opts = { timeZone: ctx?.timeZone ?? "UTC", now: new Date(ctx?.now ?? Date.now()) };
  const raw = [...TIME_ATTRS.map((a) => el.getAttribute(a)), el.children.length ? null : el.textContent];
  for (const v of raw) {
    const t = v?.replace(/\s+/g, " ").trim();
    if (!t || t.length > 48) continue;
    const epoch = /^\d{10}(\d{3})?$/.test(t) ? Number(t) * (t.length === 10 ? 1000 : 1) : null;
    const ms = epoch ?? Date.parse(parseSiteDate(t, opts)?.iso ?? "");
    if (!Number.isNaN(ms)) return ms;
  }
  return null;
}

/** For each known time, the element showing the nearest instant (within NEAR_MS). */
function dateTargets(doc: Doc, known: Known): Element[] {
  const times = (known.times ?? []).map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t));
  if (!times.length) return [];
  const shown = Array.from(doc.querySelectorAll("body *"))
    .filter((el) => !["SCRIPT", "STYLE", "TEMPLATE"].includes(el.tagName))
    .map((el) => ({ el, at: instantOf(el, known.dateContext) }))
    .filter((x): x is { el: Element; at: number } => x.at !== null);
  const out = new Set<Element>();
  for (const t of times) {
    const best = shown
      .map((x) => ({ ...x, off: Math.abs(x.at - t) }))
      .filter((x) => x.off <= NEAR_MS)
      .sort((a, b) => a.off - b.off)[0];
    if (best) out.add(best.el);
  }
  return [...out];
}

const digits = (s: string) => s.replace(/\D/g, "");

/** Elements carrying a known listing's id in an attribute (an id, a data attribute, a link). */
function carriersOfId(doc: Doc, id: string): Element[] {
  const re = new RegExp(`(^|[^0-9A-Za-z])${escapeRegExp(id)}($|[^0-9A-Za-z])`);
  return Array.from(doc.querySelectorAll("body *")).filter((el) =>
    Array.from(el.attributes).some((a) => a.name !== "class" && re.test(a.value)),
  );
}

/**
 * One element per known listing that carries it: among the elements holding its id (or else its
 * title), the kind (tag and first class) the most listings share, then the one holding most of
 * its facts (a card holds title and price; a "recently viewed" link only the title), outermost.
 */
function listingAnchors(doc: Doc, listings: readonly KnownListing[]): Element[] {
  const depth = (el: Element) => {
    let n = 0;
    for (let p = el.parentElement; p; p = p.parentElement) n++;
    return n;
  };
  const per = listings.map((l) => {
    const carriers = l.id ? carriersOfId(doc, l.id) : l.title ? holders(doc, l.title) : [];
    return carriers.map((el) => {
      const text = el.textContent ?? "";
      const facts =
        (l.title && norm(text).includes(norm(l.title)) ? 1 : 0) +
        (l.price && digits(l.price).length >= 2 && digits(text).includes(digits(l.price)) ? 1 : 0);
      return { el, sig: `${el.tagName}|${el.classList[0] ?? ""}`, facts, depth: depth(el) };
    });
  });
  const shared = new Map<string, number>();
  for (const cs of per)
    for (const sig of new Set(cs.map((c) => c.sig))) shared.set(sig, (shared.get(sig) ?? 0) + 1);
  return per.flatMap((cs) => {
    const best = [...cs].sort(
      (a, b) => shared.get(b.sig)! - shared.get(a.sig)! || b.facts - a.facts || a.depth - b.depth,
    )[0];
    return best ? [best.el] : [];
  });
}

function listingCandidates(doc: Doc, name: string, listings: readonly KnownListing[]): Candidate[] {
  const pool = new Map<string, string>();
  const titles = listings.flatMap((l) =>
    l.title
      ? holders(doc, l.title).filter((el) => norm(el.textContent ?? "").length <= l.title!.length + 24)
      : [],
  );
  if (name === "listings.card") {
    // The known listings are some of the page's: count every element of the anchors' kind.
    const anchors = listingAnchors(doc, listings);
    const first = anchors[0];
    const kind = first
      ? `${first.tagName.toLowerCase()}${first.classList[0] ? `.${cssIdent(first.classList[0])}` : ""}`
      : "";
    const expected = kind ? countOf(doc, kind) : anchors.length;
    return repeatedAround(
      doc,
      anchors,
      "holds a known listing (its id, title and price), one per listing",
      expected,
    );
  }
  if (name === "listings.title") {
    addAll(pool, titles, "its text is a known listing's title");
    return rank(doc, titles, pool);
  }
  if (name === "listings.price") {
    const targets = listings.flatMap((l) => {
      const d = l.price ? digits(l.price) : "";
      if (d.length < 2) return [];
      return Array.from(doc.querySelectorAll("body *")).filter(
        (el) =>
          !el.children.length &&
          digits(el.textContent ?? "") === d &&
          norm(el.textContent ?? "").length <= 40,
      );
    });
    addAll(pool, targets, "its text is a known listing's price");
    return rank(doc, targets, pool);
  }
  return [];
}

/** Candidates for one of the connector's selectors (by its name in the catalog) on a page. */
export function findCandidates(doc: Doc, name: string, known: Known): Candidate[] {
  const texts = known.texts.filter((t) => norm(t).length >= 8);
  const pool = new Map<string, string>();
  // On the inbox, a row's parts repeat once per thread link.
  const prefix = known.threadPathPrefix;
  const threadLinks = prefix
    ? Array.from(doc.querySelectorAll("a[href]")).filter((a) =>
        (a.getAttribute("href") ?? "").includes(prefix),
      )
    : [];
  const perRow = name.startsWith("inbox.") && threadLinks.length ? threadLinks.length : undefined;
  if (name === "thread.item") {
    const anchors = texts.flatMap((t) => holders(doc, t).slice(0, 1));
    return repeatedAround(doc, anchors, "holds a known message, one element per message");
  }
  if (name === "thread.body") {
    const targets = texts.flatMap((t) => holders(doc, t).slice(0, 1));
    addAll(pool, targets, "its text is a known message");
    return rank(doc, targets, pool);
  }
  if (/^inbox\.(rows?|card)$/.test(name) && prefix)
    return repeatedAround(doc, threadLinks, `holds a link to a thread (${prefix}…), one per thread`);
  if (/^inbox\.(preview|snippet)$/.test(name)) {
    const targets = texts.flatMap((t) => holders(doc, t, { prefix: true }).slice(0, 1));
    addAll(pool, targets, "its text starts like a known message");
    return rank(doc, targets, pool, perRow);
  }
  if (/\.(name|leadName|from)$/.test(name)) {
    const targets = known.names.flatMap((n) =>
      holders(doc, n).filter((el) => norm(el.textContent ?? "").length <= n.length + 24),
    );
    addAll(pool, targets, "its text is a known lead name");
    return rank(doc, targets, pool, perRow);
  }
  if (/^(inbox|thread)\.(date|time)$/.test(name)) {
    const targets = dateTargets(doc, known);
    addAll(pool, targets, "shows a time near a known message's time");
    return rank(doc, targets, pool, perRow);
  }
  if (name.startsWith("listings.")) return listingCandidates(doc, name, known.listings ?? []);
  if (name === "composer.textarea" || name === "login.password" || name === "login.username") {
    const sel =
      name === "composer.textarea"
        ? "textarea"
        : name === "login.password"
          ? "input[type='password']"
          : "form input[type='email'], form input[type='text']";
    const targets = Array.from(doc.querySelectorAll(sel));
    addAll(pool, targets, `the page's ${sel.split(",")[0]}`);
    return rank(doc, targets.slice(0, 1), pool);
  }
  if (name === "composer.submit" || name === "login.submit") {
    const field = doc.querySelector(name === "composer.submit" ? "textarea" : "input[type='password']");
    const form = field?.closest("form") ?? field?.parentElement?.parentElement ?? null;
    // A <button> submits unless its type says otherwise; "button" and "reset" never send.
    const targets = form
      ? Array.from(form.querySelectorAll("button, input[type='submit']")).filter(
          (b) => !["button", "reset"].includes((b.getAttribute("type") ?? "submit").toLowerCase()),
        )
      : [];
    addAll(pool, targets, "a button in the form that holds the field");
    return rank(doc, targets.slice(0, 1), pool);
  }
  return [];
}
