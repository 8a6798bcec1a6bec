#!/usr/bin/env node
// A/B of two builds in one process: is a pair slower after a change than before it?
//
// On a shared or noisy host the full suite's rounds spread by 50 % or more, and two runs minutes
// apart are not comparable. Here both builds (their `dist/index.js`) are loaded into one process and
// measured in interleaved rounds over the same inputs, each against its own JSON floor (JSON.parse of
// the source line + JSON.stringify of that build's output, as in run.mjs), so drift in the machine
// hits both alike. Inputs: the generated mix (bench/generate.mjs, every call identified), as each
// build itself writes each source format.
//
//   node bench/ab.mjs --base ../old/dist/index.js [--head dist/index.js] [--rounds 9]
//                     [--pairs customerio:omnisend,omnisend:customerio] [--coerce] [--records 5000]
//
// Prints, per pair, each build's median ÷ floor and head ÷ base. A build that lacks a format skips it.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generate, identity } from "./generate.mjs";

const args = process.argv.slice(2);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const basePath = value("--base", undefined);
if (basePath === undefined) {
  console.error("ab: --base PATH/TO/dist/index.js is required (the build to compare with)");
  process.exit(2);
}
const headPath = value("--head", "dist/index.js");
const rounds = Number(value("--rounds", "9"));
const records = Number(value("--records", "5000"));
const coerce = args.includes("--coerce");
const DEFAULT_PAIRS = [
  "customerio:omnisend",
  "customerio:omnisend-api",
  "customerio:redo",
  "customerio:attribuly",
  "customerio:canonical",
  "omnisend:customerio",
  "redo:omnisend",
  "redo:customerio",
  "attribuly:redo",
  "canonical:omnisend",
];
const pairs = value("--pairs", DEFAULT_PAIRS.join(","))
  .split(",")
  .map((p) => p.split(":"));

const load = async (p) => import(pathToFileURL(resolve(p)).href);
const builds = { base: await load(basePath), head: await load(headPath) };
const calls = generate(records, { anonymous: false });

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = (f) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t);
};

/** One build's work for a pair: its input lines (as that build writes the source format), outputs and loops. */
const setUp = (L, from, to) => {
  const options = { from, to, identity, ...(coerce ? { coerce: true } : {}) };
  const lines = [];
  for (const e of calls) {
    if (from === "customerio") lines.push(JSON.stringify(e));
    else {
      const r = L.translate(e, { from: "customerio", to: from, identity });
      if (r.ok) lines.push(JSON.stringify(r.value));
    }
  }
  const outs = [];
  for (const l of lines) {
    const r = L.translate(JSON.parse(l), options);
    outs.push(r.ok ? JSON.parse(JSON.stringify(r.value)) : null);
  }
  let sink = 0;
  return {
    records: lines.length,
    floor: () => {
      for (let i = 0; i < lines.length; i++) {
        JSON.parse(lines[i]);
        sink += JSON.stringify(outs[i]).length;
      }
    },
    lib: () => {
      for (const l of lines) {
        const r = L.translate(JSON.parse(l), options);
        if (r.ok) sink += JSON.stringify(r.value).length;
      }
    },
    sink: () => sink,
  };
};

/** Whether a build has a format (a build from before omnisend-api lacks it). */
const known = (L, f) => L.codecOf(f) !== undefined;

console.log(`A/B: base ${basePath}, head ${headPath}; ${records} calls, ${rounds} interleaved rounds${coerce ? ", coerce" : ""}`);
console.log("pair                          base ÷ floor   head ÷ floor   head ÷ base");
for (const [from, to] of pairs) {
  const runs = {};
  for (const [name, L] of Object.entries(builds)) {
    if (!known(L, from) || !known(L, to)) continue;
    runs[name] = setUp(L, from, to);
  }
  const names = Object.keys(runs);
  if (names.length === 0) continue;
  for (const n of names)
    for (let w = 0; w < 2; w++) {
      runs[n].floor();
      runs[n].lib();
    }
  const ratios = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 === 0 ? names : [...names].reverse()) {
      const f = time(runs[n].floor);
      const l = time(runs[n].lib);
      ratios[n].push(f / l);
    }
  }
  const m = Object.fromEntries(names.map((n) => [n, median(ratios[n])]));
  const cell = (n) => (m[n] === undefined ? "—" : `${m[n].toFixed(3)}×`).padStart(12);
  const rel = m.base !== undefined && m.head !== undefined ? `${(m.head / m.base).toFixed(2)}` : "—";
  console.log(`${`${from} → ${to}`.padEnd(28)} ${cell("base")}   ${cell("head")}   ${rel.padStart(10)}`);
}
