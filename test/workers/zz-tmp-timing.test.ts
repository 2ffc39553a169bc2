// TEMPORARY (helper's timing probe, deleted before hand-back)
import { beforeEach, expect, it } from "vitest";
import { connectorFor } from "../../connectors/registry.ts";
import { sandbox } from "../support/sandbox-client.ts";
import { withSite } from "./connector-harness.ts";

for (const platform of ["roomies", "furnishedfinder"] as const) {
  beforeEach(async () => {
    await sandbox.clearFaults();
    await sandbox.reset({ seed: 7 });
  });
  it(`timing ${platform}`, async () => {
    const { connector } = connectorFor(platform);
    const [first] = await sandbox.truth(platform);
    for (let round = 0; round < 3; round++) {
      const body = `Delayed reply ${Date.now()}: the room is still available.`;
      const started = new Date().toISOString();
      await withSite(platform, async ({ session }) => {
        await sandbox.fault({
          platform,
          kind: "delayed_appearance",
          seconds: 4,
          pages: ["submit"],
          times: 1,
        });
        const sent = await connector.sendReply(session, first!.threadId, body);
        const tSent = Date.now();
        const early = await connector.findReply(session, first!.threadId, body, started);
        const tEarly = Date.now();
        const t = (await sandbox.truth(platform)).find((x) => x.threadId === first!.threadId)!;
        const stored = t.messages.find((m) => m.text === body)!;
        console.log(
          platform,
          JSON.stringify(sent),
          "sent→",
          tSent - Date.parse(stored.at),
          "early→",
          tEarly - Date.parse(stored.at),
          "visibleFrom",
          Date.parse(stored.visibleFrom!) - Date.parse(stored.at),
          JSON.stringify(early),
        );
        expect(early.ok).toBe(true);
      });
      const body2 = `Normal reply ${Date.now()}: the room is still available.`;
      await withSite(platform, async ({ session }) => {
        const t0 = Date.now();
        const sent = await connector.sendReply(session, first!.threadId, body2);
        console.log(platform, "normal", JSON.stringify(sent), Date.now() - t0, "ms");
      });
    }
  });
}
