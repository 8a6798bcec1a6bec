/**
 * One record can only fail itself (issue 18): a record nested 5,000 levels deep in the middle of
 * 20,000 lines is rejected with its path while every other line converts, on both thread counts and
 * in `validate`; a pretty-printed array's rejects name their element's own line and index; bytes
 * (BOM, invalid UTF-8, CR / LF / CRLF) and numbers JavaScript cannot hold as written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BAD, GOOD, rosetta, rows, tmp } from "./support.js";

const deep = (levels: number): string => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;

describe("a 5,000-deep record in the middle of 20,000 lines", () => {
  const dir = tmp();
  const input = join(dir, "in.ndjson");
  const DEEP_LINE = 10_001;
  const lines = Array.from({ length: 20_000 }, (_, i) =>
    i + 1 === DEEP_LINE
      ? `{"type":"track","userId":"u","event":"Cart Viewed","properties":{"x":${deep(5000)}}}`
      : GOOD.replace('"u"', `"u-${i}"`),
  );
  writeFileSync(input, `${lines.join("\n")}\n`);

  for (const jobs of ["1", "2"])
    it(`is that line's reject alone with --jobs ${jobs}: every other line converted, exit 1, report written`, () => {
      const rejects = join(dir, `rejects-${jobs}.ndjson`);
      const report = join(dir, `report-${jobs}.json`);
      const rows2 = rosetta([
        "convert",
        "--from",
        "segment",
        "--to",
        "canonical",
        "--jobs",
        jobs,
        "-q",
        "--rejects",
        rejects,
        "--report",
        report,
        input,
      ]);
      expect(rows2.signal).toBeNull();
      expect(rows2.status).toBe(1);
      expect(rows(rows2.out)).toHaveLength(19_999);
      const rejected = rows(readFileSync(rejects, "utf8"));
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ line: DEEP_LINE });
      const error = (rejected[0] as { errors: Array<{ path: string; message: string }> }).errors[0];
      expect(error?.path).toBe(`$.properties.x${".a".repeat(998)}`);
      expect(error?.message).toMatch(/nested more than 1000 levels deep/);
      expect(JSON.parse(readFileSync(report, "utf8"))).toMatchObject({ read: 20_000, converted: 19_999, rejected: 1 });
    });

  it("is one problem in validate, the others valid", () => {
    const r = rosetta(["validate", "--format", "segment", input]);
    expect(r.status).toBe(1);
    expect(r.out.split("\n").filter((l) => l !== "")).toHaveLength(1);
    const path = `$.properties.x${".a".repeat(998)}`;
    expect(r.out.startsWith(`${input}:${DEEP_LINE} ${path}: `)).toBe(true);
    expect(r.out).toMatch(/nested more than 1000 levels deep/);
    expect(r.err).toMatch(/20000 records, 19999 valid, 1 invalid/);
  });

  it("is recognised by detect as a record whose nesting is too deep, with its path", () => {
    const r = rosetta(["detect", "-"], `${GOOD}\n${deep(5000)}\n`);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^-:2 \? \[\]: \$(\.a){1000}: holds nesting deeper than 1000 levels$/m);
  });
});

describe("a pretty-printed array and batch document", () => {
  it("name each reject's own line and index", () => {
    const pretty = `[\n  ${GOOD},\n  ${GOOD},\n  {\n    "type": "track",\n    "event": "x"\n  }\n]\n`;
    const dir = tmp();
    const rejects = join(dir, "rejects.ndjson");
    const r = rosetta(["convert", "--from", "segment", "--to", "canonical", "--rejects", rejects], pretty);
    expect(r.status).toBe(1);
    expect(rows(r.out)).toHaveLength(2);
    expect(rows(readFileSync(rejects, "utf8"))).toMatchObject([{ line: 4, index: 2, errors: [{ path: "$[2]" }] }]);
    const batch = `{"batch": [\n${GOOD},\n${BAD},\n${GOOD}\n]}\n`;
    const b = rosetta(["convert", "--from", "customerio", "--to", "canonical", "--rejects", rejects], batch);
    expect(b.status).toBe(1);
    expect(rows(readFileSync(rejects, "utf8"))).toMatchObject([{ line: 3, index: 1, errors: [{ path: "$.batch[1]" }] }]);
  });
});

describe("bytes", () => {
  const convert = (input: Buffer | string) => {
    const dir = tmp();
    const rejects = join(dir, "rejects.ndjson");
    const r = rosetta(["convert", "--from", "segment", "--to", "canonical", "--rejects", rejects], input);
    return { ...r, rejects: rows(readFileSync(rejects, "utf8")) };
  };

  it("skips a leading byte-order mark, in NDJSON and in a pretty-printed document", () => {
    const nd = convert(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${GOOD}\n${GOOD}\n`)]));
    expect(nd.status).toBe(0);
    expect(rows(nd.out)).toHaveLength(2);
    const doc = convert(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(JSON.parse(GOOD), null, 2))]));
    expect(doc.status).toBe(0);
    expect(rows(doc.out)).toHaveLength(1);
  });

  it("rejects invalid UTF-8 naming the byte offset; the other lines convert", () => {
    const bad = Buffer.concat([
      Buffer.from(`${GOOD}\n{"type":"track","userId":"`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`","event":"x"}\n${GOOD}\n`),
    ]);
    const r = convert(bad);
    expect(r.status).toBe(1);
    expect(rows(r.out)).toHaveLength(2);
    const offset = GOOD.length + 1 + '{"type":"track","userId":"'.length;
    expect(r.rejects).toMatchObject([{ line: 2, errors: [{ message: `line 2: invalid UTF-8 at byte offset ${offset}` }] }]);
  });

  it("ends lines at CR, LF and CRLF alike, numbering them the same", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const r = convert([GOOD, BAD, GOOD, GOOD].join(eol) + eol);
      expect(r.status, JSON.stringify(eol)).toBe(1);
      expect(rows(r.out)).toHaveLength(3);
      expect(r.rejects.map((x) => x.line)).toEqual([2]);
    }
    const mixed = convert(`${GOOD}\r${BAD}\n${GOOD}\r\n${BAD}\r`);
    expect(rows(mixed.out)).toHaveLength(2);
    expect(mixed.rejects.map((x) => x.line)).toEqual([2, 4]);
  });
});

describe("numbers JavaScript cannot hold as written", () => {
  it("are reported as coerced losses with the original text, and converted", () => {
    const dir = tmp();
    const report = join(dir, "report.json");
    const input =
      '{"type":"track","userId":"u","event":"Cart Viewed","properties":{"big":9007199254740993,"tiny":1e-400,"neg":-0,"huge":1e400,"fine":9007199254740992,"zero":0,"date":"2024-02-01"}}\n';
    const r = rosetta(["convert", "--from", "segment", "--to", "canonical", "--report", report], input);
    expect(r.status).toBe(0);
    expect(rows(r.out)[0]?.properties).toEqual({
      big: 9007199254740992,
      tiny: 0,
      neg: 0,
      huge: null,
      fine: 9007199254740992,
      zero: 0,
      date: "2024-02-01",
    });
    const rep = JSON.parse(readFileSync(report, "utf8"));
    expect(rep.losses).toBe(4);
    expect(rep.lossesByPath).toEqual({
      "$.properties.big": { coerced: 1 },
      "$.properties.tiny": { coerced: 1 },
      "$.properties.neg": { coerced: 1 },
      "$.properties.huge": { coerced: 1 },
    });
  });

  it("reject the record in strict mode, naming each number's text", () => {
    const dir = tmp();
    const rejects = join(dir, "rejects.ndjson");
    const r = rosetta(
      ["convert", "--from", "segment", "--to", "canonical", "--strict", "--rejects", rejects],
      '{"type":"track","userId":"u","event":"x","properties":{"n":12345678901234567890}}\n',
    );
    expect(r.status).toBe(1);
    expect(rows(readFileSync(rejects, "utf8"))).toMatchObject([
      { errors: [{ path: "$.properties.n", actual: "12345678901234567890" }] },
    ]);
  });
});
