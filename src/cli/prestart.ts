/**
 * Worker threads started before the rest of the CLI loads. A worker spends a while loading the
 * library; starting it first lets that overlap the main thread's own loading instead of the first
 * batches, so `--jobs N` has all N threads translating sooner. The workers are unreferenced
 * until `convert` takes them (a usage error or another command exits as if they were not there),
 * and learn their configuration from an `init` message.
 *
 * @since 0.1.0
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * The worker-thread entry, built beside this module.
 *
 * @internal
 */
export const WORKER_URL = new URL("./worker.js", import.meta.url);

/**
 * Resource limits of a worker: a small heap, which collects garbage early and keeps the run's peak
 * memory flat whatever the input size (measurements: bench/README.md).
 *
 * @internal
 */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 } as const;

let started: Array<Worker> = [];

/**
 * `--jobs N` / `-j N` / `--jobs=N` / `-jN` from raw arguments, or undefined.
 *
 * @internal
 */
export const jobsIn = (args: ReadonlyArray<string>): number | undefined => {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const v =
      a === "--jobs" || a === "-j"
        ? args[i + 1]
        : a.startsWith("--jobs=")
          ? a.slice(7)
          : /^-j\d+$/.test(a)
            ? a.slice(2)
            : undefined;
    if (v !== undefined) return /^\d+$/.test(v) ? Number(v) : undefined;
  }
  return undefined;
};

/**
 * Starts the worker threads a `convert` command line will ask for (nothing for other commands,
 * `--help`, `--dry-run` included only in that it also translates).
 *
 * @internal
 */
export const prestartWorkers = (args: ReadonlyArray<string>): void => {
  if (args[0] !== "convert" || args.includes("--help") || args.includes("-h")) return;
  if (!existsSync(fileURLToPath(WORKER_URL))) return;
  const jobs = jobsIn(args) ?? availableParallelism();
  // as many as convert will use: --jobs is capped at 4 threads per core
  for (let i = 1; i < Math.min(jobs, availableParallelism() * 4, 64); i++) {
    const w = new Worker(WORKER_URL, { resourceLimits: WORKER_LIMITS });
    w.unref();
    // a worker nobody takes must not turn a clean exit into an error
    w.on("error", () => {});
    started.push(w);
  }
};

/**
 * Takes up to `n` of the started workers (referenced again); the caller starts the rest.
 *
 * @internal
 */
export const takeStartedWorkers = (n: number): Array<Worker> => {
  const taken = started.slice(0, n);
  started = started.slice(n);
  for (const w of taken) {
    w.removeAllListeners("error");
    w.ref();
  }
  for (const w of started) void w.terminate();
  started = [];
  return taken;
};
