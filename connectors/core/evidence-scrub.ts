/**
 * Evidence HTML is read by agents (the panel's evidence view), so it must not carry what was
 * typed into a form: a password, a username, a lead's address. The browser's live values are
 * properties, not markup, but sites echo them back as `value="…"` (a form re-rendered after a
 * failed login) and scripts mirror them into attributes. Every <input>'s value attribute is
 * therefore removed before evidence is stored; hidden inputs go too (they carry CSRF tokens).
 */

/** An <input …> tag, with attribute values that may contain ">" inside quotes. */
const INPUT_TAG = /<input\b(?:"[^"]*"|'[^']*'|[^'">])*>/gi;
/** A value attribute inside one tag: quoted either way, or bare. */
const VALUE_ATTR = /\s(?:value|data-value)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)/gi;

export function stripInputValues(html: string): string {
  return html.replace(INPUT_TAG, (tag) => tag.replace(VALUE_ATTR, ""));
}
