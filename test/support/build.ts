/**
 * Vitest global setup: tests that run the built CLI (worker threads, signals) need dist/. Build it
 * once when it is missing or older than the sources (CI builds before testing, so this is a no-op there).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

const newest = (dir: string): number => {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

export default function setup(): void {
  const bin = join(root, "dist", "cli.js");
  const worker = join(root, "dist", "worker.js");
  const stale =
    !existsSync(bin) ||
    !existsSync(worker) ||
    Math.min(statSync(bin).mtimeMs, statSync(worker).mtimeMs) <
      Math.max(newest(join(root, "src")), newest(join(root, "mappings")));
  if (stale)
    execFileSync(process.execPath, [join(root, "node_modules", "tsup", "dist", "cli-default.js")], {
      cwd: root,
      stdio: "ignore",
    });
}
