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

/** Removes RFC 5322 comments "(…)", nested ones included; quoted strings are kept as they are. */
function stripComments(v: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (const ch of v) {
    if (quoted) {
      out += ch;
      if (ch === '"') quoted = false;
    } else if (ch === '"' && depth === 0) {
      quoted = true;
      out += ch;
    } else if (ch === "(") depth++;
    else if (ch === ")" && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

/** Parses one header value; null when it has no authserv-id. */
export function parseAuthResults(value: string): AuthResults | null {
  const parts = stripComments(value.replace(/\r?\n[ \t]+/g, " "))
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  let instance: number | null = null;
  const arc = /^i\s*=\s*(\d+)$/i.exec(parts[0] ?? "");
  if (arc) {
    instance = Number(arc[1]);
    parts.shift();
  }
  // The authserv-id may be followed by a version number ("mx.example.com 1").
  const authservId = (parts.shift() ?? "").split(/\s+/)[0]?.toLowerCase() ?? "";
  if (!authservId || authservId.includes("=")) return null;
  const results: AuthResult[] = [];
  for (const part of parts) {
    const [head, ...rest] = part.split(/\s+/);
    const m = /^([a-z0-9_-]+)\s*=\s*([a-z]+)$/i.exec(head ?? "");
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of rest) {
      const eq = kv.indexOf("=");
      if (eq > 0) props[kv.slice(0, eq).toLowerCase()] = kv.slice(eq + 1).replace(/^"|"$/g, "");
    }
    results.push({ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), props });
  }
  return { instance, authservId, results };
}
