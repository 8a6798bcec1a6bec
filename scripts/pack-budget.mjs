#!/usr/bin/env node
// Fails when the npm package grows beyond its budget: the packed (.tgz) and unpacked sizes `npm pack`
// reports, and no source map, no test and no TypeScript source in it. CI runs it (npm run check:package).
// Raise a budget deliberately, in review, with the reason in the commit message.
import { execFileSync } from "node:child_process";

/** The budgets, in bytes. At this commit: 373 kB packed, 1.94 MB unpacked (see README "Package"). */
const BUDGET = { packed: 650_000, unpacked: 3_200_000 };

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const [info] = JSON.parse(execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" }));
const problems = [];
if (info.size > BUDGET.packed) problems.push(`packed ${info.size} bytes > budget ${BUDGET.packed}`);
if (info.unpackedSize > BUDGET.unpacked) problems.push(`unpacked ${info.unpackedSize} bytes > budget ${BUDGET.unpacked}`);
for (const f of info.files) {
  if (f.path.endsWith(".map")) problems.push(`${f.path}: a source map`);
  if (/^(src|test|property-tests|bench)\//.test(f.path)) problems.push(`${f.path}: not part of the package`);
}
for (const required of ["LICENSE", "README.md", "dist/index.js", "dist/index.cjs", "dist/cli.js", "examples/etl.mjs"])
  if (!info.files.some((f) => f.path === required)) problems.push(`${required}: missing from the package`);
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log(
  `pack: ${kb(info.size)} packed (budget ${kb(BUDGET.packed)}), ${kb(info.unpackedSize)} unpacked (budget ${kb(BUDGET.unpacked)}), ${info.files.length} files`,
);
if (problems.length > 0) {
  for (const p of problems) console.error(`pack: ${p}`);
  process.exit(1);
}
