// Finds and masks personal data (emails, phone numbers, SSN-like and long digit runs). Used before a
// model sees lead text, and by the outbound guardrail so a reply never carries such data.
import {
  EMAIL_PATTERN,
  LOCAL_PHONE_PATTERN,
  LONG_DIGIT_RUN_PATTERN,
  PHONE_CANDIDATE_PATTERN,
  PHONE_MAX_DIGITS,
  PHONE_MIN_DIGITS,
  SSN_LIKE_PATTERN,
  URL_PATTERN,
} from "./rules/personal-data.ts";

export type PersonalDataKind = "email" | "ssn_like" | "long_digit_run" | "phone";

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  match: string;
}

const REDACTION_LABEL: Readonly<Record<PersonalDataKind, string>> = {
  email: "[email]",
  ssn_like: "[id-number]",
  long_digit_run: "[number]",
  phone: "[phone]",
};

function global(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
}

function digitCount(text: string): number {
  return text.replace(/\D/g, "").length;
}

function isPhone(candidate: string): boolean {
  const digits = digitCount(candidate);
  return digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS;
}

// Applies each detector in turn on the text left by the previous ones (emails first, so the digits
// of "jo123456789@x.com" are not reported twice).
function scan(text: string, onMatch: (kind: PersonalDataKind, match: string) => string): string {
  let out = text.replace(global(EMAIL_PATTERN), (m) => onMatch("email", m));
  // Links are not personal data and their numeric ids are not phone numbers; shield them.
  const urls: string[] = [];
  out = out.replace(global(URL_PATTERN), (m) => {
    urls.push(m);
    return `\uE000${urls.length - 1}\uE000`;
  });
  out = out.replace(global(SSN_LIKE_PATTERN), (m) => onMatch("ssn_like", m));
  out = out.replace(global(PHONE_CANDIDATE_PATTERN), (m) => {
    if (isPhone(m)) return onMatch("phone", m);
    // Not phone-shaped, but it may still hide a long digit run ("ref 1234567890123456789").
    return m.replace(global(LONG_DIGIT_RUN_PATTERN), (d) => onMatch("long_digit_run", d));
  });
  out = out.replace(global(LONG_DIGIT_RUN_PATTERN), (m) => onMatch("long_digit_run", m));
  out = out.replace(global(LOCAL_PHONE_PATTERN), (m) => onMatch("phone", m));
  return out.replace(/\uE000(\d+)\uE000/g, (_, i: string) => urls[Number(i)] ?? "");
}

export function findPersonalData(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  scan(text, (kind, match) => {
    found.push({ kind, match });
    return REDACTION_LABEL[kind];
  });
  return found;
}

export function redactPersonalData(text: string): { text: string; redactions: number } {
  let redactions = 0;
  const out = scan(text, (kind) => {
    redactions++;
    return REDACTION_LABEL[kind];
  });
  return { text: out, redactions };
}
