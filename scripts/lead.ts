// `npm run lead -- <platform> "<message>" [--name "Lead Name"]`: a prospective tenant writes to the
// demo account on one of the local sandbox sites, as they would on the real site. lease-bot picks
// the message up on its next run (the cron ticks every minute under `npm start`).
import { parseArgs } from "node:util";
import { isPlatform, localStack, PLATFORMS } from "./lib/local-stack.ts";

const FIRST = ["Alex", "Sam", "Maya", "Jordan", "Priya", "Leo", "Grace", "Omar", "Chloe", "Mateo"];
const LAST = ["Rivera", "Chen", "Okafor", "Novak", "Haddad", "Lindqvist", "Moreau", "Tanaka"];
const pick = (xs: readonly string[]) => xs[Math.floor(Math.random() * xs.length)]!;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" }, account: { type: "string", default: "demo" } },
});
const [platform, text] = positionals;
if (!platform || !isPlatform(platform) || !text) {
  console.error(`usage: npm run lead -- <${PLATFORMS.join("|")}> "<message>" [--name "Lead Name"]`);
  process.exit(2);
}

const stack = localStack();
// A new name starts a new conversation; the same name writes into that lead's thread again.
const leadName = values.name ?? `${pick(FIRST)} ${pick(LAST)}`;
const res = await fetch(`${stack.sandboxControl}/__sandbox/leads`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ platform, account: values.account, leadName, text }),
}).catch((err: unknown) => {
  console.error(
    `The sandbox is not answering on ${stack.sandboxControl} (${String(err)}). Is npm start running?`,
  );
  process.exit(1);
});
if (!res.ok) {
  console.error(`The sandbox refused the lead: ${res.status} ${await res.text()}`);
  process.exit(1);
}
const { threadId } = (await res.json()) as { threadId: string; messageId: string };
console.log(`${leadName} wrote to ${platform} (thread ${threadId}): "${text}"
Within a cron tick or two lease-bot reads it and drafts (draft_only) or sends (auto_send) a reply:
  curl -s -H 'X-Dev-Identity: admin@lease-bot.local' '${stack.api}/api/conversations?platform=${platform}'
What the site has stored (the sandbox's ground truth):
  curl -s '${stack.sandboxControl}/__sandbox/truth?platform=${platform}&account=${values.account}'`);
