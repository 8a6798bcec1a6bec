/**
 * The CLI's messages, from the built executable (`dist/cli.js`, built by the global setup): a usage
 * error is one line plus where the help is (exit 2), never the whole help; format ids in any case;
 * a warning for each option no record used; I/O errors name their path; help texts whole.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "../../dist/cli.js");

const rosetta = (args: ReadonlyArray<string>, input = "") => {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: "utf8", timeout: 30_000 });
  const errLines = r.stderr.split("\n").filter((l) => l !== "");
  return { status: r.status, out: r.stdout, err: r.stderr, errLines };
};

const SEGMENT =
  '{"type":"track","userId":"u1","messageId":"m1","event":"Order Completed","timestamp":"2025-03-01T10:00:00Z","context":{"traits":{"email":"a@example.com"}},"properties":{"order_id":"o1","total":27.5,"currency":"USD"}}\n';
const ATTRIBULY = readFileSync(join(import.meta.dirname, "../fixtures/attribuly/journey-response.json"), "utf8");

/** A usage error: at most 3 lines on stderr, exit 2, the help pointer, no help text. */
const expectUsageError = (r: ReturnType<typeof rosetta>, command: string) => {
  expect(r.status).toBe(2);
  expect(r.errLines.length).toBeLessThanOrEqual(3);
  expect(r.err).toContain(`see 'rosetta ${command} --help'`);
  expect(r.err).not.toContain("Usage:");
  expect(r.out).toBe("");
};

describe("usage errors are one line and exit 2", () => {
  it("--from shopify names the bad value and lists the known formats", () => {
    const r = rosetta(["convert", "--from", "shopify", "--to", "omnisend"]);
    expectUsageError(r, "convert");
    expect(r.errLines[0]).toMatch(/^rosetta convert: unknown format "shopify" for --from; known: customerio, segment, /);
    expect(r.errLines[0]).toContain("omnisend-api");
  });

  it("a misspelt format suggests the nearest one", () => {
    const r = rosetta(["convert", "--from", "segmnt", "--to", "omnisend"]);
    expectUsageError(r, "convert");
    expect(r.errLines[0]).toContain('unknown format "segmnt" for --from; did you mean segment?');
  });

  it("--batch 0 says what a valid value is", () => {
    const r = rosetta(["convert", "--from", "segment", "--to", "omnisend", "--batch", "0"]);
    expectUsageError(r, "convert");
    expect(r.errLines[0]).toBe('rosetta convert: "0" is not a whole number ≥ 1 for --batch; e.g. 100');
  });

  it("a missing --to names the option and its values", () => {
    const r = rosetta(["convert", "--from", "segment"]);
    expectUsageError(r, "convert");
    expect(r.errLines[0]).toMatch(/^rosetta convert: missing required option --to <format>; one of: customerio, /);
  });

  it("an unknown option is named, with the nearest option when there is one", () => {
    const bogus = rosetta(["convert", "--from", "segment", "--to", "omnisend", "--bogus"]);
    expectUsageError(bogus, "convert");
    expect(bogus.errLines[0]).toBe("rosetta convert: unknown option '--bogus'");
    const typo = rosetta(["convert", "--from", "segment", "--to", "omnisend", "--lossles"]);
    expectUsageError(typo, "convert");
    expect(typo.errLines[0]).toBe("rosetta convert: unknown option '--lossles'; did you mean --lossless?");
  });

  it("a bad --zone names the zone and the nearest IANA zone", () => {
    const typo = rosetta(["convert", "--from", "attribuly", "--to", "canonical", "--zone", "Europe/Berln"]);
    expectUsageError(typo, "convert");
    expect(typo.errLines[0]).toBe(
      'rosetta convert: unknown IANA time zone "Europe/Berln" for --zone; did you mean Europe/Berlin?',
    );
    const far = rosetta(["validate", "--format", "attribuly", "--zone", "Mars/Olympus"]);
    expectUsageError(far, "validate");
    expect(far.errLines[0]).toContain('unknown IANA time zone "Mars/Olympus" for --zone; e.g. UTC');
  });

  it("a bad choice suggests the nearest allowed value", () => {
    const r = rosetta(["convert", "--from", "attribuly", "--to", "canonical", "--money-unit", "mjor"]);
    expectUsageError(r, "convert");
    expect(r.errLines[0]).toBe(
      'rosetta convert: unknown value "mjor" for --money-unit; did you mean major? expected one of: minor, major',
    );
  });

  it("the other commands: validate, schema, send, pull, publish, consume and an unknown command", () => {
    const cases: Array<[Array<string>, string, string | RegExp]> = [
      [["validate"], "validate", "missing required option --format <format>; one of: auto, customerio, "],
      [["validate", "--format", "shopify"], "validate", 'unknown format "shopify" for --format'],
      [["schema", "attr"], "schema", 'unknown format "attr"; did you mean attribuly?'],
      [["schema"], "schema", "missing required argument 'format'"],
      [["send", "--to", "omnisnd"], "send", 'unknown value "omnisnd" for --to; did you mean omnisend-api?'],
      [["send", "--to", "redo", "--from", "shopify"], "send", 'unknown format "shopify" for --from'],
      [["pull", "--orders", "-", "--to", "segmnt"], "pull", "did you mean segment?"],
      [["publish", "--subject", "x", "--from", "redoo"], "publish", "did you mean redo?"],
      [
        ["consume", "--stream", "S", "--consumer", "c", "--from", "x", "--to", "omnisend"],
        "consume",
        'unknown format "x" for --from',
      ],
      [["detect", "--bogus"], "detect", "unknown option '--bogus'"],
      [["formats", "extra"], "formats", "too many arguments"],
    ];
    for (const [args, command, wording] of cases) {
      const r = rosetta(args);
      expectUsageError(r, command);
      if (typeof wording === "string") expect(r.errLines[0]).toContain(wording);
      expect(r.errLines[0]?.startsWith(`rosetta ${command}: `)).toBe(true);
    }
    const unknown = rosetta(["conver"]);
    expect(unknown.status).toBe(2);
    expect(unknown.err).toBe("rosetta: unknown command 'conver'; did you mean convert?\nsee 'rosetta --help'\n");
  });

  it("the CLI's own checks after parsing are one line too", () => {
    const r = rosetta(["convert", "--from", "segment", "--to", "redo", "--batch", "1000"], SEGMENT);
    expectUsageError(r, "convert");
    expect(r.errLines[0]).toBe("rosetta convert: --batch 1000: redo allows at most 100 records per request");
  });
});

describe("format ids in any case", () => {
  it("convert --from/--to, schema, validate accept any case and print the lower-case id", () => {
    const r = rosetta(["convert", "--from", "Segment", "--to", "OMNISEND-API"], SEGMENT);
    expect(r.status).toBe(0);
    expect(r.err).toContain("segment → omnisend-api");
    expect(JSON.parse(r.out.trim()).eventName).toBeTypeOf("string");
    const schema = rosetta(["schema", "Redo"]);
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.out)).toEqual(JSON.parse(rosetta(["schema", "redo"]).out));
    const validate = rosetta(["validate", "--format", "SEGMENT"], SEGMENT);
    expect(validate.status).toBe(0);
    const auto = rosetta(["convert", "--from", "AUTO", "--to", "Canonical"], SEGMENT);
    expect(auto.status).toBe(0);
    expect(auto.err).toContain("auto → canonical");
  });
});

describe("an option no record used is a one-line warning", () => {
  it("--zone, --money-unit, --ambiguous without Attribuly input; --origin and --user-id for another destination", () => {
    const r = rosetta(
      [
        "convert",
        "--from",
        "segment",
        "--to",
        "canonical",
        "--zone",
        "Europe/Berlin",
        "--money-unit",
        "major",
        "--ambiguous",
        "later",
        "--origin",
        "api",
        "--user-id",
        "email",
        "--anonymous-id",
        "derive",
      ],
      SEGMENT,
    );
    expect(r.status).toBe(0);
    const warnings = r.errLines.filter((l) => l.startsWith("rosetta: warning: "));
    expect(warnings).toEqual([
      "rosetta: warning: --zone had no effect: no Attribuly record was read (it applies to attribuly input only)",
      "rosetta: warning: --money-unit had no effect: no Attribuly record was read (it applies to attribuly input only)",
      "rosetta: warning: --ambiguous had no effect: no Attribuly record was read (it applies to attribuly input only)",
      "rosetta: warning: --origin had no effect: it applies to --to omnisend-api only, not canonical",
      "rosetta: warning: --user-id had no effect: it applies to --to customerio or segment only, not canonical",
      "rosetta: warning: --anonymous-id had no effect: it applies to --to customerio or segment only, not canonical",
    ]);
  });

  it("no warning when the option was used: Attribuly records read (explicitly or by auto), the matching destination", () => {
    const attribuly = rosetta(["convert", "--from", "attribuly", "--to", "canonical", "--zone", "Europe/Berlin"], ATTRIBULY);
    expect(attribuly.err).not.toContain("warning");
    const auto = rosetta(["convert", "--from", "auto", "--to", "canonical", "--money-unit", "major"], ATTRIBULY);
    expect(auto.err).not.toContain("warning");
    const autoNone = rosetta(["convert", "--from", "auto", "--to", "canonical", "--money-unit", "major"], SEGMENT);
    expect(autoNone.err).toContain("warning: --money-unit had no effect");
    const origin = rosetta(["convert", "--from", "segment", "--to", "omnisend-api", "--origin", "api"], SEGMENT);
    expect(origin.err).not.toContain("warning");
    const userId = rosetta(["convert", "--from", "segment", "--to", "customerio", "--user-id", "email"], SEGMENT);
    expect(userId.err).not.toContain("warning");
    // defaults are not warned about, and --coerce reads zone-less times in --zone
    const plain = rosetta(["convert", "--from", "segment", "--to", "canonical", "--coerce", "--zone", "Europe/Berlin"], SEGMENT);
    expect(plain.err).not.toContain("warning");
  });
});

describe("I/O errors name their path", () => {
  it("a directory or a missing file as input: one line with the path, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "rosetta-messages-"));
    for (const args of [
      ["convert", "--from", "segment", "--to", "canonical", `${dir}/`],
      ["validate", "--format", "segment", `${dir}/`],
      ["detect", `${dir}/`],
    ]) {
      const r = rosetta(args);
      expect(r.status).toBe(2);
      expect(r.err).toBe(`rosetta: cannot read ${dir}/: is a directory\n`);
    }
    const missing = rosetta(["convert", "--from", "segment", "--to", "canonical", join(dir, "nope.ndjson")]);
    expect(missing.status).toBe(2);
    expect(missing.err).toBe(`rosetta: cannot read ${join(dir, "nope.ndjson")}: no such file or directory\n`);
    const identity = rosetta(["convert", "--from", "segment", "--to", "canonical", "--identity", dir], SEGMENT);
    expect(identity.status).toBe(2);
    expect(identity.err).toBe(`rosetta: cannot read ${dir}: is a directory\n`);
  });
});

describe("help texts", () => {
  it("convert: --from's sentence is whole, --zone's default appears once, no help on errors", () => {
    const help = rosetta(["convert", "--help"]).out.replace(/\s+/g, " ");
    expect(help).toContain("source format (any case), or auto to recognise each record's format by its shape");
    const zone = /--zone <iana> (.*?) --money-unit/.exec(help)?.[1];
    expect(zone).toBe(
      `IANA zone of Attribuly's zone-less event_at (and of --coerce's zone-less times); never guessed (default: "UTC")`,
    );
  });

  it("validate prints FILE:LINE PATH: message with the path once", () => {
    const dir = mkdtempSync(join(tmpdir(), "rosetta-messages-"));
    const file = join(dir, "bad.ndjson");
    writeFileSync(file, '{"type":"track","event":"x","userId":"u","timestamp":"bad"}\n');
    const r = rosetta(["validate", "--format", "segment", file]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(new RegExp(`^${file}:1 \\$\\.timestamp: expected an ISO-8601 date-time`));
    expect(r.out).not.toContain("$.timestamp: $.timestamp");
  });

  it("detect's help gives a count pipeline that counts records per format", () => {
    const help = rosetta(["detect", "--help"]).out;
    expect(help).not.toContain("| sort | uniq -c`");
    const pipeline = /rosetta detect -q export\.ndjson (\| cut -d' ' -f2 \| sort \| uniq -c)/.exec(help);
    expect(pipeline).not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), "rosetta-messages-"));
    const file = join(dir, "export.ndjson");
    writeFileSync(file, `${SEGMENT}${SEGMENT}${ATTRIBULY.replace(/\n\s*/g, "")}\n`);
    const sh = spawnSync("sh", ["-c", `node ${JSON.stringify(CLI)} detect -q export.ndjson ${pipeline?.[1]}`], {
      cwd: dir,
      encoding: "utf8",
    });
    const counts = sh.stdout
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/));
    expect(counts).toEqual([
      ["1", "attribuly"],
      ["2", "customerio"],
    ]);
  });
});
