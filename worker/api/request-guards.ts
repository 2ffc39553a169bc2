/**
 * What a request must look like before any route reads it (docs/security.md, "A web page in an
 * admin's browser"). Cloudflare Access authenticates a request by the admin's cookie, whoever
 * made the browser send it, so the API itself refuses what a foreign page can make a browser send:
 *
 *   - csrf(): a mutating request with a form-like content type (or none) passes only when its
 *     Origin is this Worker's origin or its Sec-Fetch-Site is "same-origin". A request with
 *     neither header (curl, the scripts) must therefore declare `Content-Type: application/json`,
 *     which a foreign page cannot send without a CORS preflight this Worker never grants.
 *   - JSON only: a body comes only as application/json (415 otherwise), so a text/plain "JSON"
 *     body from a cross-site form is refused even where Origin is missing.
 *   - bodyLimit: no request body over MAX_BODY_BYTES (413), on every route.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** The largest body the API reads: a template or reply is at most a few KiB of JSON. */
export const MAX_BODY_BYTES = 64 * 1024;

const MUTATING = /^(POST|PUT|PATCH|DELETE)$/;

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, "payload_too_large", `The request body is over ${MAX_BODY_BYTES} bytes`);
  },
});

const sameOrigin = csrf();

export const refuseCrossSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  try {
    await sameOrigin(c, async () => {});
  } catch (err) {
    if (err instanceof HTTPException && err.status === 403)
      throw ApiError.forbidden(
        "Cross-site request refused: send it from the panel (same origin) or, from a script, with Content-Type: application/json",
      );
    throw err;
  }
  await next();
};

function hasBody(req: Request): boolean {
  if (req.body === null) return false;
  const length = req.headers.get("content-length");
  return length === null || Number(length) > 0;
}

export const jsonBodiesOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (MUTATING.test(c.req.method) && hasBody(c.req.raw)) {
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json")
      throw new ApiError(415, "unsupported_media_type", "The request body must be sent as application/json");
  }
  await next();
};

/** The guards in the order they apply: size first (before anything reads the body). */
export const requestGuards: MiddlewareHandler<AppEnv>[] = [limitBody, refuseCrossSite, jsonBodiesOnly];
