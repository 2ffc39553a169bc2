/**
 * Local Browser Run sessions that a test run kept alive (runs disconnect rather than close, to
 * reuse the browser next minute) can outlive the miniflare that started them. Once their parent
 * is gone they are re-parented to init: those — and only those — are reaped, so a suite running
 * beside this one keeps its browsers.
 */
import { execFileSync } from "node:child_process";

export function reapOrphanBrowsers(): number {
  let listing = "";
  try {
    listing = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  } catch {
    return 0;
  }
  let reaped = 0;
  for (const line of listing.split("\n")) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m?.[2] !== "1" || !m[3]!.includes("browser-rendering/profile-")) continue;
    try {
      process.kill(Number(m[1]), "SIGKILL");
      reaped++;
    } catch {
      // already gone
    }
  }
  return reaped;
}
