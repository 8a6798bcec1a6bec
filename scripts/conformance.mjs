#!/usr/bin/env node
// `npm run conformance`: runs the black-box conformance cases of the workspace this project was built in
// (../shared/conformance/run.mjs, next to the checkout, not part of the repository). On a plain clone
// they are absent: it says so in one line and exits 0, since there is nothing of this repository to check.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const runner = join(root, "..", "shared", "conformance", "run.mjs");
if (!existsSync(runner)) {
  console.log(
    "conformance: skipped — ../shared/conformance/run.mjs is not next to this checkout (it is not part of the repository)",
  );
  process.exit(0);
}
const r = spawnSync(process.execPath, [runner, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
