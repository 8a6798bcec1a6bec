#!/usr/bin/env node
// A runnable ETL job on the library's stream API: NDJSON file in → translated NDJSON out, rejected
// records (with line numbers and reasons) to a rejects file, and a JSON report with the counts and
// losses per path. Constant memory: every stage is a stream with back-pressure.
//
//   node examples/etl.mjs --from segment --to omnisend --in events.ndjson --out omnisend.ndjson \
//     --rejects rejects.ndjson --report report.json [--identity-email fallback@example.com]
import { createReadStream, createWriteStream, writeFileSync } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createTranslateStream, readUnitBatches } from "commerce-rosetta";

const { values: args } = parseArgs({
  options: {
    from: { type: "string" },
    to: { type: "string" },
    in: { type: "string" },
    out: { type: "string" },
    rejects: { type: "string" },
    report: { type: "string" },
    "identity-email": { type: "string" },
  },
});
for (const k of ["from", "to", "in", "out", "rejects", "report"]) {
  if (!args[k]) {
    console.error(`usage: etl.mjs --from F --to T --in FILE --out FILE --rejects FILE --report FILE (missing --${k})`);
    process.exit(2);
  }
}

const report = { read: 0, converted: 0, rejected: 0, losses: 0, lossesByPath: {} };
const rejects = createWriteStream(args.rejects);
let line = 0;
const lineOf = new Map(); // document index → its input line

// 1. lines → parsed documents (a line that is not JSON goes straight to the rejects)
async function* documents(source) {
  let index = 0;
  for await (const units of readUnitBatches(source)) {
    for (const unit of units) {
      line = unit.line;
      let doc;
      try {
        doc = JSON.parse(unit.text);
      } catch (e) {
        report.read++;
        report.rejected++;
        rejects.write(
          `${JSON.stringify({ line: unit.line, input: unit.text, errors: [{ path: "$", message: `not JSON: ${e.message}` }] })}\n`,
        );
        continue;
      }
      lineOf.set(index++, unit.line);
      yield doc;
    }
  }
}

// 2. translation results → output lines (and rejects, and the report)
const toLines = new Transform({
  objectMode: true,
  transform(r, _enc, done) {
    report.read++;
    const at = lineOf.get(r.index);
    if (r.ok) {
      report.converted++;
      report.losses += r.losses.length;
      for (const l of r.losses) report.lossesByPath[l.path] = (report.lossesByPath[l.path] ?? 0) + 1;
      lineOf.delete(r.index);
      done(null, `${JSON.stringify(r.value)}\n`);
    } else {
      report.rejected++;
      rejects.write(`${JSON.stringify({ line: at, path: r.path, input: r.input, errors: r.errors })}\n`);
      done();
    }
  },
});

const email = args["identity-email"];
await pipeline(
  Readable.from(documents(createReadStream(args.in))),
  createTranslateStream({ from: args.from, to: args.to, identity: email ? () => ({ email }) : undefined }),
  toLines,
  createWriteStream(args.out),
);
await new Promise((resolve) => rejects.end(resolve));
writeFileSync(args.report, `${JSON.stringify(report, null, 2)}\n`);
console.error(
  `etl: read ${report.read}, converted ${report.converted}, rejected ${report.rejected}, losses ${report.losses} (last line ${line})`,
);
process.exitCode = report.rejected > 0 ? 1 : 0;
