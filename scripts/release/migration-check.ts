/**
 * Additive-migration check (docs/release.md, "Expand and contract"). During a gradual rollout
 * the previous Worker version keeps running against the same D1 database, and `wrangler
 * rollback` never rolls a migration back — so a migration may only add. This module reads
 * migrations/*.sql in order and rejects, in any migration, a statement that takes away or
 * rewrites something an EARLIER migration created:
 *
 *   - DROP TABLE / INDEX / VIEW / TRIGGER of an earlier object;
 *   - ALTER TABLE … DROP COLUMN, and every RENAME (table or column);
 *   - DELETE FROM, REPLACE INTO / INSERT OR REPLACE into an earlier table (rows the old version owns);
 *   - UPDATE of an earlier table that sets a column an earlier migration created (a backfill of
 *     a column added in the same migration is fine);
 *   - CREATE UNIQUE INDEX over columns that all existed before: the old version's inserts could
 *     start failing (a unique index that includes a new column is fine — old rows leave it NULL).
 *
 * Pure: text in, violations out. The contract step (dropping what no running version reads any
 * more) is a deliberate, reviewed exception: its file says so on a line of its own,
 *   -- release-check: contract <why, and which release stopped reading it>
 * and its violations are reported as accepted instead of failing the check
 * (docs/runbooks/change-checklists.md, "Expand / contract migrations").
 */

export interface MigrationFile {
  name: string;
  sql: string;
}

export interface Violation {
  file: string;
  rule: string;
  message: string;
  statement: string;
  /** The file declares itself a reviewed contract migration; the reason it gives. */
  acceptedAs: string | null;
}

const CONTRACT_MARK = /^\s*--\s*release-check:\s*contract\b[ \t]*(.*)$/m;

/** The reason a file gives for being a contract migration, or null when it is not one. */
export function contractReason(sql: string): string | null {
  const m = CONTRACT_MARK.exec(sql);
  if (!m) return null;
  return m[1]!.trim() || "(no reason given)";
}

interface Known {
  tables: Map<string, Set<string>>;
  indexes: Set<string>;
  views: Set<string>;
  triggers: Set<string>;
}

/** Strips comments, keeping string literals and quoted identifiers intact. */
export function stripComments(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
      out += " ";
      continue;
    }
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          // A doubled quote inside a literal is an escaped quote, not the end.
          if (close !== "]" && sql[j + 1] === close) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Blanks string literals so keywords inside them cannot match (lengths are kept). */
function blankLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, (m) => `'${" ".repeat(Math.max(0, m.length - 2))}'`);
}

/** Splits a migration into statements on top-level semicolons (CREATE TRIGGER … BEGIN … END kept whole). */
export function splitStatements(sql: string): string[] {
  const text = stripComments(sql);
  const scan = blankLiterals(text);
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  let inQuote: string | null = null;
  for (let i = 0; i < scan.length; i++) {
    const c = scan[i]!;
    if (inQuote) {
      if (c === inQuote) inQuote = null;
      continue;
    }
    if (c === '"' || c === "`") {
      inQuote = c;
      continue;
    }
    if (c === "[") {
      inQuote = "]";
      continue;
    }
    if (/[A-Za-z]/.test(c) && (i === 0 || !/[A-Za-z0-9_]/.test(scan[i - 1]!))) {
      const word = /^[A-Za-z_]+/.exec(scan.slice(i))![0].toUpperCase();
      if (word === "BEGIN" && /^\s*CREATE\s+(TEMP\w*\s+)?TRIGGER\b/i.test(scan.slice(start, i))) depth++;
      else if (word === "END" && depth > 0) depth--;
      i += word.length - 1;
      continue;
    }
    if (c === ";" && depth === 0) {
      const stmt = text.slice(start, i).trim();
      if (stmt) out.push(stmt);
      start = i + 1;
    }
  }
  const tail = text.slice(start).trim();
  if (tail) out.push(tail);
  return out;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|\x60[^\x60]+\x60|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*)`;
const QUALIFIED = String.raw`(?:${IDENT}\s*\.\s*)?(${IDENT})`;

/** Unquotes and lower-cases an identifier. */
export function ident(raw: string): string {
  const t = raw.trim();
  const q = t[0];
  if ((q === '"' || q === "`") && t.endsWith(q))
    return t.slice(1, -1).replaceAll(`${q}${q}`, q).toLowerCase();
  if (q === "[" && t.endsWith("]")) return t.slice(1, -1).toLowerCase();
  return t.toLowerCase();
}

/** Splits a parenthesised list on top-level commas. */
function topLevelParts(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  let quote: string | null = null;
  for (const c of body) {
    if (quote) {
      cur += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") quote = c;
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (c === "," && depth === 0) {
      parts.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The text between the first "(" at or after `from` and its matching ")". */
function parenBody(s: string, from = 0): string | null {
  const open = s.indexOf("(", from);
  if (open === -1) return null;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) return s.slice(open + 1, i);
  }
  return null;
}

const TABLE_CONSTRAINT = /^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\b/i;

function columnsOf(createBody: string): string[] {
  return topLevelParts(createBody)
    .filter((p) => !TABLE_CONSTRAINT.test(p))
    .map((p) => ident(new RegExp(`^${IDENT}`).exec(p)?.[0] ?? p.split(/\s+/)[0]!));
}

function re(pattern: string): RegExp {
  return new RegExp(pattern, "i");
}

const R = {
  createTable: re(String.raw`^CREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${QUALIFIED}`),
  createIndex: re(
    String.raw`^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?${QUALIFIED}\s+ON\s+(${IDENT})`,
  ),
  createView: re(String.raw`^CREATE\s+(?:TEMP(?:ORARY)?\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?${QUALIFIED}`),
  createTrigger: re(
    String.raw`^CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?${QUALIFIED}`,
  ),
  drop: re(String.raw`^DROP\s+(TABLE|INDEX|VIEW|TRIGGER)\s+(?:IF\s+EXISTS\s+)?${QUALIFIED}`),
  alter: re(String.raw`^ALTER\s+TABLE\s+${QUALIFIED}\s+(.*)$`),
  delete: re(String.raw`^(?:WITH\b.*?\)\s*)?DELETE\s+FROM\s+${QUALIFIED}`),
  replace: re(String.raw`^(?:REPLACE|INSERT\s+OR\s+REPLACE)\s+INTO\s+${QUALIFIED}`),
  update: re(String.raw`^UPDATE\s+(?:OR\s+\w+\s+)?${QUALIFIED}\s+SET\s+(.*)$`),
};

function updatedColumns(setAndRest: string): string[] {
  // Cut at the first top-level WHERE / FROM / RETURNING / ORDER / LIMIT.
  const scan = blankLiterals(setAndRest);
  let depth = 0;
  let end = scan.length;
  for (let i = 0; i < scan.length; i++) {
    const c = scan[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && /\s/.test(c) && /^\s+(WHERE|FROM|RETURNING|ORDER|LIMIT)\b/i.test(scan.slice(i))) {
      end = i;
      break;
    }
  }
  return topLevelParts(setAndRest.slice(0, end)).flatMap((assignment) => {
    const lhs = assignment.split("=")[0]!.trim();
    // (a, b) = (…) assigns several columns at once.
    const list = lhs.startsWith("(") ? lhs.slice(1, -1).split(",") : [lhs];
    return list.map((c) => ident(c));
  });
}

/** Checks migrations in the order given (sort them by file name first). */
export function checkMigrations(files: MigrationFile[]): Violation[] {
  const earlier: Known = { tables: new Map(), indexes: new Set(), views: new Set(), triggers: new Set() };
  const violations: Violation[] = [];
  for (const file of files) {
    const mine: Known = { tables: new Map(), indexes: new Set(), views: new Set(), triggers: new Set() };
    const acceptedAs = contractReason(file.sql);
    const flag = (rule: string, message: string, statement: string) =>
      violations.push({
        file: file.name,
        rule,
        message,
        statement: statement.replace(/\s+/g, " ").slice(0, 200),
        acceptedAs,
      });

    const handlers: [RegExp, (m: RegExpExecArray, stmt: string) => void][] = [
      [
        R.createTable,
        (m, stmt) => {
          const body = /\bAS\s+SELECT\b/i.test(stmt) ? null : parenBody(stmt, m[0].length);
          mine.tables.set(ident(m[1]!), new Set(body ? columnsOf(body) : []));
        },
      ],
      [
        R.createIndex,
        (m, stmt) => {
          const name = ident(m[2]!);
          const table = ident(m[3]!);
          mine.indexes.add(name);
          const cols = topLevelParts(parenBody(stmt, m[0].length) ?? "").map((c) =>
            ident(c.split(/\s+/)[0]!),
          );
          const before = earlier.tables.get(table);
          if (m[1] && before && cols.length > 0 && cols.every((c) => before.has(c)))
            flag(
              "unique_index_on_existing_columns",
              `UNIQUE index ${name} covers only columns of ${table} that already exist: the running version's writes could start failing`,
              stmt,
            );
        },
      ],
      [R.createView, (m) => mine.views.add(ident(m[1]!))],
      [R.createTrigger, (m) => mine.triggers.add(ident(m[1]!))],
      [
        R.drop,
        (m, stmt) => {
          const kind = m[1]!.toUpperCase() as "TABLE" | "INDEX" | "VIEW" | "TRIGGER";
          const name = ident(m[2]!);
          const known = {
            TABLE: earlier.tables,
            INDEX: earlier.indexes,
            VIEW: earlier.views,
            TRIGGER: earlier.triggers,
          }[kind].has(name);
          if (known)
            flag(
              `drop_${kind.toLowerCase()}`,
              `DROP ${kind} ${name}: an earlier migration created it, and the running version may still use it`,
              stmt,
            );
          else if (kind === "TABLE") mine.tables.delete(name);
        },
      ],
      [R.alter, (m, stmt) => alterTable(ident(m[1]!), m[2]!, stmt)],
      [
        R.delete,
        (m, stmt) => {
          const table = ident(m[1]!);
          if (earlier.tables.has(table))
            flag(
              "delete_rows",
              `DELETE FROM ${table}: removes rows an earlier migration's table holds`,
              stmt,
            );
        },
      ],
      [
        R.replace,
        (m, stmt) => {
          const table = ident(m[1]!);
          if (earlier.tables.has(table))
            flag("replace_rows", `REPLACE INTO ${table}: replacing deletes the existing row first`, stmt);
        },
      ],
      [
        R.update,
        (m, stmt) => {
          const table = ident(m[1]!);
          const before = earlier.tables.get(table);
          const existing = before ? updatedColumns(m[2]!).filter((c) => before.has(c)) : [];
          if (existing.length)
            flag(
              "update_existing_columns",
              `UPDATE ${table} rewrites ${existing.join(", ")}, which the running version reads; backfill only new columns`,
              stmt,
            );
        },
      ],
    ];

    const alterTable = (table: string, rest: string, stmt: string) => {
      const renameTable = re(String.raw`^RENAME\s+TO\s+(${IDENT})`).exec(rest);
      const renameColumn = re(String.raw`^RENAME\s+(?:COLUMN\s+)?(${IDENT})\s+TO\s+(${IDENT})`).exec(rest);
      const dropColumn = re(String.raw`^DROP\s+(?:COLUMN\s+)?(${IDENT})`).exec(rest);
      const addColumn = re(String.raw`^ADD\s+(?:COLUMN\s+)?(${IDENT})`).exec(rest);
      if (renameTable)
        flag(
          "rename_table",
          `ALTER TABLE ${table} RENAME TO ${ident(renameTable[1]!)}: the running version reads the old name`,
          stmt,
        );
      else if (renameColumn)
        flag(
          "rename_column",
          `ALTER TABLE ${table} RENAME ${ident(renameColumn[1]!)} TO ${ident(renameColumn[2]!)}: the running version reads the old name`,
          stmt,
        );
      else if (dropColumn)
        flag(
          "drop_column",
          `ALTER TABLE ${table} DROP COLUMN ${ident(dropColumn[1]!)}: the running version may still read it`,
          stmt,
        );
      else if (addColumn) {
        const cols = mine.tables.get(table) ?? new Set<string>();
        cols.add(ident(addColumn[1]!));
        mine.tables.set(table, cols);
      }
    };

    for (const stmt of splitStatements(file.sql)) {
      const s = stmt.replace(/\s+/g, " ").trim();
      for (const [pattern, handle] of handlers) {
        const m = pattern.exec(s);
        if (m) {
          handle(m, s);
          break;
        }
      }
    }

    for (const [t, cols] of mine.tables) {
      const all = earlier.tables.get(t) ?? new Set<string>();
      for (const c of cols) all.add(c);
      earlier.tables.set(t, all);
    }
    for (const k of ["indexes", "views", "triggers"] as const) for (const n of mine[k]) earlier[k].add(n);
  }
  return violations;
}
