// Equal CPU shares for the processes of a benchmark's arms, on Linux cgroup v1 (the `cpu` and
// `cpuacct` controllers): each named group gets the same weight, so when the machine is short of
// CPU every group still gets its share, and no group's load can starve another's. Each group's
// CPU time is read back from `cpuacct.usage`. A process placed in a group takes its later
// children with it (the kernel puts a forked process in its parent's group).
//
// Why a benchmark needs this: arms that on Cloudflare would each run their own remote browsers
// share a few local cores here, so one arm's browser launches would otherwise show up as another
// arm's latency.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const CPU = "/sys/fs/cgroup/cpu";
const CPUACCT = "/sys/fs/cgroup/cpuacct";

export interface CpuGroups {
  /** Moves a running process (and so its future children) into the named group. */
  place(name: string, pid: number): void;
  /** CPU seconds the group's processes have used since the group was made. */
  usageSeconds(name: string): number;
  /** Removes the groups; processes still in them go back to the root group. */
  remove(): void;
}

/** The groups, or why not (no cgroup v1 `cpu` hierarchy, or no permission to write to it). */
export function cpuGroups(tag: string, names: readonly string[]): CpuGroups | { unavailable: string } {
  const dirs = (name: string) => [join(CPU, tag, name), join(CPUACCT, tag, name)] as const;
  try {
    for (const name of names) {
      const [cpu, acct] = dirs(name);
      mkdirSync(cpu, { recursive: true });
      mkdirSync(acct, { recursive: true });
      writeFileSync(join(cpu, "cpu.shares"), "1024");
    }
  } catch (err) {
    return { unavailable: `no writable cgroup v1 cpu hierarchy (${(err as Error).message.slice(0, 80)})` };
  }
  return {
    place(name, pid) {
      for (const dir of dirs(name)) writeFileSync(join(dir, "cgroup.procs"), String(pid));
    },
    usageSeconds(name) {
      return Number(readFileSync(join(dirs(name)[1], "cpuacct.usage"), "utf8").trim()) / 1e9;
    },
    remove() {
      for (const root of [CPU, CPUACCT]) {
        for (const name of names) {
          const dir = join(root, tag, name);
          try {
            // A group with processes left in it cannot be removed: hand them to the root first.
            for (const pid of readFileSync(join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean))
              writeFileSync(join(root, "cgroup.procs"), pid);
            rmdirSync(dir);
          } catch {
            // already gone, or a process exiting in between: the group stays, empty and harmless
          }
        }
        try {
          rmdirSync(join(root, tag));
        } catch {
          // see above
        }
      }
    },
  };
}
