/**
 * Every write is checked (issue 18): a full device, a closed pipe and an output naming an input are
 * errors with exit status 2 and a message naming the file — never success, never a hang, never a
 * stack trace; regular files are written beside the target and renamed into place.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BAD, bin, GOOD, rosetta, rows, tmp } from "./support.js";

const FULL = "/dev/full";
const hasFull = existsSync(FULL);

describe.skipIf(!hasFull)("a full device (/dev/full)", () => {
  const dir = tmp();
  const input = join(dir, "in.ndjson");
  // converted lines and one reject, so that every destination has something to write
  writeFileSync(input, `${GOOD}\n${BAD}\n${GOOD}\n`);

  for (const jobs of ["1", "2"])
    for (const flag of ["--out", "--rejects", "--report"]) {
      it(`as ${flag} with --jobs ${jobs}: exit 2 naming the file and the error, in bounded time`, () => {
        const started = Date.now();
        const r = rosetta(["convert", "--from", "segment", "--to", "omnisend", "--jobs", jobs, flag, FULL, input]);
        expect(r.signal).toBeNull();
        expect(r.status).toBe(2);
        expect(r.err).toMatch(/cannot write \/dev\/full: ENOSPC/);
        expect(r.err).not.toMatch(/\n\s+at /);
        expect(Date.now() - started).toBeLessThan(30_000);
      });
    }

  it("as stdout (> /dev/full), with a report that says what happened", () => {
    const fd = openSync(FULL, "w");
    try {
      const report = join(dir, "report.json");
      const r = rosetta(["convert", "--from", "segment", "--to", "omnisend", "--report", report, input], undefined, {
        stdio: ["ignore", fd, "pipe"],
      });
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      expect(r.err).toMatch(/cannot write stdout: ENOSPC/);
      expect(JSON.parse(readFileSync(report, "utf8")).writeError).toMatch(/ENOSPC/);
    } finally {
      closeSync(fd);
    }
  });

  it("on a large input with --jobs 2: stops reading and ends the workers (no hang)", () => {
    const big = join(dir, "big.ndjson");
    writeFileSync(big, `${Array.from({ length: 60_000 }, (_, i) => GOOD.replace('"u"', `"u-${i}"`)).join("\n")}\n`);
    const r = rosetta(["convert", "--from", "segment", "--to", "canonical", "--jobs", "2", "-o", FULL, big]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/cannot write \/dev\/full/);
  });
});

describe("a closed pipe (| head -1)", () => {
  it("ends quietly: no stack trace, no message, status 2, whatever the thread count", () => {
    const dir = tmp();
    const input = join(dir, "in.ndjson");
    writeFileSync(input, `${Array.from({ length: 50_000 }, () => GOOD).join("\n")}\n`);
    for (const jobs of ["1", "2"]) {
      const r = spawnSync(
        "bash",
        [
          "-c",
          `"${process.execPath}" "${bin}" convert --from segment --to canonical --jobs ${jobs} "${input}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`,
        ],
        { encoding: "utf8", timeout: 60_000 },
      );
      expect(r.signal).toBeNull();
      expect(rows(r.stdout)).toHaveLength(1);
      expect(r.stderr).toBe("status 2\n");
    }
  });
});

describe("no output may overwrite an input", () => {
  const setup = () => {
    const dir = tmp();
    const a = join(dir, "a.ndjson");
    const b = join(dir, "b.ndjson");
    writeFileSync(a, `${GOOD}\n${BAD}\n`);
    writeFileSync(b, "left as it was\n");
    return { dir, a, b };
  };
  const cases: Array<[string, (f: { a: string; b: string }) => Array<string>]> = [
    ["-o equal to the input", ({ a }) => ["-o", a, a]],
    ["--rejects equal to the input", ({ a }) => ["--rejects", a, a]],
    ["--report equal to the input", ({ a }) => ["--report", a, a]],
    ["-o equal to --rejects", ({ a, b }) => ["-o", b, "--rejects", b, a]],
    ["--report equal to --rejects", ({ a, b }) => ["--report", b, "--rejects", b, a]],
    ["-o naming the input by another path", ({ a }) => ["-o", `${a.replace(/a\.ndjson$/, "")}./a.ndjson`, a]],
  ];
  for (const [name, args] of cases)
    it(`${name}: a usage error, exit 2, every file byte-identical`, () => {
      const f = setup();
      const before = [readFileSync(f.a), readFileSync(f.b)];
      const r = rosetta(["convert", "--from", "segment", "--to", "omnisend", ...args(f)]);
      expect(r.status).toBe(2);
      expect(r.err).toMatch(/is the same file as/);
      expect(readFileSync(f.a)).toEqual(before[0]);
      expect(readFileSync(f.b)).toEqual(before[1]);
      expect(readdirSync(f.dir).sort()).toEqual(["a.ndjson", "b.ndjson"]);
    });

  it("stdin redirected from the -o file is refused too", () => {
    const f = setup();
    const before = readFileSync(f.a);
    const fd = openSync(f.a, "r");
    try {
      const r = rosetta(["convert", "--from", "segment", "--to", "omnisend", "-o", f.a], undefined, {
        stdio: [fd, "pipe", "pipe"],
      });
      expect(r.status).toBe(2);
      expect(r.err).toMatch(/--out .* is the same file as stdin/);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(f.a)).toEqual(before);
  });
});

describe("regular files are renamed into place", () => {
  it("leaves no temporary file; when the rejects fail, the output is still renamed into place as whole lines", () => {
    const dir = tmp();
    const input = join(dir, "in.ndjson");
    const out = join(dir, "out.ndjson");
    writeFileSync(input, `${GOOD}\n${BAD}\n`);
    writeFileSync(out, "old\n");
    const ok = rosetta([
      "convert",
      "--from",
      "segment",
      "--to",
      "canonical",
      "-o",
      out,
      "--rejects",
      join(dir, "rej.ndjson"),
      input,
    ]);
    expect(ok.status).toBe(1);
    expect(rows(readFileSync(out, "utf8"))).toHaveLength(1);
    expect(rows(readFileSync(join(dir, "rej.ndjson"), "utf8"))).toHaveLength(1);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    if (!hasFull) return;
    // the rejects fail: the output (whole lines) is still renamed into place, and the run says so
    writeFileSync(out, "old\n");
    const failed = rosetta(["convert", "--from", "segment", "--to", "canonical", "-o", out, "--rejects", FULL, input]);
    expect(failed.status).toBe(2);
    expect(readFileSync(out, "utf8").endsWith("\n")).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("caps --jobs at 4 per core with a warning", () => {
    const r = rosetta(["convert", "--from", "segment", "--to", "canonical", "--jobs", "200", "-q"], `${GOOD}\n`);
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/--jobs 200 is more than 4 threads per core; using \d+/);
    expect(rows(r.out)).toHaveLength(1);
  });
});
