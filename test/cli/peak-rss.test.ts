/**
 * The CLI's `peakRssBytes` is its own peak, not its parent's: on Linux `resourceUsage().maxRSS`
 * carries the high-water mark across `execve`, so a CLI spawned by a large process used to report
 * the parent's size (a flaky 300 MB check in the scale test, spawned from the test runner).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { peakRssBytes, vmHwmBytes } from "../../src/cli/peak-rss.js";

const bin = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const MB = 1024 * 1024;

describe("vmHwmBytes", () => {
  it("reads the VmHWM line of a /proc status text, in bytes", () => {
    expect(vmHwmBytes("Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1024 kB\n")).toBe(200 * MB);
  });
  it("says nothing when the text has no VmHWM line", () => {
    expect(vmHwmBytes("Name:\tnode\nVmRSS:\t 1024 kB\n")).toBeUndefined();
    expect(vmHwmBytes("")).toBeUndefined();
  });
});

describe("peakRssBytes", () => {
  it("is in bytes: at least the current RSS", () => {
    expect(peakRssBytes()).toBeGreaterThanOrEqual(process.memoryUsage().rss * 0.9);
  });

  it.runIf(process.platform === "linux")(
    "should report the CLI's own peak when a 256 MB parent spawned it, not the parent's",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "rosetta-rss-"));
      const input = join(dir, "in.ndjson");
      writeFileSync(
        input,
        '{"type":"track","userId":"u1","event":"Product Viewed","messageId":"m1","timestamp":"2024-02-01T08:00:00Z","properties":{"product_id":"p1"},"context":{"traits":{"email":"u1@example.com"}}}\n',
      );
      const report = join(dir, "report.json");
      // a parent holding 256 MB (touched, so resident) spawns a probe and the CLI
      const parent = `
        const { spawnSync } = require("node:child_process");
        const held = Buffer.alloc(256 * 1024 * 1024, 1);
        const probe = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.resourceUsage().maxRSS * 1024))"], { encoding: "utf8" });
        const cli = spawnSync(process.execPath, process.argv.slice(1), { encoding: "utf8" });
        process.stdout.write(JSON.stringify({ held: held.length, probe: Number(probe.stdout), status: cli.status, stderr: cli.stderr }));
      `;
      const r = spawnSync(
        process.execPath,
        [
          "-e",
          parent,
          bin,
          "convert",
          "--from",
          "customerio",
          "--to",
          "omnisend",
          "--jobs",
          "1",
          "--quiet",
          "--out",
          join(dir, "out.ndjson"),
          "--report",
          report,
          input,
        ],
        { encoding: "utf8" },
      );
      expect(r.status, r.stderr).toBe(0);
      const seen = JSON.parse(r.stdout) as { probe: number; status: number; stderr: string };
      expect(seen.status, seen.stderr).toBe(0);
      // the condition this test is about holds: maxRSS of a child inherits the parent's size
      expect(seen.probe).toBeGreaterThan(256 * MB);
      const peak = (JSON.parse(readFileSync(report, "utf8")) as { peakRssBytes: number }).peakRssBytes;
      expect(peak).toBeGreaterThan(20 * MB);
      expect(peak).toBeLessThan(200 * MB);
    },
    60_000,
  );
});
