// Fallback peak-RSS probe when /usr/bin/time is missing: preloaded with `node --import`, it writes
// the process's own peak RSS (KiB) to $BENCH_RSS_FILE on exit: /proc/self/status's VmHWM on Linux,
// since `process.resourceUsage().maxRSS` there carries the spawning process's size across execve
// (the bench process spawns the CLI); maxRSS elsewhere.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
const peakKib = () => {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m !== null) return Number(m[1]);
  } catch {
    // not Linux: maxRSS below
  }
  return process.resourceUsage().maxRSS;
};
if (file !== undefined && file !== "") {
  process.on("exit", () => {
    writeFileSync(file, String(peakKib()));
  });
}
