// Opt-out and opt-in words and phrases (optout.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

// Industry words (EliseAI / carrier SMS conventions). They count only as the WHOLE message
// (politeness words aside): "stop" inside "bus stop" or "end" in "when does the lease end?" must not
// silence a lead.
export const OPT_OUT_WORDS: readonly string[] = [
  "stop",
  "stopall",
  "unsubscribe",
  "cancel",
  "end",
  "quit",
  // The same carrier word in the languages leads write in (German/Nordic, Spanish/Italian, French).
  "stopp",
  "basta",
  "alto",
  "arrêt",
  "arrête",
  "arrêtez",
];
export const OPT_IN_WORDS: readonly string[] = ["start", "unstop", "yes"];
// Words ignored around a bare keyword: "STOP please", "stop!!", "ok stop now".
export const OPT_FILLER_WORDS: readonly string[] = [
  "please",
  "pls",
  "plz",
  "now",
  "ok",
  "okay",
  "thanks",
  "thank",
  "you",
];
// Clear phrases that opt out anywhere in a message.
export const OPT_OUT_PHRASES: readonly RegExp[] = [
  /\bunsubscribe\b/i,
  /\b(stop|quit|cease) (messaging|msging|msg|texting|txting|contacting|emailing|e-mailing|sending|writing|bothering|spamming|calling|hitting me up|reaching out|pestering)\b/i,
  /\bcease (all )?(contact|communications?)\b/i,
  /\bnever (contact|message|text|email|e-mail|call|write to) me\b/i,
  /\b(don'?t|do not|dont) (reach out|get in touch|write)( to me)? (again|anymore|any more)\b/i,
  /\b(don'?t|do not|dont) want (to hear from you|any more (messages|texts|emails)|more (messages|texts|emails)|further (contact|messages))\b/i,
  /\bdelete my (details|data|info|information|number|contact details)\b/i,
  /\bplease stop\s*[.!]*\s*$/i,
  /\b(do not|don'?t|dont) (contact|message|text|email|e-mail|call|write to) me\b/i,
  /\bremove (me|my (number|details|info|email|contact))\b/i,
  /\btake me off\b/i,
  /\bleave me alone\b/i,
  /\bopt(ing)?[- ]?out\b/i,
  /\bno more (messages|texts|emails)\b/i,
  /\blose my (number|contact)\b/i,
  // Spanish, French, German, Portuguese, Italian, Chinese. Written with \p{L}-free boundaries where
  // accents sit at a word's edge, since \b only knows ASCII word characters.
  /\bno me (escriba[ns]?|escribas|env[íi]e[ns]?|env[íi]es|contacte[ns]?|contactes|mande[ns]?|mandes|llame[ns]?)\b/i,
  /\b(darme|darse|me doy|dar) de baja\b|\bdejen? de (escribirme|enviarme|contactarme|mandarme)\b/i,
  /\bne (me )?(contactez|[ée]crivez|envoyez) (plus|pas)\b|\barr[êe]tez de m'(envoyer|[ée]crire|contacter)|d[ée]sabonn|d[ée]sinscri/i,
  /\b(kontaktieren|schreiben|anrufen) sie mich nicht mehr\b|\bnicht mehr (kontaktieren|schreiben)\b|\babmelden\b|\bkeine (nachrichten|e-?mails) mehr\b/i,
  /\bpar[ae] de me (mandar|enviar|contatar|contactar|ligar)\b|\bn[ãa]o me (contate|contatem|mande|mandem|envie|enviem|ligue)\b/i,
  /\bnon (mi )?(contattate|contattarmi|scrivete|scrivermi)\b|\bnon contattatemi\b|\bsmett(i|ete)(la)? di (scrivermi|contattarmi)\b/i,
  /停止|退订|退訂|取消订阅|不要再(联系|聯絡|联络|发|發)/,
];
export const OPT_IN_PHRASES: readonly RegExp[] = [
  /\bplease resume\b/i,
  /\bresume (messages|messaging|contact|contacting me)\b/i,
  /\bopt(ing)?[- ]?(back )?in\b/i,
  /\byou (can|may) (contact|message|text|email) me again\b/i,
  /\bstart (messaging|texting|contacting|emailing) me again\b/i,
  // "START. Is it still available?": the carrier keyword opening a message, set off by punctuation
  // ("Start date?" is a question, not a keyword).
  /^\s*(start|unstop)\s*[.!,:;–—-]+/i,
];
