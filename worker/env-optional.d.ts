// Optional secrets that `wrangler types` cannot know about: an operator may or may not set
// them, and the code treats them as absent when unset.
interface OptionalSecrets {
  /** Webhook that receives operational alerts (JSON POST). */
  ALERT_WEBHOOK_URL?: string;
}
interface Env extends OptionalSecrets {}
declare namespace Cloudflare {
  interface Env extends OptionalSecrets {}
}
