/**
 * SIGINT is honoured from the first instruction (issue 18): sent 0, 50 and 100 ms after spawn, with
 * 1 and 2 jobs, the process ends on its own in bounded time — by the signal itself if it came before
 * Node ran any of the CLI, otherwise with status 130 and a report that accounts for every record read.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, GOOD, tmp } from "./support.js";

const runAndSignal = (
  args: ReadonlyArray<string>,
  afterMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; err: string }> =>
  new Promise((resolve) => {
    const started = Date.now();
    // stdin stays open and empty: a run that ignored the signal would wait for it forever
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["pipe", "ignore", "pipe"] });
    let err = "";
    child.stderr?.on("data", (c) => (err += c));
    const send = () => child.kill("SIGINT");
    if (afterMs === 0) send();
    else setTimeout(send, afterMs);
    child.on("close", (code, signal) => resolve({ code, signal, ms: Date.now() - started, err }));
  });

describe("SIGINT soon after spawn", () => {
  const dir = tmp();
  const input = join(dir, "in.ndjson");
  writeFileSync(input, `${Array.from({ length: 2000 }, () => GOOD).join("\n")}\n`);
  for (const jobs of ["1", "2"])
    for (const afterMs of [0, 50, 100])
      it(`at ${afterMs} ms with --jobs ${jobs}: ends on its own, 130 with a report when the CLI saw it`, async () => {
        const report = join(dir, `report-${jobs}-${afterMs}.json`);
        // "-" last: after the file, the run reads stdin, which never ends
        const r = await runAndSignal(
          ["convert", "--from", "segment", "--to", "canonical", "--jobs", jobs, "-q", "--report", report, input, "-"],
          afterMs,
        );
        expect(r.ms).toBeLessThan(15_000);
        if (r.signal === "SIGINT") {
          // delivered before Node ran the CLI's first instruction: the default action
          expect(existsSync(report)).toBe(false);
          return;
        }
        expect(r.code, r.err).toBe(130);
        const rep = JSON.parse(readFileSync(report, "utf8"));
        expect(rep.interrupted).toBe(true);
        expect(rep.read).toBe(rep.converted + rep.rejected);
      });

  it("is honoured while the run waits on a stdin that never ends (no hang)", async () => {
    const report = join(dir, "report-wait.json");
    const r = await runAndSignal(["convert", "--from", "segment", "--to", "canonical", "-q", "--report", report, "-"], 1500);
    expect(r.code, r.err).toBe(130);
    expect(JSON.parse(readFileSync(report, "utf8"))).toMatchObject({ read: 0, interrupted: true });
  });
});
