/**
 * The Worker entry: the API (fetch), the cron (scheduled) and the sites' notification e-mails
 * (email, from Cloudflare Email Routing). The Durable Object classes are exported from here
 * because wrangler binds classes by the entry module's exports.
 */
import { createApp } from "./api/app.ts";
import { runCron } from "./cron/scheduled.ts";
import { handleNotificationEmail } from "./email/handler.ts";

export { BrowserGovernor } from "../durable-objects/browser-governor.ts";
export { PlatformAccount } from "../durable-objects/platform-account.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(env, controller.scheduledTime));
  },
  async email(message, env, ctx) {
    await handleNotificationEmail(message, env, ctx);
  },
} satisfies ExportedHandler<Env>;
