/**
 * The verify runs of an account, for admins (docs/runbooks/go-live.md, step 1): the history
 * (who ran each, when, the verdict, the report's hash and the connector version) and one run's
 * whole report — per step and per selector matched or not, counts, the redacted parsed values,
 * the page's class, timings and the drift candidates — as the CLI's JSON report has it. Reports
 * are scrubbed before they leave the account's object (connectors/verify/report-scrub.ts).
 */
import { Hono } from "hono";
import { z } from "zod";
import {
  KEEP_PER_ACCOUNT,
  listVerifyReports,
  readVerifyReport,
} from "../../../domain/account/verify-reports.ts";
import { db } from "../../../domain/db/client.ts";
import { requireAdmin } from "../../auth/identity.ts";
import { accountOr404 } from "../account-lookup.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { parseParams } from "../validate.ts";

const accountParam = z.strictObject({ id: z.string().min(1).max(100) });
const reportParam = z.strictObject({
  id: z.string().min(1).max(100),
  reportId: z.union([z.literal("latest"), z.uuid()]),
});
const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(KEEP_PER_ACCOUNT).default(KEEP_PER_ACCOUNT),
});

export const verifyReportRoutes = new Hono<AppEnv>()
  .get("/:id/verify-reports", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), accountParam);
    const { limit } = parseParams(c.req.query(), listQuery);
    const d = db(c.env.DB);
    await accountOr404(d, id);
    return c.json({ items: await listVerifyReports(d, id, limit) });
  })

  .get("/:id/verify-reports/:reportId", requireAdmin, async (c) => {
    const { id, reportId } = parseParams(c.req.param(), reportParam);
    const d = db(c.env.DB);
    await accountOr404(d, id);
    const found = await readVerifyReport(d, id, reportId);
    if (!found)
      throw ApiError.notFound(
        reportId === "latest" ? `No verify run for ${id} yet` : `No verify run ${reportId} for ${id}`,
      );
    return c.json(found);
  });
