#!/usr/bin/env node
/**
 * Does keeping results slow the library down afterwards? A caller that keeps many translation
 * results alive (`translateAll` over an array, a batch held for a bulk request) makes V8 pretenure
 * the allocation sites those objects came from: later objects from those sites are allocated in the
 * old generation, and every later translation in the process pays for it. This measures
 * customerio → omnisend (µs per record, median of 9 passes over the bench's generated records)
 * in a fresh process per case: keeping nothing, or first keeping the results (or a part of them)
 * of one pass over the records.
 *
 *   node bench/retention.mjs [--lib dist] [--from customerio --to omnisend] [--records 5000]
 *
 * (after `npm run build`; CI runs it with `--records 300` to check that it works, not the numbers).
 *
 * Run it with `node --no-allocation-site-pretenuring bench/retention.mjs` to see the same cases
 * with V8's pretenuring off.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const lib = path.resolve(argv.includes("--lib") ? argv[argv.indexOf("--lib") + 1] : path.join(here, "..", "dist"));
const CASES = ["nothing", "results", "losses", "values", "events"];
const keepArg = argv.includes("--keep") ? argv[argv.indexOf("--keep") + 1] : undefined;
const from = argv.includes("--from") ? argv[argv.indexOf("--from") + 1] : "customerio";
const to = argv.includes("--to") ? argv[argv.indexOf("--to") + 1] : "omnisend";
const records = argv.includes("--records") ? Number(argv[argv.indexOf("--records") + 1]) : 5000;

if (keepArg === undefined) {
  // the parent: one child process per case, so no case inherits another's allocation-site state
  console.log(`${from} → ${to} after keeping one pass's results (node ${process.version}; ${process.execArgv.join(" ")})`);
  console.log(`${"kept".padEnd(10)}${"limit µs".padStart(10)}${"pair µs".padStart(10)}${"÷ limit".padStart(10)}`);
  for (const keep of CASES) {
    const r = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        "--lib",
        lib,
        "--keep",
        keep,
        "--from",
        from,
        "--to",
        to,
        "--records",
        String(records),
      ],
      {
        encoding: "utf8",
      },
    );
    if (r.status !== 0) {
      console.error(r.stderr);
      process.exit(1);
    }
    const { limit, pair } = JSON.parse(r.stdout);
    console.log(
      `${keep.padEnd(10)}${limit.toFixed(2).padStart(10)}${pair.toFixed(2).padStart(10)}${(limit / pair).toFixed(3).padStart(10)}`,
    );
  }
} else {
  const L = await import(pathToFileURL(path.join(lib, "index.js")).href);
  const { generate, identity, peopleOf } = await import("./generate.mjs");
  const lines = [];
  for (const e of generate(records)) {
    const r = L.translate(e, { from: "customerio", to: from, identity });
    if (r.ok) lines.push(JSON.stringify(r.value));
  }
  // the bench's identity table (event id → person), for sources that carry no userId
  const people = peopleOf(generate(records));
  const lookupIdentity = (event) => people.get(event.id);
  const needsIdentity = from === "omnisend" || from === "attribuly";
  const options = needsIdentity ? { from, to, identity: lookupIdentity } : { from, to };
  const pass = () => {
    let sink = 0;
    for (const l of lines) {
      const r = L.translate(JSON.parse(l), options);
      if (r.ok) sink += JSON.stringify(r.value).length;
    }
    return sink;
  };
  const limit = () => {
    let sink = 0;
    for (const l of lines) sink += JSON.stringify(JSON.parse(l)).length;
    return sink;
  };
  const pick = { results: (r) => r, losses: (r) => r.losses, values: (r) => r.value, events: (r) => r.event };
  const kept = keepArg === "nothing" ? [] : lines.map((l) => pick[keepArg](L.translate(JSON.parse(l), options)));
  const micros = (f) => {
    for (let w = 0; w < 3; w++) f();
    const t = [];
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      f();
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    return (t[4] * 1000) / lines.length;
  };
  const result = { limit: micros(limit), pair: micros(pass), kept: kept.length };
  process.stdout.write(JSON.stringify(result));
}
