#!/usr/bin/env node
// The demo: translates the bundled examples/ with the built CLI and prints what it did.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = `${root}dist/cli.js`;
const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root });
const formats = run(["formats"])
  .stdout.split("\n")
  .map((l) => l.trim().split(/\s+/)[0])
  .filter(Boolean);
const preview = (s, n = 220) => (s.length > n ? `${s.slice(0, n)}…` : s);

console.log(`commerce-rosetta demo — formats: ${formats.join(", ")}\n`);
for (const file of readdirSync(`${root}examples`).filter((f) => f.endsWith(".ndjson") || f.endsWith(".json"))) {
  const from = file.replace(/\.(nd)?json$/, "").split(".")[0];
  if (!formats.includes(from)) continue;
  const input = readFileSync(`${root}examples/${file}`, "utf8");
  for (const to of formats) {
    if (to === from || to === "segment") continue;
    const r = run(["convert", "--from", from, "--to", to, "--rejects", "/dev/null"], input);
    const lines = r.stdout.split("\n").filter(Boolean);
    console.log(`examples/${file}  --from ${from} --to ${to}  (exit ${r.status})`);
    console.log(`  ${r.stderr.trim()}`);
    if (lines[0]) console.log(`  first record: ${preview(lines[0])}`);
    console.log("");
  }
  const rej = run(
    ["convert", "--from", from, "--to", "canonical", "--rejects", "/dev/stdout", "--out", "/dev/null", "--quiet"],
    input,
  );
  const rejects = rej.stdout.split("\n").filter(Boolean);
  for (const line of rejects) {
    const r = JSON.parse(line);
    console.log(`  rejected line ${r.line}: ${r.errors.map((e) => e.message).join("; ")}`);
  }
  if (rejects.length > 0) console.log("");
}
if (!existsSync(cli)) process.exitCode = 1;
