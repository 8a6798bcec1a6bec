#!/usr/bin/env node
// The demo: builds quietly (tsup's log is shown only when the build fails), then translates the bundled
// examples/ from every format to every other with the built library and prints, per pair, one sample
// (an input, its output, its losses) when the pair converts, or one line of why — with the flag that
// would make it work — when it cannot. It ends with an ESP migration run through the built CLI.
// It builds only when dist/ is missing or older than src/; `--no-build` never builds (the test runs the
// demo against the dist/ its setup built).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist", "cli.js");

// the newest modification time under the build's inputs, to rebuild only when dist/ is older
const newest = (path) => {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), st.mtimeMs);
};
const stale = () =>
  !existsSync(cli) ||
  ["src", "mappings", "tsup.config.ts", "package.json"]
    .map((p) => join(root, p))
    .filter((p) => existsSync(p))
    .some((p) => newest(p) > statSync(cli).mtimeMs);
if (!process.argv.includes("--no-build") && stale()) {
  process.stdout.write("building dist/ (once; later runs reuse it)… ");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const b = spawnSync(npm, ["run", "build", "--silent"], { cwd: root, encoding: "utf8", shell: process.platform === "win32" });
  if (b.status !== 0) {
    console.log("failed:\n");
    process.stdout.write(b.stdout ?? "");
    process.stderr.write(b.stderr ?? "");
    if (b.error) console.error(String(b.error));
    process.exit(1);
  }
  console.log("done\n");
}
if (!existsSync(cli)) {
  console.error("demo: dist/cli.js is missing — run `npm run build` first");
  process.exit(1);
}
const { FORMAT_IDS, translateAll } = await import(pathToFileURL(join(root, "dist", "index.js")).href);

const clip = (s, n = 150) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const json = (v) => JSON.stringify(v);
// the flags a rejection's message names (the CLI's remedies), else the remedy by kind of failure
const remedyOf = (message) => {
  const flags = [...new Set(message.match(/--(?:user-id|anonymous-id|identity|coerce)(?: [a-zA-Z]+)?/g) ?? [])].slice(0, 2);
  if (flags.length > 0) return `try ${flags.join(" or ")}`;
  if (/no journey item/.test(message)) return "no flag helps: attribuly has no item of this type";
  return undefined;
};
const firstSentence = (message) =>
  message
    .replace(/^\$[^:]*: /, "")
    .split(/[;—]| \(/)[0]
    .trim();
// the record a translateAll path names inside its input ("$", "$.data.events[0]", "$.batch[2]")
const at = (value, path) => [...path.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].reduce((v, m) => v?.[m[1] ?? Number(m[2])], value);
// an output whose every section is null or empty says nothing: it is shown as what the format cannot hold
const isEmpty = (v) =>
  v === null || v === undefined || (typeof v === "object" && Object.values(v).every((x) => x === null || x === undefined));
const lossLine = (losses) =>
  losses.length === 0
    ? "none"
    : clip(
        losses
          .slice(0, 4)
          .map((l) => `${l.path} ${l.kind}`)
          .join(", ") + (losses.length > 4 ? `, +${losses.length - 4} more` : ""),
        140,
      );

const examples = readdirSync(join(root, "examples"))
  .filter((f) => /\.(nd)?json$/.test(f) && f !== "real-client.ndjson")
  .map((file) => ({ file, from: file.replace(/\.(nd)?json$/, "") }))
  .filter(({ from }) => FORMAT_IDS.includes(from));
const destinations = FORMAT_IDS.filter((f) => f !== "segment");

console.log(`commerce-rosetta demo — formats: ${destinations.join(", ")} (segment reads as customerio)\n`);
for (const { file, from } of examples) {
  const text = readFileSync(join(root, "examples", file), "utf8");
  const inputs = file.endsWith(".ndjson")
    ? text
        .split("\n")
        .map((l, i) => ({ line: i + 1, l }))
        .filter(({ l }) => l.trim() !== "")
        .map(({ line, l }) => ({ where: `line ${line}`, value: JSON.parse(l) }))
    : [{ where: file, value: JSON.parse(text) }];
  console.log(`── examples/${file} (${from})`);
  for (const to of destinations) {
    if (to === from || (from === "segment" && to === "customerio")) continue;
    const results = [];
    for (const input of inputs) {
      const all = translateAll(input.value, { from, to });
      if (!all.ok) results.push({ input, record: input.value, result: all });
      else
        for (const r of all.value) {
          results.push({ input, record: at(input.value, r.path), path: r.path, result: r.result });
        }
    }
    const ok = results.filter((r) => r.result.ok);
    const readable = ok.filter((r) => !isEmpty(r.result.value));
    const pair = `${from} → ${to}`.padEnd(26);
    const count = `${readable.length} of ${results.length}`;
    if (readable.length === 0) {
      // nothing converted into something readable: one line of why, and what would make it work
      const failed = results.find((r) => !r.result.ok);
      const message = failed?.result.errors[0]?.message;
      const why =
        message === undefined
          ? clip(ok[0]?.result.losses[0]?.reason ?? `${to} has no place for these records`, 100)
          : `${clip(firstSentence(message), 90)}${remedyOf(message) ? ` — ${remedyOf(message)}` : ""}`;
      const empty = ok.length > 0 ? ` (${ok.length} that converts holds only empty sections)` : "";
      console.log(`  ${pair} ${count}: ${why}${empty}`);
      continue;
    }
    // the sample that reads best: most content, fewest losses
    const size = (r) => json(r.result.value).length - 40 * r.result.losses.length;
    const sample = readable.reduce((a, b) => (size(b) > size(a) ? b : a));
    const inputText = json(sample.record ?? sample.input.value);
    console.log(`  ${pair} ${count} convert`);
    console.log(
      `    in   (${sample.input.where}${sample.path && sample.path !== "$" ? ` ${sample.path}` : ""}) ${clip(inputText, 120)}`,
    );
    console.log(`    out  ${clip(json(sample.result.value))}`);
    console.log(`    lost ${lossLine(sample.result.losses)}`);
    const rejected = results.filter((r) => !r.result.ok);
    const empty = ok.length - readable.length;
    if (rejected.length > 0) {
      const message = rejected[0].result.errors[0]?.message ?? "rejected";
      const remedy = remedyOf(message);
      console.log(
        `    ${rejected.length} rejected, e.g. ${rejected[0].input.where}: ${clip(firstSentence(message), 80)}${remedy ? ` — ${remedy}` : ""}`,
      );
    }
    if (empty > 0) console.log(`    ${empty} converted to empty sections (${to} has no place for them)`);
  }
  console.log("");
}

// an ESP migration: histories with no userId/anonymousId reach Customer.io through one of their own
// identifiers, and Redo's history reaches Omnisend; a real client's loose export is read with --coerce
const tmp = mkdtempSync(join(tmpdir(), "rosetta-demo-"));
const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root });
const show = (args, file) => {
  const rejects = join(tmp, "migration.rejects.ndjson");
  const report = join(tmp, "migration.report.json");
  const r = run([...args, "--jobs", "1", "--rejects", rejects, "--report", report], readFileSync(join(root, file), "utf8"));
  console.log(`  $ rosetta ${args.join(" ")} < ${file}`);
  console.log(`    ${r.stderr.trim().replace(/^rosetta: /, "")}`);
  const first = r.stdout.split("\n").find(Boolean);
  if (first) console.log(`    first record: ${clip(first, 200)}`);
  if (!existsSync(report)) return console.log("");
  const { lossesByPath } = JSON.parse(readFileSync(report, "utf8"));
  const counts = Object.entries(lossesByPath).map(
    ([path, kinds]) =>
      `${path} ${Object.entries(kinds)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}`,
  );
  if (counts.length > 0) console.log(`    report: ${clip(counts.join("; "), 240)}`);
  if (existsSync(rejects))
    for (const line of readFileSync(rejects, "utf8").split("\n").filter(Boolean)) {
      const row = JSON.parse(line);
      console.log(`    rejected (line ${row.line}): ${clip(row.errors[0]?.message ?? "rejected", 160)}`);
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
