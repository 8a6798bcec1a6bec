// Fallback peak-RSS probe when /usr/bin/time is missing: preloaded with `node --import`, it writes
// the process's own peak RSS (process.resourceUsage().maxRSS, KiB) to $BENCH_RSS_FILE on exit.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file !== undefined && file !== "") {
  process.on("exit", () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
