/**
 * Runs the `rosetta` CLI in-process (the same code as the bin), with stdin given as a string,
 * capturing stdout, stderr and the exit status.
 */
import { PassThrough, Readable } from "node:stream";
import { main } from "../../src/cli/main.js";

export const runCli = async (args: ReadonlyArray<string>, input = ""): Promise<{ status: number; out: string; err: string }> => {
  const stdin = Readable.from([input]);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const saved = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, exitCode: process.exitCode };
  Object.defineProperty(process, "stdin", { value: stdin, configurable: true });
  Object.defineProperty(process, "stdout", { value: stdout, configurable: true });
  Object.defineProperty(process, "stderr", { value: stderr, configurable: true });
  process.exitCode = undefined;
  try {
    await main(args);
    return { status: Number(process.exitCode ?? 0), out, err };
  } finally {
    Object.defineProperty(process, "stdin", { value: saved.stdin, configurable: true });
    Object.defineProperty(process, "stdout", { value: saved.stdout, configurable: true });
    Object.defineProperty(process, "stderr", { value: saved.stderr, configurable: true });
    process.exitCode = saved.exitCode;
  }
};
