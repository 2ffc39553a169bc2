/** zod pieces shared by the inbox routers. */
import type { Context } from "hono";
import { z } from "zod";
import { ApiError } from "./errors.ts";

export const idParam = z.object({ id: z.string().min(1).max(200) });

export const replyBody = z.string().trim().min(1).max(4000);

/** An admin's guardrail override must say why; the reason goes into the audit row. */
export const overrideFields = {
  override: z.boolean().optional(),
  reason: z.string().trim().min(3).max(500).optional(),
};
export const requireReasonWithOverride = (b: {
  override?: boolean | undefined;
  reason?: string | undefined;
}) => !b.override || b.reason !== undefined;
export const overrideReasonMessage = { message: "An override needs a reason", path: ["reason"] };

/** Like parseJson, but an empty body counts as `{}` (for actions whose fields are all optional). */
export async function parseOptionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ApiError(400, "validation_failed", "The request body must be JSON");
    }
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw ApiError.validation(r.error.issues);
  return r.data;
}
