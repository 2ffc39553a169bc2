/**
 * The few wrangler.toml values `npm run setup` writes, read and replaced line by line so the
 * file keeps its comments and layout (it is ours: one `database_id`, `addresses` at the top
 * level, the Access values in [vars]). Pure; unchanged text when the value is already there.
 */

/** The value of `key = "…"` inside `[table]` (or at the top level when table is null). */
export function readString(toml: string, table: string | null, key: string): string | undefined {
  let current: string | null = null;
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    const header = /^\[\[?\s*([\w.]+)\s*\]\]?$/.exec(line);
    if (header) {
      current = header[1]!;
      continue;
    }
    if (current !== table) continue;
    const m = new RegExp(`^${key}\\s*=\\s*"([^"]*)"`).exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** Replaces the value of an existing `key = "…"` line in `[table]`; throws when there is none. */
export function writeString(toml: string, table: string | null, key: string, value: string): string {
  if (/["\\\n]/.test(value))
    throw new Error(`${key}: a value with quotes, backslashes or newlines is not accepted`);
  const lines = toml.split("\n");
  let current: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const header = /^\[\[?\s*([\w.]+)\s*\]\]?/.exec(line);
    if (header) {
      current = header[1]!;
      continue;
    }
    if (current !== table) continue;
    const m = new RegExp(`^(\\s*${key}\\s*=\\s*)"[^"]*"(.*)$`).exec(lines[i]!);
    if (m) {
      lines[i] = `${m[1]}"${value}"${m[2]}`;
      return lines.join("\n");
    }
  }
  throw new Error(`wrangler.toml has no ${key} in ${table ? `[${table}]` : "its top level"} to set`);
}

/** The top-level Email Routing `addresses = [...]`, or [] without one. */
export function readAddresses(toml: string): string[] {
  const m = /^addresses\s*=\s*\[([^\]]*)\]/m.exec(toml);
  if (!m) return [];
  return [...m[1]!.matchAll(/"([^"]*)"/g)].map((x) => x[1]!);
}

export function writeAddresses(toml: string, addresses: readonly string[]): string {
  for (const a of addresses)
    if (!/^(\*|[A-Za-z0-9._%+-]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(a))
      throw new Error(`"${a}" is not an e-mail address or a *@domain catch-all`);
  const line = `addresses = [${addresses.map((a) => `"${a}"`).join(", ")}]`;
  if (!/^addresses\s*=/m.test(toml)) throw new Error("wrangler.toml has no addresses line to set");
  return toml.replace(/^addresses\s*=\s*\[[^\]]*\]/m, line);
}
