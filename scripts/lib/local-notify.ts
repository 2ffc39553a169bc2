// Wires the sandbox's notification e-mails to the local Worker: each listed sandbox account's new
// lead messages are e-mailed (after a realistic delay, now and then lost or late) to the Worker's
// local e-mail endpoint, addressed to that account's notification address (sandbox/notifier.ts).
import type { LocalPlatform, LocalStack } from "./local-stack.ts";

export interface NotifyWiring {
  accounts: { platform: LocalPlatform; account: string; address: string }[];
  /** Normal delay [min, max] ms, and the shares lost and late (the sandbox's defaults if unset). */
  delayMs?: [number, number];
  lossRate?: number;
  lateRate?: number;
  lateDelayMs?: [number, number];
  seed?: number;
}

export async function wireSandboxEmails(stack: Pick<LocalStack, "api" | "sandboxControl">, w: NotifyWiring) {
  const res = await fetch(`${stack.sandboxControl}/__sandbox/notifications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ workerUrl: stack.api, ...w }),
  });
  if (!res.ok) throw new Error(`sandbox refused the e-mail wiring: ${res.status} ${await res.text()}`);
}
