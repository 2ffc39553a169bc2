// Markup and code payloads in inbound messages (active-content.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

export interface ActiveContentRule {
  family: string;
  pattern: RegExp;
}

// Sites give us the text the lead typed, so markup in it was typed on purpose. Plain formatting
// (<p>, <br>, <b>, <div> from a mail client) is not listed: only elements and attributes that run,
// load, submit or hide something, and recognisable code payloads.
export const ACTIVE_CONTENT_RULES: readonly ActiveContentRule[] = [
  {
    family: "active_element",
    pattern:
      /<\s*\/?\s*(script|iframe|frame|object|embed|applet|form|input|button|svg|math|img|image|video|audio|link|meta|base|style|textarea|select)\b/i,
  },
  {
    family: "event_handler",
    pattern: /<[^<>]{0,500}\son[a-z]+\s*=|\bon(error|load|click|mouseover|focus)\s*=/i,
  },
  { family: "script_url", pattern: /\b(javascript|vbscript|livescript)\s*:|\bdata\s*:\s*text\/html/i },
  {
    family: "hidden_text",
    pattern:
      /\b(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0(?![.\d]*[1-9]))/i,
  },
  { family: "code_block", pattern: /```|<\?(php|=)?|\?>|<%|%>/i },
  {
    family: "sql",
    pattern:
      /\b(drop|truncate|alter)\s+table\b|\bunion\s+(all\s+)?select\b|\binsert\s+into\b|\bselect\s+\*\s+from\b|'\s*or\s*'?\d+'?\s*=\s*'?\d+|;\s*--/i,
  },
  { family: "template_injection", pattern: /\{\{[^{}]{0,200}\}\}|\$\{[^{}]{0,200}\}|#\{[^{}]{0,200}\}/ },
  {
    family: "script_call",
    pattern:
      /\b(eval|exec|system|fetch|alert|prompt|require|import)\s*\(|\bdocument\.(cookie|domain|location|write)\b|\bwindow\.location\b|\brm\s+-rf\b|\bcurl\s+-?\S*\s*https?:/i,
  },
];
