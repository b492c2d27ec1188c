import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (almost always 100 on Linux). */
const TICKS_PER_SECOND = (() => {
  try {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/**
 * Another process's CPU time (user + system, all threads, ms) and resident memory, read from
 * Linux's /proc: the benchmark measures Coffer and the simulators in their own processes, so
 * their CPU is not the bench's `process.cpuUsage()`. CPU resolution is one clock tick (10 ms at
 * 100 Hz): measure over many dashboards, not one.
 */
export const procStats = {
  cpuMs(pid: number): number {
    // Fields after the command name (which may hold spaces, hence the split on ") "): utime is the 14th field, stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  },
  /** VmRSS from /proc/<pid>/status, in bytes. */
  rssBytes(pid: number): number {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    if (!match) throw new Error(`no VmRSS for process ${pid}`);
    return Number(match[1]) * 1024;
  },
};
