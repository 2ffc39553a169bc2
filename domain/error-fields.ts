/**
 * How an unexpected error is logged: by class and code, with the query text of a failed query —
 * never its bound parameters, and never a message that may carry them. drizzle's
 * DrizzleQueryError says "Failed query: … params: …", and the parameters are message bodies,
 * e-mail addresses and, on a login path, credentials; D1's own messages can quote a value.
 * Known sources keep a message with every quoted part taken out; anything else keeps its class.
 */
import type { LogFields } from "./log.ts";

const MAX_QUERY = 300;
const MAX_MESSAGE = 160;

interface QueryError {
  query: string;
  params: unknown;
}

function isQueryError(err: object): err is QueryError & Error {
  return "query" in err && typeof (err as { query: unknown }).query === "string" && "params" in err;
}

function classOf(err: unknown): string {
  if (err instanceof Error)
    return err.constructor?.name && err.constructor.name !== "Error" ? err.constructor.name : err.name;
  return typeof err;
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") return String(code);
  // D1 puts its class at the start of the message ("D1_ERROR: …", "D1_TYPE_ERROR: …").
  const m = err instanceof Error ? /^(D1_[A-Z_]+)\b/.exec(err.message) : null;
  return m?.[1];
}

/** A message only where its source is known, with anything quoted (a value) removed. */
function safeMessage(err: unknown): string | undefined {
  if (!(err instanceof Error) || !/^(D1_|SQLITE_)/.test(err.message)) return undefined;
  return err.message
    .replace(/'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g, "'…'")
    .split(/\bparams:/)[0]!
    .slice(0, MAX_MESSAGE);
}

export function errorFields(err: unknown): LogFields {
  const fields: LogFields = { errorClass: classOf(err) };
  const code = codeOf(err);
  if (code) fields.errorCode = code;
  if (typeof err === "object" && err !== null && isQueryError(err))
    fields.query = err.query.slice(0, MAX_QUERY);
  const message = safeMessage(err);
  if (message) fields.errorMessage = message;
  // The cause of a query error is the database's own error: its class, code and cleaned message.
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause !== undefined && cause !== err) {
    fields.causeClass = classOf(cause);
    const causeCode = codeOf(cause);
    if (causeCode) fields.causeCode = causeCode;
    const causeMessage = safeMessage(cause);
    if (causeMessage) fields.causeMessage = causeMessage;
  }
  return fields;
}

/**
 * One line for a failure record (stored and shown in the panel): class, code, and the query of
 * a query error or, for any other error, its message with quoted parts removed (browser
 * protocol errors, a dropped connection: what an operator needs to tell them apart).
 */
export function describeUnexpected(err: unknown): string {
  const f = errorFields(err);
  const head = [f.errorClass, f.errorCode ?? f.causeCode].filter(Boolean).join(" ");
  if (f.query) return `${head}: ${f.query}`.slice(0, 200);
  const message =
    err instanceof Error ? err.message.replace(/'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g, "'…'") : "";
  return (message ? `${head}: ${message}` : head).replace(/\s+/g, " ").slice(0, 200);
}
