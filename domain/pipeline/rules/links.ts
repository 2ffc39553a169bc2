// Links, spelled-out addresses, messenger hand-offs and a lead's contact details next to money or
// documents (links.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

// A domain without a scheme ("bit.ly/x", "mylinks-page.com"). Top-level domains that are also
// English words ("me", "to", "in", "it", "is"…) count only when a path follows ("t.me/x"), so
// "thanks.Is it free?" typed without a space is not a link.
export const BARE_DOMAIN_PATTERN =
  /(?<![a-z0-9.@-])(?:www\.[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}|(?:[a-z0-9-]{1,63}\.){1,8}(?:com|net|org|info|biz|io|ly|gl|gg|app|dev|xyz|top|site|online|club|click|link|live|shop|store|page|website|space|icu|vip|ru|cn|tk|ml|ga|cf|uk|ca|de|fr|es|nl|au|br|pl|edu|gov)(?![a-z0-9-])|(?:[a-z0-9-]{1,63}\.){1,8}(?:me|to|in|it|at|us|is|be|do|so|no|my|tv|ai|co|im|id|am)(?=\/))(?:[/?#][^\s<>"']*)?/i;
// "jo (at) yahoo (dot) com": an address spelled out to slip past filters.
export const SPELLED_EMAIL_PATTERN_SHORT =
  /\b(at|@)\s?(gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|protonmail|proton|live|msn)\b/i;
export const SPELLED_EMAIL_PATTERN =
  /(?<![\w.+-])[\w.+-]{1,64}\s*(?:[([{]\s*at\s*[)\]}]|\sat\s)\s*[\w-]{1,63}\s*(?:[([{]\s*dot\s*[)\]}]|\sdot\s)\s*(?:com|net|org|co|io|edu|me)\b/i;
// Moving the conversation to a messenger: the usual first step of an off-platform scam.
export const OFF_PLATFORM_PATTERN =
  /\b(whats ?app|telegram|wechat|viber|kik|signal app|facebook messenger|fb messenger|messenger|imessage|insta|instagram|snapchat|snap me|tiktok|discord|(dm|pm|message|add|follow|hit) me (on|at|up on))\b|(^|\s)@[a-z0-9_.]{3,30}\b/i;

// A lead's phone number or e-mail next to an ordinary question is answered on the site, and the
// person sees the details in the message. Together with money or documents, though, a move to
// another channel is how deposit and identity scams start: then a person reads it first.
export const CONTACT_WITH_MONEY_OR_DOCUMENTS =
  /\b(send|sending|sent|pay|paying|transfer\w*|wire|e-?mail\w*|text\w*|forward\w*|share|sharing|upload\w*|attach\w*|drop\w*|hand\w*|give|giving|deliver\w*|bring\w*|brought|discuss\w*|talk\w*|arrange\w*|sort\w*|settle\w*|call\w*|ring)\b[^.?!\n]{0,60}\b(deposits?|payments?|money|funds|cash|holding fee|rent|fees?|documents?|docs|id|ids|passports?|licen[cs]es?|pay ?stubs?|pay ?slips?|bank statements?|statements|references?|proof of \w+|tax returns?|w-?2s?|ssn|social security|contracts?|lease|paperwork|application)\b|\b(deposits?|payments?|money|funds|cash|documents?|docs|passports?|licen[cs]es?|pay ?stubs?|pay ?slips?|bank statements?|references?|proof of \w+|tax returns?|ssn|contracts?|lease|paperwork)\b[^.?!\n]{0,60}\b(send|sending|sent|pay|transfer\w*|wire|e-?mail|text|forward|share|upload|attach|bring|hand over|drop off)\b/i;
