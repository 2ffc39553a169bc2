// Optional secrets that `wrangler types` cannot know about: an operator may or may not set
// them, and the code treats them as absent when unset.
interface OptionalSecrets {
  /** Webhook that receives operational alerts (JSON POST). */
  ALERT_WEBHOOK_URL?: string;
  /** Workers AI binding, when an operator adds `[ai] binding = "AI"` (the model is opt-in). */
  AI?: { run(model: string, inputs: unknown, options?: unknown): Promise<unknown> };
  /** "workers_ai" turns the optional model classifier on; anything else keeps it off. */
  MODEL_PROVIDER?: string;
  /**
   * Loopback origins a production Worker lets an account's baseUrl point at instead of its
   * platform's real origin: the workerd tests' sandbox only (domain/policy/site-origin.ts).
   * Never set on a deployment; the config check refuses a non-loopback entry.
   */
  SITE_ORIGIN_ALLOWLIST?: string;
}
interface Env extends OptionalSecrets {}
declare namespace Cloudflare {
  interface Env extends OptionalSecrets {}
}
