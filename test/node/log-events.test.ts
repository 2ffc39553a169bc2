/**
 * Every structured log event the Worker and the objects emit is documented in
 * docs/observability.md, with every field it carries — and the page documents nothing that the
 * code no longer emits. The events are collected from the source with the TypeScript parser:
 * calls to logEvent(env, "<event>", { fields }), and calls to functions that pass their own
 * parameter on as the event name (RunContext.log, the outbox transitions' logTransition).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { METRIC_OUTCOMES } from "../../domain/db/schema.ts";

/** Fields logEvent adds to every line itself. */
const COMMON = ["event", "versionId", "at"];
/** The values a template-literal event name can take, by the variable in it. */
const TEMPLATE_VALUES: Record<string, readonly string[]> = { outcome: METRIC_OUTCOMES };
const SOURCE_DIRS = ["worker", "durable-objects", "connectors", "domain"];

interface Emitted {
  event: string;
  fields: Set<string>;
  where: string;
}

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(sourceFiles(p));
    else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function objectKeys(node: ts.Expression | undefined): { keys: string[]; spreads: string[] } {
  const keys: string[] = [];
  const spreads: string[] = [];
  if (node && ts.isObjectLiteralExpression(node)) {
    for (const p of node.properties) {
      if (ts.isSpreadAssignment(p)) {
        spreads.push(p.expression.getText());
        // `...(cond ? { runId } : {})`: the fields of either branch may be on the line.
        let e: ts.Expression = p.expression;
        while (ts.isParenthesizedExpression(e)) e = e.expression;
        if (ts.isConditionalExpression(e))
          for (const branch of [e.whenTrue, e.whenFalse]) keys.push(...objectKeys(branch).keys);
      } else if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) keys.push(p.name.text);
    }
  }
  return { keys, spreads };
}

/**
 * Events a module describes as data and logs in one place (outbox-transition.ts: `event: {
 * name: "…", fields: { … } }`, logged as `logEvent(env, fx.event.name, …)`): every such
 * description in the file, with its own fields.
 */
function describedEvents(sf: ts.SourceFile): { event: string; fields: string[] }[] {
  const out: { event: string; fields: string[] }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isObjectLiteralExpression(n)) {
      const prop = (key: string) =>
        n.properties.find(
          (p): p is ts.PropertyAssignment =>
            ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === key,
        );
      const name = prop("name")?.initializer;
      const fields = prop("fields")?.initializer;
      if (name && fields && (ts.isStringLiteral(name) || ts.isConditionalExpression(name))) {
        const names = ts.isStringLiteral(name)
          ? [name.text]
          : [name.whenTrue, name.whenFalse].filter(ts.isStringLiteral).map((x) => x.text);
        for (const event of names) out.push({ event, fields: objectKeys(fields).keys });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function eventNames(arg: ts.Expression, where: string): string[] {
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return [arg.text];
  if (ts.isTemplateExpression(arg) && arg.templateSpans.length === 1) {
    const span = arg.templateSpans[0]!;
    const values = TEMPLATE_VALUES[span.expression.getText()];
    if (values) return values.map((v) => `${arg.head.text}${v}${span.literal.text}`);
  }
  throw new Error(
    `${where}: log event name ${arg.getText()} is not a literal; name it, or teach this test its values`,
  );
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | null {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return null;
}

function collect(): Emitted[] {
  const files = SOURCE_DIRS.flatMap(sourceFiles).map((f) => ({
    f,
    sf: ts.createSourceFile(f, readFileSync(f, "utf8"), ts.ScriptTarget.ES2023, true),
  }));
  const emitted: Emitted[] = [];
  // A wrapper passes one of its parameters as the event name: name → (param index, fixed fields).
  const wrappers = new Map<string, { index: number; fields: string[] }>();
  const at = (sf: ts.SourceFile, n: ts.Node) =>
    `${sf.fileName}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;

  for (const { sf } of files) {
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "logEvent") {
        const [, name, fields] = n.arguments;
        if (!name) throw new Error(`${at(sf, n)}: logEvent without an event name`);
        const fn = enclosingFunction(n);
        const param = ts.isIdentifier(name)
          ? (fn?.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name.text) ?? -1)
          : -1;
        const { keys } = objectKeys(fields);
        if (param >= 0 && fn?.name && ts.isIdentifier(fn.name)) {
          wrappers.set(fn.name.text, { index: param, fields: keys });
        } else if (ts.isPropertyAccessExpression(name) && name.getText().endsWith(".event.name")) {
          const described = describedEvents(sf);
          if (!described.length) throw new Error(`${at(sf, n)}: ${name.getText()} but no event descriptions`);
          for (const d of described)
            emitted.push({ event: d.event, fields: new Set([...keys, ...d.fields]), where: at(sf, n) });
        } else if (!(fn && ts.isFunctionDeclaration(fn) && fn.name?.text === "logEvent")) {
          for (const event of eventNames(name, at(sf, n)))
            emitted.push({ event, fields: new Set(keys), where: at(sf, n) });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  for (const { sf } of files) {
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        // A wrapper called as a function, as a method on `this`, or on an object that holds it
        // (a run's context: `ctx.log(...)`); never console's own methods.
        const onReceiver =
          ts.isPropertyAccessExpression(callee) &&
          (callee.expression.kind === ts.SyntaxKind.ThisKeyword ||
            (ts.isIdentifier(callee.expression) && callee.expression.text !== "console"));
        const name = ts.isIdentifier(callee)
          ? callee.text
          : onReceiver && ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : null;
        const w = name ? wrappers.get(name) : undefined;
        if (w && name !== "logEvent") {
          const arg = n.arguments[w.index];
          if (arg) {
            const { keys } = objectKeys(n.arguments[w.index + 1]);
            for (const event of eventNames(arg, at(sf, n)))
              emitted.push({ event, fields: new Set([...w.fields, ...keys]), where: at(sf, n) });
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return emitted;
}

/** The event table of docs/observability.md: | `event` | fields | … */
function documented(): Map<string, Set<string>> {
  const md = readFileSync("docs/observability.md", "utf8");
  const section = md.split(/^## /m).find((s) => s.startsWith("Events"));
  if (!section) throw new Error("docs/observability.md has no '## Events' section");
  const out = new Map<string, Set<string>>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const name = /^`([a-z0-9_]+)`$/.exec(cells[1] ?? "")?.[1];
    if (!name) continue;
    out.set(name, new Set([...(cells[2] ?? "").matchAll(/`([A-Za-z0-9_]+)`/g)].map((m) => m[1]!)));
  }
  return out;
}

describe("structured log events", () => {
  const emitted = collect();
  const docs = documented();

  it("finds the events the code emits", () => {
    const names = new Set(emitted.map((e) => e.event));
    // A few that must exist: if the collector stopped seeing calls, this fails rather than passing empty.
    for (const e of ["cron_tick", "dispatch_success", "dispatch_fail", "run_failed", "alert", "api_error"])
      expect(names).toContain(e);
  });

  it("documents every event in docs/observability.md", () => {
    const missing = [...new Set(emitted.map((e) => e.event))].filter((e) => !docs.has(e));
    expect(missing, `add these events to docs/observability.md: ${missing.join(", ")}`).toEqual([]);
  });

  it("documents every field each event carries", () => {
    const gaps: string[] = [];
    for (const e of emitted) {
      const doc = docs.get(e.event);
      if (!doc) continue;
      for (const f of e.fields)
        if (!doc.has(f) && !COMMON.includes(f)) gaps.push(`${e.event}.${f} (${e.where})`);
    }
    expect(gaps, "fields missing from docs/observability.md").toEqual([]);
  });

  it("documents no event the code no longer emits", () => {
    const names = new Set(emitted.map((e) => e.event));
    const stale = [...docs.keys()].filter((d) => !names.has(d));
    expect(stale, "remove from docs/observability.md or emit them").toEqual([]);
  });
});
