// The plain Node pipeline the CLI is compared with: readline → JSON.parse → JSON.stringify → write,
// one line at a time, no translation. Usage: node bench/plain-pipeline.mjs FILE > out.ndjson
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

const rl = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Number.POSITIVE_INFINITY });
let n = 0;
for await (const line of rl) {
  if (line === "") continue;
  n++;
  if (!process.stdout.write(`${JSON.stringify(JSON.parse(line))}\n`)) await once(process.stdout, "drain");
}
process.stderr.write(`plain: ${n} records\n`);
