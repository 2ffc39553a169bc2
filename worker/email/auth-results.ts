/**
 * Reading the verdicts the receiving mail server wrote into `Authentication-Results` and
 * `ARC-Authentication-Results` (RFC 8601): `authserv-id; method=result prop=value ...; ...`.
 * Pure text handling; which header is believed is notification.ts's rule.
 */

export interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

export interface AuthResults {
  /** The ARC instance (`i=1`) when the header is an ARC copy, else null. */
  instance: number | null;
  authservId: string;
  results: AuthResult[];
}

/** A word of a resinfo: text outside quotes and comments, or "=" on its own. */
type Token = { kind: "word"; text: string } | { kind: "eq" };

/**
 * Splits a header value into resinfo segments (top-level ";") of tokens, per RFC 8601's grammar
 * over RFC 5322's lexical rules: a quoted-string is one piece of a word whatever it contains
 * (";", "=", spaces, "\"" escapes) — so a quoted local part such as
 * `smtp.mailfrom="x; dkim=pass header.d=site.com"@evil.example` stays one value — and comments
 * (nested, with quoted-pairs) count as whitespace. "=" outside quotes is a token of its own, so
 * CFWS around it ("dkim = pass") reads the same as none.
 */
function tokenize(value: string): Token[][] {
  const segments: Token[][] = [[]];
  let word: string | null = null;
  let depth = 0;
  let quoted = false;
  const current = () => segments[segments.length - 1]!;
  const endWord = () => {
    if (word !== null) current().push({ kind: "word", text: word });
    word = null;
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted) {
      if (ch === "\\" && i + 1 < value.length) word = (word ?? "") + value[++i];
      else if (ch === '"') quoted = false;
      else word = (word ?? "") + ch;
    } else if (depth > 0) {
      if (ch === "\\") i++;
      else if (ch === "(") depth++;
      else if (ch === ")") depth--;
    } else if (ch === '"') {
      quoted = true;
      word = word ?? "";
    } else if (ch === "(") {
      endWord();
      depth = 1;
    } else if (ch === ";") {
      endWord();
      segments.push([]);
    } else if (ch === "=") {
      endWord();
      current().push({ kind: "eq" });
    } else if (/\s/.test(ch)) endWord();
    else word = (word ?? "") + ch;
  }
  endWord();
  return segments.filter((s) => s.length > 0);
}

/** `name = value` pairs of a segment, in order; tokens outside a pair are skipped. */
function pairs(tokens: Token[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const [a, eq, b] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (a?.kind === "word" && eq?.kind === "eq" && b?.kind === "word") {
      out.push([a.text, b.text]);
      i += 2;
    }
  }
  return out;
}

/** Parses one header value; null when it has no authserv-id. */
export function parseAuthResults(value: string): AuthResults | null {
  const segments = tokenize(value.replace(/\r?\n[ \t]+/g, " "));
  let instance: number | null = null;
  const first = segments[0];
  // ARC-Authentication-Results starts with "i=<n>".
  if (
    first?.length === 3 &&
    first[0]?.kind === "word" &&
    /^i$/i.test(first[0].text) &&
    first[1]?.kind === "eq"
  ) {
    const n = first[2]?.kind === "word" && /^\d+$/.test(first[2].text) ? Number(first[2].text) : Number.NaN;
    if (Number.isNaN(n)) return null;
    instance = n;
    segments.shift();
  }
  // The authserv-id may be followed by a version number ("mx.example.com 1").
  const head = segments.shift() ?? [];
  const id = head[0];
  if (id?.kind !== "word" || head.some((t) => t.kind === "eq")) return null;
  const authservId = id.text.toLowerCase();
  const results: AuthResult[] = [];
  for (const seg of segments) {
    const [method, ...rest] = pairs(seg);
    if (!method || !/^[a-z0-9_-]+$/i.test(method[0]) || !/^[a-z]+$/i.test(method[1])) continue;
    const props: Record<string, string> = {};
    for (const [k, v] of rest) props[k.toLowerCase()] = v;
    results.push({ method: method[0].toLowerCase(), result: method[1].toLowerCase(), props });
  }
  return { instance, authservId, results };
}
