/**
 * `npm run release:affinity -- --zone-id <id> --hostname <panel host> [--dry-run]`: puts the
 * version-affinity Transform Rule (scripts/release/version-affinity.ts) on the panel's zone, once;
 * running it again changes nothing. Needs CLOUDFLARE_API_TOKEN with Zone → Transform Rules → Edit.
 */
import { parseArgs } from "node:util";
import { affinityRule, mergeRule, type TransformRule } from "./release/version-affinity.ts";

const { values } = parseArgs({
  options: {
    "zone-id": { type: "string" },
    hostname: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});

async function main(): Promise<number> {
  const zone = values["zone-id"];
  const host = values.hostname;
  if (!zone || !host) {
    console.error(
      "usage: npm run release:affinity -- --zone-id <zone id> --hostname <panel hostname> [--dry-run]",
    );
    return 1;
  }
  const rule = affinityRule(host);
  if (values["dry-run"]) {
    console.log(
      `would add to zone ${zone}, phase http_request_late_transform:\n${JSON.stringify(rule, null, 2)}`,
    );
    return 0;
  }
  const token = process.env.CLOUDFLARE_API_TOKEN;
  if (!token) {
    console.error("set CLOUDFLARE_API_TOKEN (Zone → Transform Rules → Edit)");
    return 1;
  }
  const url = `https://api.cloudflare.com/client/v4/zones/${zone}/rulesets/phases/http_request_late_transform/entrypoint`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const got = await fetch(url, { headers });
  const existing: TransformRule[] =
    got.status === 404
      ? []
      : (((await got.json()) as { result?: { rules?: TransformRule[] } }).result?.rules ?? []);
  const rules = mergeRule(existing, rule);
  if (rules === null) {
    console.log(`ok   the version-affinity rule for ${host} is already on zone ${zone}`);
    return 0;
  }
  const put = await fetch(url, { method: "PUT", headers, body: JSON.stringify({ rules }) });
  if (!put.ok) {
    console.error(`PUT ${url} → ${put.status}: ${(await put.text()).slice(0, 500)}`);
    return 1;
  }
  console.log(
    `ok   version-affinity rule for ${host} set on zone ${zone} (${rules.length} rule(s) in the phase)`,
  );
  return 0;
}

process.exit(await main());
