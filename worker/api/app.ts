/**
 * The HTTP API. Every route under /api except /api/health needs an identity; errors of every
 * kind leave through onError in one JSON shape.
 */
import { Hono } from "hono";
import { etag } from "hono/etag";
import { errorFields } from "../../domain/error-fields.ts";
import { logEvent } from "../../domain/log.ts";
import { identify } from "../auth/identity.ts";
import type { AppEnv } from "./app-env.ts";
import { configGate } from "./config-gate.ts";
import { ApiError, errorBody } from "./errors.ts";
import { requestGuards } from "./request-guards.ts";
import { activityRoutes, queueRoutes } from "./routes/activity.ts";
import { auditRoutes } from "./routes/audit.ts";
import { conversationRoutes } from "./routes/conversations.ts";
import { deadLetterRoutes } from "./routes/dead-letters.ts";
import { followupRoutes } from "./routes/followups.ts";
import { listingRoutes } from "./routes/listings.ts";
import { meRoutes } from "./routes/me.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { platformOpsRoutes } from "./routes/platform-ops.ts";
import { platformRoutes } from "./routes/platforms.ts";
import { readinessRoutes } from "./routes/readiness.ts";
import { replyRoutes } from "./routes/replies.ts";
import { settingsRoutes } from "./routes/settings.ts";
import { templatePreviewRoutes } from "./routes/template-preview.ts";
import { templateRoutes } from "./routes/templates.ts";
import { verificationRoutes } from "./routes/verification.ts";
import { verifyReportRoutes } from "./routes/verify-reports.ts";

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  // Configuration first (a misconfigured production Worker answers nothing else), then what a
  // request must look like before any route reads it (request-guards.ts).
  app.use("/api/*", configGate);
  app.use("/api/*", ...requestGuards);

  // The panel polls with If-None-Match: an unchanged GET answers 304 without a body.
  app.use("/api/*", etag());

  app.get("/api/health", (c) => c.json({ ok: true }));
  app.route("/api/me", meRoutes);

  app.use("/api/*", identify);
  app.route("/api", followupRoutes);
  app.route("/api/platforms", platformRoutes);
  app.route("/api/platforms", platformOpsRoutes);
  app.route("/api/platforms", verificationRoutes);
  app.route("/api/platforms", verifyReportRoutes);
  app.route("/api/platforms", readinessRoutes);
  app.route("/api/dead-letters", deadLetterRoutes);
  app.route("/api/metrics", metricsRoutes);
  app.route("/api/metrics", activityRoutes);
  app.route("/api/queues", queueRoutes);
  app.route("/api/audit", auditRoutes);
  app.route("/api/settings", settingsRoutes);
  app.route("/api/conversations", conversationRoutes);
  app.route("/api/replies", replyRoutes);
  app.route("/api/templates", templateRoutes);
  app.route("/api/templates", templatePreviewRoutes);
  app.route("/api/listings", listingRoutes);

  app.notFound((c) => c.json(errorBody(ApiError.notFound(`No route ${c.req.method} ${c.req.path}`)), 404));

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(errorBody(err), err.status);
    logEvent(c.env, "api_error", { method: c.req.method, path: c.req.path, ...errorFields(err) });
    return c.json(
      errorBody(new ApiError(500, "internal_error", "Something went wrong; see the Worker logs")),
      500,
    );
  });

  return app;
}
