#!/usr/bin/env node
// commerce-rosetta benchmark suite (issue 8). See bench/README.md.
//
//   node bench/run.mjs            full run (several minutes), writes bench/results/latest.json
//   node bench/run.mjs --quick    CI smoke run (< 60 s): checks the suite works, never the numbers
//
// Options (mostly for experiments): --records N  --subset N  --rounds N  --warmup N  --cli-records N
// --cli-rounds N  --out FILE  --no-snapshot  --readme (write the table into bench/README.md).
//
// It imports the BUILT library (../dist/index.js): run `npm run build` (or `npx tsup`) first.
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const dist = path.join(root, "dist");

// ---------------------------------------------------------------------------------------------
// options
// ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
/**
 * The pairs' JSON floors are measured in a child process (`--floor-child --lib DIR`): their loops
 * once kept every pair's output alive as parsed objects, and with those alive in the same heap the
 * library measured up to 50 % slower here (V8's allocation-site pretenuring, see retention.mjs, the
 * likely cause) — the floor would have distorted the figures it is compared with. Since stop 14 the
 * loops keep the outputs as text (see floorLoop); the child stays, as it costs nothing to keep.
 */
const FLOOR_CHILD = argv.includes("--floor-child");
const num = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name}: expected a whole number ≥ 1`);
    process.exit(2);
  }
  return n;
};
const str = (name, dflt) => {
  const i = argv.indexOf(name);
  return i < 0 ? dflt : argv[i + 1];
};
const CONFIG = {
  mode: QUICK ? "quick" : "full",
  records: num("--records", QUICK ? 1500 : 5000), // the realistic mix, per input format
  subset: num("--subset", QUICK ? 500 : 3000), // Order Completed / Product Viewed for the JSONata comparison
  warmup: num("--warmup", QUICK ? 1 : 2), // untimed passes over every variant
  rounds: num("--rounds", QUICK ? 1 : 7), // timed rounds; each round runs every variant once, in turn
  cliRecords: num("--cli-records", QUICK ? 5000 : 200_000),
  cliRounds: num("--cli-rounds", QUICK ? 1 : 5),
  // a sample repeats passes over its input until this much time has passed (at least one pass)
  minSampleMs: num("--min-sample-ms", QUICK ? 1 : 300),
};
// the quick run's JSON goes to the temp dir so CI leaves the tree clean (--out to keep it)
const OUT = str("--out", QUICK ? path.join(os.tmpdir(), "rosetta-bench-quick.json") : path.join(here, "results", "latest.json"));

// ---------------------------------------------------------------------------------------------
// the suite's own failures (the only thing that makes it exit non-zero)
// ---------------------------------------------------------------------------------------------

const broken = [];
const fault = (msg) => {
  broken.push(msg);
  console.error(`SUITE BROKEN: ${msg}`);
};

const built = () => existsSync(path.join(dist, "index.js")) && existsSync(path.join(dist, "cli.js"));
// a build in progress empties dist/ for a few seconds: wait for it rather than fail
for (let i = 0; i < 10 && !built(); i++) await new Promise((r) => setTimeout(r, 2000));
if (!built()) {
  console.error("bench: dist/ is missing; run `npm run build` (or `npx tsup`) first");
  process.exit(1);
}
const newestUnder = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs);
  }
  return t;
};
const stale = newestUnder(path.join(root, "src")) > statSync(path.join(dist, "index.js")).mtimeMs;
if (stale && !FLOOR_CHILD)
  console.warn("bench: WARNING dist/ is older than src/ — the figures are for the last build (run `npm run build`)");

const tmp = path.join(os.tmpdir(), `rosetta-bench-${process.pid}`);
mkdirSync(tmp, { recursive: true });
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

/**
 * A private copy of the built library (dist/ + package.json, node_modules linked), so a rebuild of
 * dist/ during the run (chunk names change) cannot break it or mix two builds. --no-snapshot runs
 * ../dist in place.
 */
const snapshot = async () => {
  if (argv.includes("--no-snapshot")) return dist;
  const snap = path.join(tmp, "pkg");
  for (let attempt = 1; ; attempt++) {
    rmSync(snap, { recursive: true, force: true });
    mkdirSync(snap, { recursive: true });
    try {
      if (!built()) throw new Error("dist/ is missing");
      cpSync(dist, path.join(snap, "dist"), { recursive: true });
      cpSync(path.join(root, "package.json"), path.join(snap, "package.json"));
      symlinkSync(path.join(root, "node_modules"), path.join(snap, "node_modules"), "dir");
      const check = spawnSync(process.execPath, [path.join(snap, "dist", "cli.js"), "convert", "--help"], { encoding: "utf8" });
      if (check.status !== 0) throw new Error(check.stderr.slice(0, 300));
      return path.join(snap, "dist");
    } catch (e) {
      if (attempt >= 5) {
        console.error(`bench: could not snapshot dist/ (a build in progress?): ${e.message}`);
        process.exit(1);
      }
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
};
const lib = FLOOR_CHILD ? str("--lib", dist) : await snapshot();

const L = await import(path.join(lib, "index.js"));
const { default: jsonata } = await import("jsonata");
const { generate, identity: genIdentity, peopleOf } = await import("./generate.mjs");
const { JSONATA_EXPRESSION, handMapper, validatedHandMapper } = await import("./baselines.mjs");

// gc between samples, so one variant's garbage is not collected on the next one's clock
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtInt = (n) => (n === undefined || Number.isNaN(n) ? "—" : Math.round(n).toLocaleString("en-US"));
const fmtRatio = (x) => (x === undefined || Number.isNaN(x) ? "—" : `${x.toFixed(x < 0.1 ? 3 : 2)}×`);
// the floor child's stdout is its JSON answer, and the parent reports: the child logs nothing
const log = FLOOR_CHILD ? () => {} : (s = "") => console.log(s);
const started = Date.now();
const loadBefore = os.loadavg();

log(`commerce-rosetta bench (${CONFIG.mode}) — node ${process.version}, ${os.cpus()[0]?.model} × ${os.cpus().length}`);
log(
  `config: ${CONFIG.records} records per input format, ${CONFIG.subset} for JSONata, ${CONFIG.warmup} warm-up + ${CONFIG.rounds} rounds; CLI ${CONFIG.cliRecords} records × ${CONFIG.cliRounds} rounds`,
);

// ---------------------------------------------------------------------------------------------
// inputs
// ---------------------------------------------------------------------------------------------

const FORMATS = ["customerio", "omnisend", "omnisend-api", "redo", "attribuly", "canonical"];

/** The generated Segment / Customer.io calls, translated by the library into each source format. */
const mix = generate(CONFIG.records);
const inputs = {}; // format → JSON lines
const inputRejects = {}; // format → how many generated calls that format cannot hold
for (const f of FORMATS) {
  inputs[f] = [];
  inputRejects[f] = 0;
  for (const e of mix) {
    const r = L.translate(e, { from: "customerio", to: f, identity: genIdentity });
    if (r.ok) inputs[f].push(JSON.stringify(r.value));
    else inputRejects[f]++;
  }
  if (inputs[f].length === 0) fault(`no ${f} input could be produced`);
}

/**
 * The identity table a caller would join with (a CRM export), as a resolver: Omnisend events carry
 * no userId/anonymousId, Attribuly journey items no identity at all, so those sources need it to
 * reach destinations that require one; the pairs that need it get it (one Map.get per record), the
 * others run without.
 */
const people = peopleOf(mix);
const lookupIdentity = (event) => people.get(event.id);

/** Order Completed / Product Viewed calls with the email in context.traits: what JSONata can reproduce. */
const subsetEvents = generate(CONFIG.subset, { seed: 4242, only: ["Order Completed", "Product Viewed"], anonymous: false });
const subsetLines = subsetEvents.map((e) => JSON.stringify(e));

const avgBytes = (lines) => Math.round(lines.reduce((s, l) => s + Buffer.byteLength(l), 0) / Math.max(1, lines.length));
const ocLines = inputs.customerio.filter((l) => l.includes('"event":"Order Completed"'));
log(
  `inputs: customerio ${inputs.customerio.length} lines (avg ${avgBytes(inputs.customerio)} B; Order Completed avg ${avgBytes(ocLines)} B), ` +
    FORMATS.slice(1)
      .map((f) => `${f} ${inputs[f].length} (avg ${avgBytes(inputs[f])} B)`)
      .join(", ") +
    `; JSONata subset ${subsetLines.length} (avg ${avgBytes(subsetLines)} B)`,
);

// ---------------------------------------------------------------------------------------------
// measured loops
// ---------------------------------------------------------------------------------------------

/** The limit: JSON.parse + JSON.stringify of each record. */
const limitLoop = (lines) => () => {
  let sink = 0;
  for (let i = 0; i < lines.length; i++) sink += JSON.stringify(JSON.parse(lines[i])).length;
  return { records: lines.length, rejects: 0, sink };
};

/** commerce-rosetta: JSON.parse → translate (decode + validate + encode) → JSON.stringify. */
const pairLoop = (lines, options) => () => {
  let sink = 0;
  let rejects = 0;
  for (let i = 0; i < lines.length; i++) {
    const r = L.translate(JSON.parse(lines[i]), options);
    if (r.ok) sink += JSON.stringify(r.value).length;
    else rejects++;
  }
  return { records: lines.length, rejects, sink };
};

const expr = jsonata(JSONATA_EXPRESSION);
/** JSONata: JSON.parse → evaluate (async in jsonata 2.x) → JSON.stringify. */
const jsonataLoop = (lines) => async () => {
  let sink = 0;
  for (let i = 0; i < lines.length; i++) sink += JSON.stringify(await expr.evaluate(JSON.parse(lines[i]))).length;
  return { records: lines.length, rejects: 0, sink };
};
/**
 * The JSON floor of a pair: JSON.parse of the source line + JSON.stringify of the pair's output,
 * nothing else. No translator of that pair can beat it: it bounds the ratio to the limit a pair can
 * reach when its output is bigger or smaller than its input. The output must be a fresh object, as a
 * translator's is (stringifying objects kept alive across passes, moved to the old generation, took
 * 20 % longer here), so each pass parses the output's text again; `floorParseLoop` measures that
 * parse alone, and the floor is the difference (`floorRatioOf`).
 */
const floorLoop = (items) => () => {
  let sink = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const parsed = JSON.parse(item.line);
    if (item.outLine !== undefined) sink += JSON.stringify(JSON.parse(item.outLine)).length;
    else sink += parsed === null ? 0 : 1;
  }
  return { records: items.length, rejects: 0, sink };
};
/** What `floorLoop` spends parsing the outputs' text, to be taken off. */
const floorParseLoop = (items) => () => {
  let sink = 0;
  for (let i = 0; i < items.length; i++) {
    const outLine = items[i].outLine;
    sink += outLine === undefined ? 1 : JSON.parse(outLine) === null ? 0 : 1;
  }
  return { records: items.length, rejects: 0, sink };
};

const validatedHand = await validatedHandMapper();
/** The same behind ajv: JSON.parse → validate against the seed spec → plain object mapping → JSON.stringify. */
const validatedHandLoop = (lines) => () => {
  let sink = 0;
  let rejects = 0;
  for (let i = 0; i < lines.length; i++) {
    const out = validatedHand(JSON.parse(lines[i]));
    if (out === undefined) rejects++;
    else sink += JSON.stringify(out).length;
  }
  return { records: lines.length, rejects, sink };
};

/** Hand-written mapper: JSON.parse → plain object mapping → JSON.stringify. */
const handLoop = (lines) => () => {
  let sink = 0;
  for (let i = 0; i < lines.length; i++) sink += JSON.stringify(handMapper(JSON.parse(lines[i]))).length;
  return { records: lines.length, rejects: 0, sink };
};

// ---------------------------------------------------------------------------------------------
// setup checks: every pair produces output; JSONata and hand-written outputs equal the library's
// ---------------------------------------------------------------------------------------------

const variants = []; // { id, kind, input, run, ... }
for (const f of FORMATS) variants.push({ id: `limit:${f}`, kind: "limit", input: f, run: limitLoop(inputs[f]) });
variants.push({ id: "limit:subset", kind: "limit", input: "subset", run: limitLoop(subsetLines) });

const pairs = [];
for (const from of FORMATS) {
  for (const to of FORMATS) {
    if (from === to) continue;
    const lines = inputs[from];
    const count = (options) => {
      let rejects = 0;
      let first;
      const reasons = new Map();
      for (const line of lines) {
        const r = L.translate(JSON.parse(line), options);
        if (r.ok) first ??= r.value;
        else {
          rejects++;
          const m = (r.errors[0]?.message ?? "?").replace(/"[^"]*"/g, '"…"').slice(0, 90);
          reasons.set(m, (reasons.get(m) ?? 0) + 1);
        }
      }
      return { rejects, first, reasons };
    };
    let options = { from, to };
    let c = count(options);
    let usesIdentity = false;
    if (c.rejects > 0) {
      const withId = { from, to, identity: lookupIdentity };
      const c2 = count(withId);
      if (c2.rejects < c.rejects) {
        options = withId;
        c = c2;
        usesIdentity = true;
      }
    }
    if (c.first === undefined) fault(`${from} → ${to}: no record translated (${[...c.reasons.keys()][0] ?? "?"})`);
    const pair = {
      id: `${from}→${to}`,
      kind: "pair",
      from,
      to,
      input: from,
      records: lines.length,
      rejects: c.rejects,
      rejectReasons: Object.fromEntries(c.reasons),
      identityResolver: usesIdentity,
      run: pairLoop(lines, options),
    };
    pairs.push(pair);
    if (!FLOOR_CHILD) variants.push(pair);
    else {
      const floorItems = lines.map((line) => {
        const r = L.translate(JSON.parse(line), options);
        return { line, outLine: r.ok ? JSON.stringify(r.value) : undefined };
      });
      variants.push({ id: `floor:${pair.id}`, kind: "floor", input: from, run: floorLoop(floorItems) });
      variants.push({ id: `floorParse:${pair.id}`, kind: "floor", input: from, run: floorParseLoop(floorItems) });
    }
  }
}

const equality = { records: subsetLines.length, jsonataEqual: 0, handEqual: 0, validatedEqual: 0, firstMismatch: undefined };
if (!FLOOR_CHILD) {
  // library on the JSONata subset (no identity resolver: the subset carries its email)
  const libSubsetOptions = { from: "customerio", to: "omnisend" };
  variants.push({ id: "subset:commerce-rosetta", kind: "subset", input: "subset", run: pairLoop(subsetLines, libSubsetOptions) });
  variants.push({ id: "subset:jsonata", kind: "subset", input: "subset", run: jsonataLoop(subsetLines) });
  variants.push({ id: "subset:hand-written", kind: "subset", input: "subset", run: handLoop(subsetLines) });
  variants.push({ id: "subset:hand-written+ajv", kind: "subset", input: "subset", run: validatedHandLoop(subsetLines) });

  for (const line of subsetLines) {
    const e = JSON.parse(line);
    const lib = L.translate(e, libSubsetOptions);
    if (!lib.ok) {
      fault(`library rejected a JSONata-subset record: ${lib.errors[0]?.message}`);
      continue;
    }
    // compare what is written (JSON text parsed back), key order ignored
    const want = JSON.parse(JSON.stringify(lib.value));
    const j = JSON.parse(JSON.stringify((await expr.evaluate(e)) ?? null));
    const h = JSON.parse(JSON.stringify(handMapper(e)));
    if (isDeepStrictEqual(j, want)) equality.jsonataEqual++;
    else equality.firstMismatch ??= { variant: "jsonata", input: e, library: want, got: j };
    if (isDeepStrictEqual(h, want)) equality.handEqual++;
    else equality.firstMismatch ??= { variant: "hand-written", input: e, library: want, got: h };
    const v = JSON.parse(JSON.stringify(validatedHand(e) ?? null));
    if (isDeepStrictEqual(v, want)) equality.validatedEqual++;
    else equality.firstMismatch ??= { variant: "hand-written + ajv", input: e, library: want, got: v };
  }
  if (equality.jsonataEqual !== equality.records)
    fault(`JSONata output differs from the library on ${equality.records - equality.jsonataEqual}/${equality.records} records`);
  if (equality.handEqual !== equality.records)
    fault(`hand-written output differs from the library on ${equality.records - equality.handEqual}/${equality.records} records`);
  if (equality.validatedEqual !== equality.records)
    fault(
      `hand-written + ajv output differs from the library on ${equality.records - equality.validatedEqual}/${equality.records} records`,
    );
  if (equality.firstMismatch !== undefined) console.error(JSON.stringify(equality.firstMismatch, null, 1).slice(0, 2000));
  log(
    `checks: ${pairs.length} pairs produce output; JSONata deep-equal ${equality.jsonataEqual}/${equality.records}, hand-written ${equality.handEqual}/${equality.records}, hand-written + ajv ${equality.validatedEqual}/${equality.records}`,
  );
}

// ---------------------------------------------------------------------------------------------
// in-process rounds: warm up, then A,B,C,…,A,B,C,… ; median events/s per variant
// ---------------------------------------------------------------------------------------------

const sample = async (v) => {
  gc();
  // one untimed pass after the forced collection: the first pass after a full GC runs slower (for
  // the library's pairs ≈ one 50 ms pass in six), a cost of forcing the collection, not of the variant
  // (customerio → omnisend: 0.65–0.68× with the forced GC alone; 0.68–0.71× with this pass, the same
  // as with no forced GC at all, 0.70–0.71×)
  await v.run();
  const t0 = process.hrtime.bigint();
  const until = t0 + BigInt(CONFIG.minSampleMs) * 1_000_000n;
  let records = 0;
  let t1;
  do {
    const r = await v.run();
    if (r.sink === 0) fault(`${v.id}: produced no output`);
    records += r.records;
    t1 = process.hrtime.bigint();
  } while (t1 < until);
  return records / (Number(t1 - t0) / 1e9);
};

for (let w = 0; w < CONFIG.warmup; w++) for (const v of variants) await sample(v);
for (const v of variants) v.samples = [];
for (let round = 0; round < CONFIG.rounds; round++) {
  const t0 = Date.now();
  for (const v of variants) v.samples.push(await sample(v));
  log(`round ${round + 1}/${CONFIG.rounds}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
for (const v of variants) {
  v.eps = median(v.samples);
  v.spread = (Math.max(...v.samples) - Math.min(...v.samples)) / v.eps;
}

const byId = new Map(variants.map((v) => [v.id, v]));

if (FLOOR_CHILD) {
  // the answer to the parent: each variant's median, spread and samples
  const out = {};
  for (const v of variants) out[v.id] = { eps: v.eps, spread: v.spread, samples: v.samples };
  process.stdout.write(`${JSON.stringify({ variants: out, broken })}\n`);
  process.exit(broken.length > 0 ? 1 : 0);
}

/**
 * The pairs' JSON floors, from a child process over the same generated inputs (see FLOOR_CHILD):
 * floor:<pair> → events/s there, and the child's own limits, so a floor is a ratio to the limit
 * measured beside it.
 */
const floors = await new Promise((resolve) => {
  log("floors: measuring the pairs' JSON floors in a child process …");
  const pass = ["--records", "--subset", "--warmup", "--rounds", "--min-sample-ms"].flatMap((name) =>
    argv.includes(name) ? [name, argv[argv.indexOf(name) + 1]] : [],
  );
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), "--floor-child", "--lib", lib, ...(QUICK ? ["--quick"] : []), ...pass],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let text = "";
  child.stdout.on("data", (d) => {
    text += d;
  });
  child.on("close", (code) => {
    try {
      const answer = JSON.parse(text);
      for (const b of answer.broken) fault(`floor child: ${b}`);
      resolve(answer.variants);
    } catch {
      fault(`floor child: exit ${code}, no answer`);
      resolve({});
    }
  });
});
/**
 * A pair's floor as a ratio to its source lines' limit, all measured in the child: per record, the
 * floor loop's time minus its parse of the output's text.
 */
const floorEpsOf = (pair) => {
  const f = floors[`floor:${pair.id}`];
  const p = floors[`floorParse:${pair.id}`];
  return f === undefined || p === undefined ? Number.NaN : 1 / (1 / f.eps - 1 / p.eps);
};
const floorRatioOf = (pair) => {
  const l = floors[`limit:${pair.from}`];
  return l === undefined ? Number.NaN : floorEpsOf(pair) / l.eps;
};

const limitOf = (input) => byId.get(`limit:${input}`).eps;
const mainLimit = limitOf("customerio");

// ---------------------------------------------------------------------------------------------
// CLI end to end: child processes over one NDJSON file, wall time and peak RSS
// ---------------------------------------------------------------------------------------------

const cliPath = path.join(lib, "cli.js");
const help = spawnSync(process.execPath, [cliPath, "convert", "--help"], { encoding: "utf8" });
const jobsSupported = /--jobs\b/.test(help.stdout ?? "");
const timeBin =
  existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-v", "true"]).status === 0 ? "/usr/bin/time" : undefined;

const cliFile = path.join(tmp, `customerio-${CONFIG.cliRecords}.ndjson`);
{
  // same generator and same resolver, in chunks so memory stays flat
  const fd = openSync(cliFile, "w");
  const CHUNK = 10_000;
  for (let start = 0, k = 0; start < CONFIG.cliRecords; start += CHUNK, k++) {
    const calls = generate(Math.min(CHUNK, CONFIG.cliRecords - start), { seed: 90_000 + k, start });
    let text = "";
    for (const e of calls) {
      const r = L.translate(e, { from: "customerio", to: "customerio", identity: genIdentity });
      if (!r.ok) fault(`could not produce a CLI input record: ${r.errors[0]?.message}`);
      else text += `${JSON.stringify(r.value)}\n`;
    }
    writeSync(fd, text);
  }
  closeSync(fd);
}
const cliBytes = statSync(cliFile).size;
log(
  `\nCLI: ${CONFIG.cliRecords} records, ${(cliBytes / 1e6).toFixed(1)} MB in ${cliFile}; peak RSS via ${timeBin ?? "VmHWM, else process.resourceUsage().maxRSS (bench/rss-hook.mjs)"}`,
);
if (!jobsSupported) log("jobs: not supported yet (rosetta convert has no --jobs); measuring the default");

/** Runs `node …args` with stdout to `outPath`; resolves wall seconds, peak RSS (MB), exit code, stderr. */
const runChild = (args, outPath) =>
  new Promise((resolve, reject) => {
    const rssFile = path.join(tmp, `rss-${Math.random().toString(36).slice(2)}`);
    const out = openSync(outPath, "w");
    const nodeArgs = timeBin ? args : ["--import", path.join(here, "rss-hook.mjs"), ...args];
    const [cmd, cmdArgs] = timeBin
      ? [timeBin, ["-v", "-o", rssFile, process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, {
      cwd: root,
      stdio: ["ignore", out, "pipe"],
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      closeSync(out);
      let rssKb;
      try {
        const text = readFileSync(rssFile, "utf8");
        rssKb = timeBin ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1]) : Number(text);
        const status = timeBin ? /Exit status: (\d+)/.exec(text)?.[1] : undefined;
        if (status !== undefined) code = Number(status);
        rmSync(rssFile, { force: true });
      } catch {}
      resolve({ secs, rssMb: rssKb / 1024, code, stderr });
    });
  });

const cliVariants = [{ id: "cli:plain-node", args: [path.join(here, "plain-pipeline.mjs"), cliFile] }];
const convert = [cliPath, "convert", "--from", "customerio", "--to", "omnisend", cliFile];
if (jobsSupported) {
  cliVariants.push({ id: "cli:jobs1", args: [...convert, "--jobs", "1"] });
  cliVariants.push({ id: "cli:jobs2", args: [...convert, "--jobs", "2"] });
} else cliVariants.push({ id: "cli:default", args: convert });

// check once: every record converted, output equals the library's for the first and last record
{
  const outPath = path.join(tmp, "check.ndjson");
  const input = readFileSync(cliFile, "utf8").split("\n").filter(Boolean);
  for (const v of cliVariants) {
    const r = await runChild(v.args, outPath);
    const lines = readFileSync(outPath, "utf8").split("\n").filter(Boolean);
    v.check = { exit: r.code, lines: lines.length };
    if (r.code !== 0) fault(`${v.id}: exit ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
    if (lines.length !== CONFIG.cliRecords) fault(`${v.id}: wrote ${lines.length} lines for ${CONFIG.cliRecords} records`);
    if (v.id !== "cli:plain-node" && lines.length > 0) {
      for (const i of [0, input.length - 1]) {
        const want = L.translate(JSON.parse(input[i]), { from: "customerio", to: "omnisend" });
        if (!want.ok || !isDeepStrictEqual(JSON.parse(lines[i]), JSON.parse(JSON.stringify(want.value))))
          fault(`${v.id}: line ${i + 1} differs from the library's translation`);
      }
    }
    rmSync(outPath, { force: true });
  }
}

// timed rounds, interleaved; output to /dev/null so the disk is not measured
for (const v of cliVariants) v.samples = [];
for (let round = 0; round < CONFIG.cliRounds; round++) {
  for (const v of cliVariants) {
    const r = await runChild(v.args, os.devNull);
    if (r.code !== 0) fault(`${v.id}: exit ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
    v.samples.push(r);
  }
  log(
    `CLI round ${round + 1}/${CONFIG.cliRounds}: ${cliVariants.map((v) => `${v.id} ${v.samples.at(-1).secs.toFixed(2)} s`).join(", ")}`,
  );
}
for (const v of cliVariants) {
  v.secs = median(v.samples.map((s) => s.secs));
  v.eps = CONFIG.cliRecords / v.secs;
  v.peakRssMb = Math.max(...v.samples.map((s) => s.rssMb));
}
rmSync(cliFile, { force: true });

// ---------------------------------------------------------------------------------------------
// report
// ---------------------------------------------------------------------------------------------

const mark = (ok) => (ok === undefined ? "" : ok ? "pass" : "MISS");
const rows = [];
const row = (o) => rows.push(o);

for (const f of FORMATS) {
  const v = byId.get(`limit:${f}`);
  row({ group: "limit", variant: `JSON.parse+stringify, ${f} lines`, eps: v.eps, ratio: v.eps / mainLimit, input: f });
}
const subsetLimit = limitOf("subset");
row({
  group: "limit",
  variant: "JSON.parse+stringify, JSONata subset",
  eps: subsetLimit,
  ratio: subsetLimit / mainLimit,
  input: "subset",
});

const jsonataEps = byId.get("subset:jsonata").eps;
const handEps = byId.get("subset:hand-written").eps;
const validatedEps = byId.get("subset:hand-written+ajv").eps;
const libSubsetEps = byId.get("subset:commerce-rosetta").eps;

for (const p of pairs) {
  const own = limitOf(p.from);
  const ratio = p.eps / own;
  const key = p.id === "customerio→omnisend" || p.id === "omnisend→customerio";
  const target = key ? 0.7 : 0.5;
  const floorRatio = floorRatioOf(p);
  row({
    group: "pair",
    variant: p.id,
    eps: p.eps,
    ratio,
    ratioMain: p.eps / mainLimit,
    floorRatio,
    ratioToFloor: ratio / floorRatio,
    rejects: p.rejects,
    records: p.records,
    identityResolver: p.identityResolver,
    spread: p.spread,
    target: `≥ ${target}×`,
    pass: ratio >= target,
  });
}
row({
  group: "jsonata",
  variant: "customerio→omnisend, commerce-rosetta (subset)",
  eps: libSubsetEps,
  ratio: libSubsetEps / subsetLimit,
  vsJsonata: libSubsetEps / jsonataEps,
  target: "≥ 10× JSONata",
  pass: libSubsetEps / jsonataEps >= 10,
});
row({ group: "jsonata", variant: "customerio→omnisend, JSONata (subset)", eps: jsonataEps, ratio: jsonataEps / subsetLimit });
row({ group: "jsonata", variant: "customerio→omnisend, hand-written (subset)", eps: handEps, ratio: handEps / subsetLimit });
row({
  group: "jsonata",
  variant: "customerio→omnisend, hand-written + ajv (subset)",
  eps: validatedEps,
  ratio: validatedEps / subsetLimit,
  vsJsonata: validatedEps / jsonataEps,
});

const plain = cliVariants.find((v) => v.id === "cli:plain-node");
const j1 = cliVariants.find((v) => v.id === "cli:jobs1" || v.id === "cli:default");
const j2 = cliVariants.find((v) => v.id === "cli:jobs2");
row({
  group: "cli",
  variant: "plain Node pipeline (readline→parse→stringify)",
  eps: plain.eps,
  secs: plain.secs,
  rssMb: plain.peakRssMb,
  ratio: 1,
});
row({
  group: "cli",
  variant: jobsSupported ? "rosetta convert --jobs 1" : "rosetta convert (default; --jobs not supported yet)",
  eps: j1.eps,
  secs: j1.secs,
  rssMb: j1.peakRssMb,
  ratio: j1.eps / plain.eps,
  target: "≥ 0.6× plain",
  pass: j1.eps / plain.eps >= 0.6,
});
if (j2 !== undefined)
  row({
    group: "cli",
    variant: "rosetta convert --jobs 2",
    eps: j2.eps,
    secs: j2.secs,
    rssMb: j2.peakRssMb,
    ratio: j2.eps / plain.eps,
    vsJobs1: j2.eps / j1.eps,
    target: "≥ 1.6× jobs1",
    pass: j2.eps / j1.eps >= 1.6,
  });
else
  row({
    group: "cli",
    variant: "rosetta convert --jobs 2",
    note: "jobs: not supported yet",
    target: "≥ 1.6× jobs1",
    pass: undefined,
  });

// print
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
log(`\n=== results (${CONFIG.mode}; medians of ${CONFIG.rounds} in-process rounds, ${CONFIG.cliRounds} CLI rounds) ===`);
log(`limit = JSON.parse + JSON.stringify of each record; main limit (customerio lines) = ${fmtInt(mainLimit)} ev/s`);
log(
  `load average at start ${loadBefore[0].toFixed(2)}, now ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores` +
    (loadBefore[0] > 1 || os.loadavg()[0] > 1.5
      ? " — the machine was busy with other work: expect noise, compare ratios, not events/s"
      : ""),
);
log("");
log(`${pad("limit", 46)}${lpad("ev/s", 10)}${lpad("spread", 8)}${lpad("÷ main limit", 14)}`);
for (const r of rows.filter((r) => r.group === "limit"))
  log(
    `${pad(r.variant, 46)}${lpad(fmtInt(r.eps), 10)}${lpad(`${Math.round(byId.get(`limit:${r.input}`).spread * 100)}%`, 8)}${lpad(fmtRatio(r.ratio), 14)}`,
  );
log(
  `\n${pad("pair (source lines → destination)", 26)}${lpad("ev/s", 10)}${lpad("spread", 8)}${lpad("÷ limit*", 10)}${lpad("÷ main", 9)}${lpad("floor†", 8)}${lpad("÷ floor", 9)}${lpad("rejects", 14)}  ${pad("id?", 4)}${pad("target", 9)}`,
);
for (const r of rows.filter((r) => r.group === "pair"))
  log(
    `${pad(r.variant, 26)}${lpad(fmtInt(r.eps), 10)}${lpad(`${Math.round(r.spread * 100)}%`, 8)}${lpad(fmtRatio(r.ratio), 10)}${lpad(fmtRatio(r.ratioMain), 9)}${lpad(fmtRatio(r.floorRatio), 8)}${lpad(fmtRatio(r.ratioToFloor), 9)}${lpad(`${r.rejects}/${r.records}`, 14)}  ${pad(r.identityResolver ? "yes" : "", 4)}${pad(r.target, 9)}${mark(r.pass)}`,
  );
log(
  "* ÷ the limit measured on the same source lines (targets apply to this); spread = (max − min) / median of the rounds; id? = identity resolver passed (a Map lookup per record)",
);
log(
  "† floor = JSON.parse of the source line + JSON.stringify of the pair's output (a fresh object) and nothing else, ÷ the same lines' limit (both measured in a child process): the most any translator of that pair can reach; ÷ floor = the pair's ratio ÷ that",
);
log(`\n${pad("customerio → omnisend, JSONata subset", 48)}${lpad("ev/s", 10)}${lpad("÷ limit", 10)}`);
for (const r of rows.filter((r) => r.group === "jsonata"))
  log(
    `${pad(r.variant.replace("customerio→omnisend, ", ""), 48)}${lpad(fmtInt(r.eps), 10)}${lpad(fmtRatio(r.ratio), 10)}${r.vsJsonata !== undefined ? `   = ${fmtRatio(r.vsJsonata)} JSONata${r.target !== undefined ? `  target ${r.target}  ${mark(r.pass)}` : ""}` : ""}`,
  );
log(
  `(subset limit = ${fmtInt(subsetLimit)} ev/s; outputs deep-equal to the library's on all ${equality.records} records: JSONata ${equality.jsonataEqual === equality.records ? "yes" : "NO"}, hand-written ${equality.handEqual === equality.records ? "yes" : "NO"}, hand-written + ajv ${equality.validatedEqual === equality.records ? "yes" : "NO"})`,
);
log(
  `\n${pad(`CLI, customerio → omnisend, ${CONFIG.cliRecords} records (${(cliBytes / 1e6).toFixed(0)} MB)`, 56)}${lpad("wall s", 8)}${lpad("ev/s", 10)}${lpad("÷ plain", 9)}${lpad("peak RSS", 10)}  target`,
);
for (const r of rows.filter((r) => r.group === "cli"))
  log(
    r.note
      ? `${pad(r.variant, 56)}${r.note}  (target ${r.target})`
      : `${pad(r.variant, 56)}${lpad(r.secs.toFixed(2), 8)}${lpad(fmtInt(r.eps), 10)}${lpad(fmtRatio(r.ratio), 9)}${lpad(`${r.rssMb.toFixed(0)} MB`, 10)}  ${r.target ?? ""} ${mark(r.pass)}${r.vsJobs1 !== undefined ? ` (${fmtRatio(r.vsJobs1)} jobs1)` : ""}`,
  );
log(
  `memory target (peak RSS < 300 MB on 2 GB of input) not measured at 2 GB; peak RSS on this ${(cliBytes / 1e6).toFixed(0)} MB file: ${j1.peakRssMb.toFixed(0)} MB`,
);

const machine = {
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  availableParallelism: os.availableParallelism?.(),
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  node: process.version,
  date: new Date().toISOString(),
  loadAverage: { atStart: loadBefore.map((x) => +x.toFixed(2)), atEnd: os.loadavg().map((x) => +x.toFixed(2)) },
};
const result = {
  machine,
  config: {
    ...CONFIG,
    distOlderThanSrc: stale,
    peakRssVia: timeBin ?? "VmHWM, else process.resourceUsage().maxRSS (bench/rss-hook.mjs)",
    jobsSupported,
  },
  limit: {
    mainEventsPerSecond: mainLimit,
    bySource: Object.fromEntries(FORMATS.map((f) => [f, limitOf(f)])),
    subset: subsetLimit,
  },
  inputs: Object.fromEntries(
    FORMATS.map((f) => [
      f,
      { records: inputs[f].length, avgBytes: avgBytes(inputs[f]), generatedCallsItCannotHold: inputRejects[f] },
    ]),
  ),
  rows,
  pairs: pairs.map((p) => ({
    pair: p.id,
    eventsPerSecond: p.eps,
    ratioToSameInputLimit: p.eps / limitOf(p.from),
    ratioToMainLimit: p.eps / mainLimit,
    // cross-check less sensitive to load that changes between rounds: median over rounds of
    // (pair ÷ same-input limit in that round)
    ratioMedianOfRounds: median(p.samples.map((x, i) => x / byId.get(`limit:${p.from}`).samples[i])),
    // the JSON floor of the pair (parse the source line, stringify the output, nothing else),
    // measured in a child process beside its own limits
    floorEventsPerSecondInChild: floorEpsOf(p),
    floorRatioToSameInputLimit: floorRatioOf(p),
    ratioToFloor: p.eps / limitOf(p.from) / floorRatioOf(p),
    spread: p.spread,
    records: p.records,
    rejects: p.rejects,
    rejectReasons: p.rejectReasons,
    identityResolver: p.identityResolver,
    samples: p.samples,
  })),
  jsonata: {
    covers: "Order Completed / Product Viewed with email in context.traits (see bench/baselines.mjs)",
    records: equality.records,
    deepEqual: { jsonata: equality.jsonataEqual, handWritten: equality.handEqual, handWrittenAjv: equality.validatedEqual },
    eventsPerSecond: { library: libSubsetEps, jsonata: jsonataEps, handWritten: handEps, limit: subsetLimit },
    libraryOverJsonata: libSubsetEps / jsonataEps,
    libraryOverJsonataMedianOfRounds: median(
      byId.get("subset:commerce-rosetta").samples.map((x, i) => x / byId.get("subset:jsonata").samples[i]),
    ),
  },
  cli: {
    records: CONFIG.cliRecords,
    bytes: cliBytes,
    jobs: jobsSupported ? "supported" : "not supported yet",
    variants: cliVariants.map((v) => ({
      id: v.id,
      command: [
        "node",
        ...v.args.map((a) =>
          a === cliFile
            ? "<file>"
            : a.startsWith(lib)
              ? path.join("dist", path.relative(lib, a))
              : a.startsWith(here)
                ? path.join("bench", path.relative(here, a))
                : a,
        ),
      ].join(" "),
      wallSeconds: v.secs,
      eventsPerSecond: v.eps,
      peakRssMb: v.peakRssMb,
      samples: v.samples.map((s) => ({ secs: s.secs, rssMb: s.rssMb })),
    })),
  },
  broken,
  seconds: (Date.now() - started) / 1000,
};
if (argv.includes("--readme")) {
  // the table in bench/README.md between the bench:latest markers
  const f = (x) => fmtRatio(x);
  const md = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; Node ${machine.node}; ${machine.date.slice(0, 10)}; load average ${machine.loadAverage.atStart[0]} at start, ${machine.loadAverage.atEnd[0]} at end. ${CONFIG.rounds} rounds (medians), ${CONFIG.cliRounds} CLI rounds. Main limit (customerio lines): ${fmtInt(mainLimit)} ev/s.`,
    "",
    "| pair | ev/s | ÷ limit (same input) | ÷ main limit | JSON floor ÷ limit | ÷ JSON floor | rejects | identity resolver | target |",
    "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ...rows
      .filter((r) => r.group === "pair")
      .map(
        (r) =>
          `| ${r.variant} | ${fmtInt(r.eps)} | ${f(r.ratio)} | ${f(r.ratioMain)} | ${f(r.floorRatio)} | ${f(r.ratioToFloor)} | ${r.rejects}/${r.records} | ${r.identityResolver ? "yes" : ""} | ${r.target} ${mark(r.pass)} |`,
      ),
    "",
    "| customerio → omnisend, JSONata subset | ev/s | ÷ subset limit | |",
    "|---|---:|---:|---|",
    ...rows
      .filter((r) => r.group === "jsonata")
      .map(
        (r) =>
          `| ${r.variant.replace("customerio→omnisend, ", "")} | ${fmtInt(r.eps)} | ${f(r.ratio)} | ${r.vsJsonata !== undefined ? `${f(r.vsJsonata)} JSONata${r.target !== undefined ? ` (target ${r.target.replace("≥ 10× JSONata", "≥ 10×")}) ${mark(r.pass)}` : ""}` : ""} |`,
      ),
    "",
    `| CLI, ${CONFIG.cliRecords} records (${(cliBytes / 1e6).toFixed(0)} MB) | wall s | ev/s | ÷ plain | peak RSS | target |`,
    "|---|---:|---:|---:|---:|---|",
    ...rows
      .filter((r) => r.group === "cli")
      .map((r) =>
        r.note
          ? `| ${r.variant} | | | | | ${r.note} |`
          : `| ${r.variant} | ${r.secs.toFixed(2)} | ${fmtInt(r.eps)} | ${f(r.ratio)} | ${r.rssMb.toFixed(0)} MB | ${r.target ?? ""} ${mark(r.pass)}${r.vsJobs1 !== undefined ? ` (${f(r.vsJobs1)} jobs1)` : ""} |`,
      ),
  ].join("\n");
  const readme = path.join(here, "README.md");
  const text = readFileSync(readme, "utf8");
  const start = "<!-- bench:latest:start -->";
  const end = "<!-- bench:latest:end -->";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) fault("bench/README.md has no bench:latest markers");
  else await writeFile(readme, `${text.slice(0, a + start.length)}\n${md}\n${text.slice(b)}`);
}
mkdirSync(path.dirname(OUT), { recursive: true });
await writeFile(OUT, `${JSON.stringify(result, null, 2)}\n`);
log(`\nwrote ${path.relative(process.cwd(), OUT)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, ${machine.date}`);
if (broken.length > 0) {
  console.error(`\nthe suite is broken (${broken.length}):\n- ${broken.join("\n- ")}`);
  process.exit(1);
}
