// Personal data patterns (redact.ts, and the outbound guardrail in guardrails.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

// Personal data patterns, shared by the outbound guardrail and the redactor (see redact.ts). URLs are
// removed before the digit checks because a viewing link may carry a long numeric id.
// Quantifiers are bounded (an address's local part is at most 64 characters, a domain at most 253)
// and a match starts only where a local part can start, so a long run of letters without an "@"
// costs linear time, not quadratic.
export const EMAIL_PATTERN =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/;
export const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/i;
export const SSN_LIKE_PATTERN = /\b\d{3}[- ]?\d{2}[- ]?\d{4}\b/;
export const LONG_DIGIT_RUN_PATTERN = /\d{9,}/;
// A run of digits and phone separators; it is a phone when it holds PHONE_MIN_DIGITS..PHONE_MAX_DIGITS
// digits. Dates (2025-09-01: 8 digits) and price ranges (1200 - 1500: 8 digits) stay below the floor.
export const PHONE_CANDIDATE_PATTERN = /\+?\(?\d[\d\s().-]{5,}\d/;
export const PHONE_MIN_DIGITS = 10;
export const PHONE_MAX_DIGITS = 15;
// A 7-digit local number such as 555-1234 (no space, so "2 1200" style text is not caught).
export const LOCAL_PHONE_PATTERN = /\b\d{3}[-.]\d{4}\b/;
