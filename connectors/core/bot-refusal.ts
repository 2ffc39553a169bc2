/**
 * Was this answer a bot defence refusing us? One pure rule for every place that decides it: the
 * submit relay's answer (submit-relay.ts), the in-browser submit's answer (submit-watch.ts) and
 * every page the session loads (page-classifier.ts). It reads the status, the headers and a
 * bounded sniff of the body (the first SNIFF_LIMIT characters; a challenge page is small and
 * puts its markers up front).
 *
 * Every vendor marker below comes from public knowledge of those products (their challenge and
 * block pages as commonly seen on the web), NOT from our five sites: none of the five has been
 * seen behind any of them (docs/anti-bot.md, "What each vendor's refusal looks like"). Only the
 * Cloudflare challenge page's shape is also what the sandbox serves. When a real site answers
 * differently, add the marker here with a test next to it.
 *
 * Text that a lead can write (a message quoting "access denied") counts only together with a
 * refusal status (403, 503, 401, 405) or a block/challenge title; a few structural markers (a
 * challenge widget's script or frame, found with the parsed page's selectors) count on any page.
 */

export type RefusalKind =
  /** A challenge (interstitial, captcha, JS check): the defence wants a proof first. */
  | "challenge"
  /** A plain block: the defence refuses this client. */
  | "block"
  /**
   * Too many requests (429): the site asks us to slow down. Not a verdict on the client, so it
   * never makes an account switch its send path: back off and try later on the same path.
   */
  | "rate_limited";

export type DefenceVendor = "cloudflare" | "datadome" | "perimeterx" | "akamai" | "imperva" | "unknown";

export interface BotRefusal {
  kind: RefusalKind;
  vendor: DefenceVendor;
  /** What decided it (a header, a text marker, a selector or a status): for logs and evidence. */
  marker: string;
}

export interface RefusalInput {
  status: number | null;
  /** Response headers, any case of names. */
  headers?: Readonly<Record<string, string>> | null;
  /** The raw body; only the first SNIFF_LIMIT characters are read. */
  body?: string | null;
  /** The page's title when the caller has it (else taken from the body). */
  title?: string | null;
  /** The page's visible text when the caller parsed it (else the body sniff stands in). */
  text?: string | null;
  /** Structural markers, when the caller parsed the page: does a selector match? */
  has?: (selector: string) => boolean;
}

/** How much of a body is read: challenge pages carry their markers in the first few KB. */
export const SNIFF_LIMIT = 16_384;

/** Statuses a defence answers with when it refuses (Cloudflare 403/503, DataDome 403, PX 403, Akamai 403). */
const REFUSAL_STATUSES = new Set([401, 403, 405, 503]);

// Cloudflare (public knowledge; the sandbox serves the same challenge and block pages).
const CF_TITLES = ["just a moment", "attention required"];
const CF_TEXT = [
  "verifying you are human",
  "needs to review the security of your connection",
  "performance & security by cloudflare",
  "performance &amp; security by cloudflare",
  "checking your browser",
  "ray id",
  "cloudflare",
];
const CF_CHALLENGE_TEXT = [
  "verifying you are human",
  "needs to review the security of your connection",
  "checking your browser",
];
const CF_BODY_MARKERS = ["__cf_chl", "cf-chl", "challenges.cloudflare.com", "_cf_chl_opt"];
const BLOCK_TEXT = ["sorry, you have been blocked", "you have been blocked", "unable to access"];

/** Selectors that only a defence's own page carries (a lead's text cannot make an element). */
const STRUCTURAL: readonly { selector: string; vendor: DefenceVendor; kind: RefusalKind }[] = [
  { selector: "iframe[src*='challenges.cloudflare.com']", vendor: "cloudflare", kind: "challenge" },
  { selector: "form[action*='__cf_chl']", vendor: "cloudflare", kind: "challenge" },
  { selector: "#challenge-form", vendor: "cloudflare", kind: "challenge" },
  { selector: "#challenge-stage", vendor: "cloudflare", kind: "challenge" },
  { selector: "#cf-challenge-running", vendor: "cloudflare", kind: "challenge" },
  { selector: "iframe[src*='captcha-delivery.com']", vendor: "datadome", kind: "challenge" },
  { selector: "script[src*='captcha-delivery.com']", vendor: "datadome", kind: "challenge" },
  { selector: "#px-captcha", vendor: "perimeterx", kind: "challenge" },
  { selector: "script[src*='_Incapsula_Resource']", vendor: "imperva", kind: "challenge" },
  { selector: "iframe[src*='_Incapsula_Resource']", vendor: "imperva", kind: "block" },
];

/** Body markers per vendor, read only on a refusal status or title. */
const BODY: readonly { marker: string; vendor: DefenceVendor; kind: RefusalKind }[] = [
  // DataDome: its challenge page loads the captcha from captcha-delivery.com.
  { marker: "captcha-delivery.com", vendor: "datadome", kind: "challenge" },
  // PerimeterX / HUMAN: the "press & hold" captcha element and its cookie name in the block page.
  { marker: "px-captcha", vendor: "perimeterx", kind: "challenge" },
  { marker: "_pxhd", vendor: "perimeterx", kind: "challenge" },
  { marker: "access to this page has been denied", vendor: "perimeterx", kind: "challenge" },
  // Imperva / Incapsula.
  { marker: "incapsula incident id", vendor: "imperva", kind: "block" },
  { marker: "_incapsula_resource", vendor: "imperva", kind: "challenge" },
];

function lowerHeaders(h: RefusalInput["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = String(v).toLowerCase();
  return out;
}

function titleOf(sniff: string): string {
  return /<title[^>]*>([^<]*)/i.exec(sniff)?.[1]?.trim() ?? "";
}

const found = (kind: RefusalKind, vendor: DefenceVendor, marker: string): BotRefusal => ({
  kind,
  vendor,
  marker,
});

export function classifyRefusal(input: RefusalInput): BotRefusal | null {
  const h = lowerHeaders(input.headers);
  const status = input.status ?? 200;
  const sniff = (input.body ?? "").slice(0, SNIFF_LIMIT).toLowerCase();
  const title = (input.title || titleOf(sniff)).toLowerCase();
  const text = (input.text ?? sniff).toLowerCase();

  // Too many requests: slow down, whoever says it (Cloudflare's rate limiting answers 429 too).
  if (status === 429) return found("rate_limited", vendorOf(h, sniff), "status 429");
  // Cloudflare's documented header on its challenge answers: decisive on any status.
  if (h["cf-mitigated"] === "challenge") return found("challenge", "cloudflare", "cf-mitigated: challenge");

  const refusalStatus = REFUSAL_STATUSES.has(status);
  const blockTitle =
    CF_TITLES.some((t) => title.includes(t)) ||
    title.includes("access denied") ||
    title.includes("access to this page has been denied") ||
    title.includes("request unsuccessful");
  const suspicious = refusalStatus || blockTitle;

  if (suspicious) {
    // DataDome marks its own answers; on a refusal status they are its block or captcha.
    if ("x-dd-b" in h) return found("challenge", "datadome", "x-dd-b");
    if ("x-datadome" in h && refusalStatus) return found("challenge", "datadome", "x-datadome");
    const cf = CF_TEXT.find((m) => text.includes(m));
    if (cf) {
      const block = BLOCK_TEXT.find((m) => text.includes(m));
      if (block) return found("block", "cloudflare", block);
      const challenge =
        CF_CHALLENGE_TEXT.find((m) => text.includes(m)) ??
        (title.includes("just a moment") ? "title: just a moment" : null);
      if (challenge) return found("challenge", "cloudflare", challenge);
    }
    const cfBody = CF_BODY_MARKERS.find((m) => sniff.includes(m));
    if (cfBody) return found("challenge", "cloudflare", cfBody);
    const vendor = BODY.find((b) => sniff.includes(b.marker) || text.includes(b.marker));
    if (vendor) return found(vendor.kind, vendor.vendor, vendor.marker);
    // Akamai's edge block: "Access Denied" with a "Reference #" (its page names no vendor).
    if ((title.includes("access denied") || text.includes("access denied")) && text.includes("reference #"))
      return found("block", "akamai", "access denied + reference #");
    if (refusalStatus && (h.server ?? "").includes("akamaighost"))
      return found("block", "akamai", "server: akamaighost");
  }
  if (input.has) {
    const s = STRUCTURAL.find((m) => input.has?.(m.selector));
    if (s) return found(s.kind, s.vendor, s.selector);
  }
  return null;
}

/** Who answered a 429, when it says so (for the log only: a 429 is handled alike). */
function vendorOf(h: Record<string, string>, sniff: string): DefenceVendor {
  if ("cf-ray" in h || (h.server ?? "").includes("cloudflare")) return "cloudflare";
  if ("x-datadome" in h || "x-dd-b" in h || sniff.includes("captcha-delivery.com")) return "datadome";
  if (sniff.includes("px-captcha") || sniff.includes("_pxhd")) return "perimeterx";
  if ((h.server ?? "").includes("akamaighost")) return "akamai";
  if ("x-iinfo" in h || sniff.includes("incapsula")) return "imperva";
  return "unknown";
}

/** A refusal that says the defence rejects this client (challenge or block), not a slow-down. */
export const refusesClient = (r: BotRefusal | null | undefined): boolean =>
  r?.kind === "challenge" || r?.kind === "block";
