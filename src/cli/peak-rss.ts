/**
 * The process's own peak resident set size. `process.resourceUsage().maxRSS` is not that on Linux:
 * the kernel carries the high-water mark across `execve`, so a CLI spawned by a large process (an
 * ETL job, a test runner) reports its parent's resident size at the fork whenever that was larger.
 * `/proc/self/status`'s `VmHWM` is the high-water mark of this process image alone, every thread
 * included; elsewhere `maxRSS` is the best there is.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs";

/**
 * The `VmHWM` line of a `/proc/<pid>/status` text, in bytes, or undefined when it has none.
 *
 * @internal
 */
export const vmHwmBytes = (status: string): number | undefined => {
  const m = /^VmHWM:\s*(\d+)\s*kB$/m.exec(status);
  return m === null ? undefined : Number(m[1]) * 1024;
};

/**
 * Peak RSS of this process since it started (its `execve`), in bytes.
 *
 * @internal
 */
export const peakRssBytes = (): number => {
  if (process.platform === "linux") {
    try {
      const hwm = vmHwmBytes(readFileSync("/proc/self/status", "utf8"));
      if (hwm !== undefined) return hwm;
    } catch {
      // no procfs (a sandbox): fall back below
    }
  }
  return process.resourceUsage().maxRSS * 1024;
};
