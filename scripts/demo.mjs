#!/usr/bin/env node
// The demo: translates the bundled examples/ with the built CLI (every format to every other) and
// prints what it did: the summary line, the first record written, and why records were rejected.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist", "cli.js");
if (!existsSync(cli)) {
  console.error("demo: dist/cli.js is missing — run `npm run build` first");
  process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), "rosetta-demo-"));
const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root });
const formats = run(["formats"])
  .stdout.split("\n")
  .map((l) => l.trim().split(/\s+/)[0])
  .filter((f) => f && f !== "segment");
const preview = (s, n = 200) => (s.length > n ? `${s.slice(0, n)}…` : s);

console.log(`commerce-rosetta demo — formats: ${formats.join(", ")}\n`);
for (const file of readdirSync(join(root, "examples")).filter((f) => /\.(nd)?json$/.test(f))) {
  const from = file.replace(/\.(nd)?json$/, "") === "segment" ? "segment" : file.replace(/\.(nd)?json$/, "");
  if (from !== "segment" && !formats.includes(from)) continue;
  const input = readFileSync(join(root, "examples", file), "utf8");
  console.log(`── examples/${file} (${from})`);
  for (const to of formats) {
    if (to === from) continue;
    const rejects = join(tmp, `${from}-${to}.rejects.ndjson`);
    const r = run(["convert", "--from", from, "--to", to, "--jobs", "1", "--rejects", rejects], input);
    const first = r.stdout.split("\n").find(Boolean);
    console.log(`  → ${to.padEnd(10)} ${r.stderr.trim().replace(/^rosetta: /, "")}`);
    if (first) console.log(`    first record: ${preview(first)}`);
    const reasons = new Map();
    for (const line of readFileSync(rejects, "utf8").split("\n").filter(Boolean)) {
      const row = JSON.parse(line);
      const why = row.errors[0]?.message ?? "rejected";
      reasons.set(why, [...(reasons.get(why) ?? []), row.line]);
    }
    for (const [why, lines] of reasons) console.log(`    rejected (line ${lines.join(", ")}): ${preview(why, 160)}`);
  }
  console.log("");
}
console.log("Try: node dist/cli.js convert --help");
