/**
 * Keyset pagination for the API's plain lists (templates, listings): `limit` (default 100, at most
 * 200) and an opaque `cursor` naming the last row of the previous page by its sort key. Stable
 * under inserts and deletes between pages, and no query reads more than one page and one row.
 */
import { and, eq, gt, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { ApiError } from "./errors.ts";

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().min(1).max(1000).optional(),
};

export function encodeCursor(values: readonly string[]): string {
  return btoa(JSON.stringify(values)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string, n: number): string[] {
  try {
    const v: unknown = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === "string")) return v as string[];
  } catch {
    // the 400 below
  }
  throw new ApiError(400, "validation_failed", "The cursor is not valid");
}

/** Rows strictly after `values` in the ascending order of `columns` (all NOT NULL). */
export function after(columns: readonly SQLiteColumn[], values: readonly string[]): SQL {
  const branches = columns.map((col, i) =>
    and(...columns.slice(0, i).map((c, j) => eq(c, values[j]!)), gt(col, values[i]!)),
  );
  return or(...branches)!;
}

/** `{ items, nextCursor }` from a query that asked for `limit + 1` rows. */
export function page<T>(rows: T[], limit: number, key: (row: T) => string[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
