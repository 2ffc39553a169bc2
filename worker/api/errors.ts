/**
 * The API layer's one error type. Handlers and middleware throw ApiError; app.onError maps it
 * (and zod errors, and anything unexpected) to the single JSON error shape:
 *   { "error": { "code": "...", "message": "...", "issues"?: [...] } }
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

export type ErrorCode =
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "guardrail_blocked"
  | "rate_limited"
  | "payload_too_large"
  | "unsupported_media_type"
  | "misconfigured"
  | "unavailable"
  | "internal_error";

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly issues: readonly z.core.$ZodIssue[] | undefined;
  /** Machine-readable specifics beyond zod issues (e.g. the guardrail hits behind a 422). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: ErrorCode,
    message: string,
    issues?: readonly z.core.$ZodIssue[],
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.details = details;
  }

  static validation(issues: readonly z.core.$ZodIssue[], message = "The request is not valid"): ApiError {
    return new ApiError(400, "validation_failed", message, issues);
  }
  static unauthenticated(message: string): ApiError {
    return new ApiError(401, "unauthenticated", message);
  }
  static forbidden(message: string): ApiError {
    return new ApiError(403, "forbidden", message);
  }
  static notFound(message: string): ApiError {
    return new ApiError(404, "not_found", message);
  }
  static conflict(message: string): ApiError {
    return new ApiError(409, "conflict", message);
  }
  static rateLimited(message: string, details?: Record<string, unknown>): ApiError {
    return new ApiError(429, "rate_limited", message, undefined, details);
  }
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    issues?: readonly z.core.$ZodIssue[];
    details?: Record<string, unknown>;
  };
}

export function errorBody(err: ApiError): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.issues ? { issues: err.issues } : {}),
      ...(err.details ? { details: err.details } : {}),
    },
  };
}
