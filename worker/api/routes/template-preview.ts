/**
 * The template editor's live preview: a body rendered with one listing's facts (and a sample
 * lead name), with the same problems the save would refuse, and what the listing lacks. Nothing
 * is stored; anyone who may read templates may preview.
 */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { db } from "../../../domain/db/client.ts";
import { listings } from "../../../domain/db/schema.ts";
import { checkOutbound, renderTemplate, variablesFrom } from "../../../domain/pipeline/index.ts";
import { templateBodyProblems } from "../../../domain/pipeline/template-rules.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { parseJson } from "../validate.ts";

const previewBody = z.strictObject({
  body: z.string().max(2000),
  listingId: z.string().min(1).max(100).nullable().optional(),
  leadName: z.string().trim().max(120).optional(),
});

export const templatePreviewRoutes = new Hono<AppEnv>().post("/preview", async (c) => {
  const q = await parseJson(c, previewBody);
  const listing = q.listingId
    ? await db(c.env.DB).select().from(listings).where(eq(listings.id, q.listingId)).get()
    : null;
  if (q.listingId && !listing) throw ApiError.notFound(`No listing ${q.listingId}`);
  const problems = q.body.trim() === "" ? ["The body is empty"] : templateBodyProblems(q.body);
  const rendered = renderTemplate(q.body, variablesFrom(listing ?? null, q.leadName ?? "Alex"));
  return c.json({
    // The text a lead would get from this listing, or what it lacks to be sent at all.
    text: rendered.ok ? rendered.body : null,
    missing: rendered.ok ? [] : rendered.missing,
    guardrails: rendered.ok ? checkOutbound(rendered.body) : [],
    problems,
    variablesUsed: rendered.variablesUsed,
  });
});
