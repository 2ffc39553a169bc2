/**
 * How an account's browser work reaches its site (docs/anti-bot.md): which browser drives it,
 * and which way a reply's submit leaves. Both are per account, stored in D1, set by an admin;
 * the send path is also learnt — a relayed submit refused by a bot defence switches the account
 * to in-browser.
 */
import { z } from "zod";
import { credentialRefSchema } from "../policy/credentials.ts";

/** `relay`: the object's own connection sends the page's request; `browser`: Chromium sends it. */
export const SEND_PATHS = ["relay", "browser"] as const;
export type SendPath = (typeof SEND_PATHS)[number];

/** `browser_run`: Cloudflare Browser Run (the binding); `cdp`: a DevTools endpoint the operator runs. */
export const BROWSER_PROVIDERS = ["browser_run", "cdp"] as const;
export type BrowserProvider = (typeof BROWSER_PROVIDERS)[number];

/**
 * A CDP endpoint's address and token, as references to Worker secrets (never the values: the
 * address may carry a token, and the token is one).
 */
export const browserRefsSchema = z.strictObject({
  endpoint: credentialRefSchema,
  token: credentialRefSchema.optional(),
});
export type BrowserRefs = z.infer<typeof browserRefsSchema>;
