import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("examples/etl.mjs", () => {
  it("translates a file, writes rejects with line numbers and a report that accounts for every record", () => {
    const dir = mkdtempSync(join(tmpdir(), "rosetta-etl-example-"));
    const r = spawnSync(
      process.execPath,
      [
        "examples/etl.mjs",
        "--from",
        "segment",
        "--to",
        "omnisend",
        "--in",
        "examples/segment.ndjson",
        "--out",
        join(dir, "out.ndjson"),
        "--rejects",
        join(dir, "rej.ndjson"),
        "--report",
        join(dir, "report.json"),
      ],
      { cwd: root, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(1);
    const out = readFileSync(join(dir, "out.ndjson"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const rejects = readFileSync(join(dir, "rej.ndjson"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(out[0].eventName).toBe("placed order");
    expect(report.read).toBe(7);
    expect(report.read).toBe(report.converted + report.rejected);
    expect(out).toHaveLength(report.converted);
    expect(rejects.map((x) => x.line)).toEqual([4, 7]);
    expect(rejects[0].errors[0].message).toMatch(/contact/);
  });
});
