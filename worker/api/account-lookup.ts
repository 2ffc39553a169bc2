/** The platform account a request names, or the API's 404. */
import { eq } from "drizzle-orm";
import type { Db } from "../../domain/db/client.ts";
import { type PlatformAccountRow, platformAccounts } from "../../domain/db/schema.ts";
import { ApiError } from "./errors.ts";

export async function accountOr404(d: Db, id: string): Promise<PlatformAccountRow> {
  const a = await d.select().from(platformAccounts).where(eq(platformAccounts.id, id)).get();
  if (!a) throw ApiError.notFound(`No platform account ${id}`);
  return a;
}
