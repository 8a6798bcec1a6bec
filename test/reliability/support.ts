/**
 * Runs the built `rosetta` as a user would: a child process on real files, pipes and devices. Every
 * run has a time limit as a safety net only: a test asserts the process ended on its own (no signal).
 */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const bin = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export const tmp = (): string => mkdtempSync(join(tmpdir(), "rosetta-reliability-"));

export interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `rosetta ARGS` (stdin from `input`, or as `options.stdio` says), at most `limitMs`. */
export const rosetta = (
  args: ReadonlyArray<string>,
  input?: string | Buffer,
  options: SpawnSyncOptions = {},
  limitMs = 60_000,
): Run => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: limitMs,
    ...options,
  });
  return { status: r.status, signal: r.signal, out: String(r.stdout ?? ""), err: String(r.stderr ?? "") };
};

export const GOOD = '{"type":"track","userId":"u","event":"Cart Viewed"}';
/** A record every format rejects when read as Segment: a track call without a user. */
export const BAD = '{"type":"track","event":"Cart Viewed"}';

export const rows = (s: string): Array<Record<string, unknown>> =>
  s
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
