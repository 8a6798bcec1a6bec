/**
 * Every input shape streams (issue 18): a generated 1,000,000-item JSON array and `{"batch":[…]}`
 * document convert with --jobs 1 and 2 under 300 MB peak RSS (the CLI's own, from --report), with
 * output byte-identical to the NDJSON of the same records. Inputs are written with streams in a
 * temporary directory; outputs are compared by hash.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rosetta, tmp } from "./support.js";

const N = 1_000_000;
const MB = 1024 * 1024;

const record = (i: number): string => `{"type":"track","userId":"u-${i % 1000}","event":"Cart Viewed","messageId":"m-${i}"}`;

/** Writes `head`, the N records joined by `sep`, then `tail`, through a stream (never held whole). */
const writeInput = async (path: string, head: string, sep: string, tail: string): Promise<void> => {
  const out = createWriteStream(path);
  out.write(head);
  let text = "";
  for (let i = 0; i < N; i++) {
    text += (i === 0 ? "" : sep) + record(i);
    if (text.length > 1 << 20) {
      if (!out.write(text)) await once(out, "drain");
      text = "";
    }
  }
  out.end(text + tail);
  await once(out, "finish");
};

const sha = async (path: string): Promise<string> => {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
};

describe("a 1,000,000-item JSON array and batch document", () => {
  it("convert in flat memory with 1 and 2 jobs, byte-identical to the NDJSON run", async () => {
    const dir = tmp();
    const ndjson = join(dir, "in.ndjson");
    const array = join(dir, "in-array.json");
    const batch = join(dir, "in-batch.json");
    await Promise.all([
      writeInput(ndjson, "", "\n", "\n"),
      writeInput(array, "[\n", ",\n", "\n]\n"),
      writeInput(batch, '{"batch": [\n', ",\n", "\n]}\n"),
    ]);
    const run = (input: string, jobs: string) => {
      const out = join(dir, `out-${jobs}-${input.split("/").pop()}`);
      const report = join(dir, `report-${jobs}-${input.split("/").pop()}.json`);
      const r = rosetta(
        ["convert", "--from", "segment", "--to", "canonical", "--jobs", jobs, "-q", "-o", out, "--report", report, input],
        undefined,
        {},
        120_000,
      );
      expect(r.signal).toBeNull();
      expect(r.status, r.err).toBe(0);
      return { out, report: JSON.parse(readFileSync(report, "utf8")) };
    };
    const reference = run(ndjson, "2");
    const expected = await sha(reference.out);
    for (const input of [array, batch])
      for (const jobs of ["1", "2"]) {
        const { out, report } = run(input, jobs);
        expect(report).toMatchObject({ read: N, converted: N, rejected: 0 });
        expect(report.peakRssBytes).toBeLessThan(300 * MB);
        expect(await sha(out)).toBe(expected);
      }
  }, 240_000);
});
