#!/usr/bin/env node
// A runnable ETL job on the library's building blocks: NDJSON file in (readNdjson: numbered lines,
// pulled with back-pressure) → translated NDJSON out (writeNdjson: waits when the file is busy),
// rejected records to a rejects file in the CLI's --rejects shape ({ file, line, input, errors }),
// and a JSON report with the counts and losses per path. Constant memory.
//
//   node examples/etl.mjs --from segment --to omnisend --in events.ndjson --out omnisend.ndjson \
//     --rejects rejects.ndjson --report report.json [--identity-email fallback@example.com]
import { createReadStream, createWriteStream, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readNdjson, rejectOf, translateAll, writeNdjson } from "commerce-rosetta";

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

const email = args["identity-email"];
const options = { from: args.from, to: args.to, identity: email ? () => ({ email }) : undefined };
const report = { read: 0, converted: 0, rejected: 0, losses: 0, lossesByPath: {} };
const out = writeNdjson(createWriteStream(args.out));
const rejects = writeNdjson(createWriteStream(args.rejects));
const reject = async (line, input, errors) => {
  report.read++;
  report.rejected++;
  await rejects.write(rejectOf(line, input, errors, args.in));
};

for await (const l of readNdjson(createReadStream(args.in), { file: args.in })) {
  if (!l.ok) {
    report.read++;
    report.rejected++;
    await rejects.write(l.reject);
    continue;
  }
  // one line may hold one record, an array or a bulk envelope: one result per record
  const all = translateAll(l.value, options);
  if (!all.ok) {
    await reject(l.line, l.value, all.errors);
    continue;
  }
  for (const { result } of all.value) {
    if (!result.ok) {
      await reject(l.line, l.value, result.errors);
      continue;
    }
    report.read++;
    report.converted++;
    report.losses += result.losses.length;
    for (const loss of result.losses) report.lossesByPath[loss.path] = (report.lossesByPath[loss.path] ?? 0) + 1;
    await out.write(result.value);
  }
}
await out.end();
await rejects.end();
writeFileSync(args.report, `${JSON.stringify(report, null, 2)}\n`);
console.error(`etl: read ${report.read}, converted ${report.converted}, rejected ${report.rejected}, losses ${report.losses}`);
process.exitCode = report.rejected > 0 ? 1 : 0;
