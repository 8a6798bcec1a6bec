/**
 * A generated 500,000-event run of the built CLI on both cores: every record accounted for, output
 * in input order, and peak memory (the CLI process's own peak RSS, worker threads included: its
 * `VmHWM`, not `maxRSS`, which on Linux carries the test runner's size across `execve`) well under
 * the 300 MB budget — the input is streamed, never held.
 */
import { spawnSync } from "node:child_process";
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const N = 500_000;

describe("a 500,000-event run", () => {
  it("accounts for every record, keeps input order and stays under 300 MB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rosetta-scale-"));
    const input = join(dir, "in.ndjson");
    // written 10,000 records at a time: the test runner's process (which spawns the CLI) stays small
    const fd = openSync(input, "w");
    let text = "";
    for (let i = 0; i < N; i++) {
      text += `{"type":"track","userId":"u-${i % 997}","event":"${i % 2 === 0 ? "Product Viewed" : "Order Completed"}","messageId":"m-${i}","timestamp":"2024-02-01T08:00:00Z","properties":{"product_id":"p-${i}","order_id":"o-${i}","price":${i % 100}.5,"total":${i % 50},"currency":"USD","n":${i}},"context":{"traits":{"email":"u${i % 997}@example.com"}}}\n`;
      if (i % 10_000 === 9_999) {
        writeSync(fd, text);
        text = "";
      }
    }
    writeSync(fd, text);
    closeSync(fd);
    const out = join(dir, "out.ndjson");
    const r = spawnSync(
      process.execPath,
      [
        bin,
        "convert",
        "--from",
        "customerio",
        "--to",
        "omnisend",
        "--jobs",
        "2",
        "--quiet",
        "--out",
        out,
        "--report",
        join(dir, "report.json"),
        input,
      ],
      {
        encoding: "utf8",
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report).toMatchObject({ read: N, converted: N, rejected: 0 });
    expect(report.peakRssBytes).toBeLessThan(300 * 1024 * 1024);
    // both threads translated: the main thread and the worker each took a real share of the records
    expect(report.threads).toHaveLength(2);
    expect(report.threads[0] + report.threads[1]).toBe(N);
    expect(Math.min(...report.threads)).toBeGreaterThan(N * 0.2);
    let i = 0;
    for await (const line of createInterface({ input: createReadStream(out) })) {
      const id = (JSON.parse(line) as { eventID: string }).eventID;
      if (id !== `m-${i}`) throw new Error(`line ${i + 1}: expected m-${i}, found ${id}`);
      i++;
    }
    expect(i).toBe(N);
  }, 240_000);
});
