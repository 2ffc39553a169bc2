/** Issue 22, item 8: templates and listings come in pages (limit + cursor), in a stable order. */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN, AGENT, call, json, seedAccounts, seedUsers } from "./helpers.ts";

type Page = { items: { id: string }[]; nextCursor: string | null };

beforeEach(async () => {
  await env.DB.exec("DELETE FROM listings; DELETE FROM platform_accounts; DELETE FROM users;");
  await seedUsers();
  await seedAccounts([{ id: "sr-1", platform: "spareroom" }]);
});

async function walk(path: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const sep = path.includes("?") ? "&" : "?";
    const res = await call("GET", `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, {
      as: AGENT,
    });
    expect(res.status).toBe(200);
    const page = await json<Page>(res);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error("no last page");
}

describe("pagination", () => {
  it("templates: pages of `limit`, every template exactly once, in the same order as one big page", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await call("POST", "/api/templates", {
        as: ADMIN,
        body: { intent: "availability", name: `t${i}`, body: `Hi {{first_name}}, still available (${i}).` },
      });
      expect(res.status).toBe(201);
    }
    const all = (
      await json<Page>(await call("GET", "/api/templates?includeInactive=true&limit=200", { as: AGENT }))
    ).items.map((t) => t.id);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(await walk("/api/templates?includeInactive=true", 2)).toEqual(all);
  });

  it("listings: the same, and a cursor that is not one of ours is a 400", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await call("POST", "/api/listings", {
        as: ADMIN,
        body: { accountId: "sr-1", externalId: `ext-${i}`, title: `Room ${i}` },
      });
      expect(res.status).toBe(201);
    }
    const ids = await walk("/api/listings", 2);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect((await call("GET", "/api/listings?cursor=not-a-cursor", { as: AGENT })).status).toBe(400);
    expect((await call("GET", "/api/listings?limit=1000", { as: AGENT })).status).toBe(400);
  });
});
