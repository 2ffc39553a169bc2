import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "./errors.ts";

/** Parses a JSON body with a zod schema; malformed JSON and schema failures are both a 400. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, "validation_failed", "The request body must be JSON");
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw ApiError.validation(r.error.issues);
  return r.data;
}

/** Parses query parameters or path parameters with a zod schema (400 with the issues). */
export function parseParams<S extends z.ZodType>(input: unknown, schema: S): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw ApiError.validation(r.error.issues, "The request parameters are not valid");
  return r.data;
}
