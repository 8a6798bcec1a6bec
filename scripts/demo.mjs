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
// an ESP migration: histories with no userId/anonymousId reach Customer.io through one of their own
// identifiers, and Redo's history reaches Omnisend; a real client's loose export is read with --coerce
const show = (args, file) => {
  const rejects = join(tmp, "migration.rejects.ndjson");
  const report = join(tmp, "migration.report.json");
  const r = run([...args, "--jobs", "1", "--rejects", rejects, "--report", report], readFileSync(join(root, file), "utf8"));
  console.log(`  $ rosetta ${args.join(" ")} < ${file}`);
  console.log(`    ${r.stderr.trim().replace(/^rosetta: /, "")}`);
  const first = r.stdout.split("\n").find(Boolean);
  if (first) console.log(`    first record: ${preview(first)}`);
  const { lossesByPath } = JSON.parse(readFileSync(report, "utf8"));
  const counts = Object.entries(lossesByPath).map(
    ([path, kinds]) =>
      `${path} ${Object.entries(kinds)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}`,
  );
  if (counts.length > 0) console.log(`    report: ${preview(counts.join("; "), 240)}`);
  for (const line of readFileSync(rejects, "utf8").split("\n").filter(Boolean)) {
    const row = JSON.parse(line);
    console.log(`    rejected (line ${row.line}): ${preview(row.errors[0]?.message ?? "rejected", 160)}`);
  }
  console.log("");
};
console.log("── an ESP migration");
show(["convert", "--from", "omnisend", "--to", "customerio", "--user-id", "email"], "examples/omnisend.ndjson");
show(
  ["convert", "--from", "omnisend", "--to", "customerio", "--anonymous-id", "derive", "--batch", "100"],
  "examples/omnisend.ndjson",
);
show(["convert", "--from", "redo", "--to", "customerio", "--user-id", "email"], "examples/redo.ndjson");
show(["convert", "--from", "redo", "--to", "omnisend"], "examples/redo.ndjson");
console.log("── what real clients send (examples/real-client.ndjson), without and with --coerce");
show(["convert", "--from", "segment", "--to", "omnisend"], "examples/real-client.ndjson");
show(["convert", "--from", "segment", "--to", "omnisend", "--coerce"], "examples/real-client.ndjson");
console.log("Try: node dist/cli.js convert --help");
