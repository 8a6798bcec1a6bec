/**
 * `rosetta convert`: streams input of any size through decode → validate → encode on one thread or
 * `--jobs N` worker threads, keeps output in input order, respects back-pressure end to end (a slow
 * consumer pauses the reading), writes each rejected record with its line number and reasons, and
 * accounts for every record (read = converted + rejected). SIGINT / SIGTERM stop the reading; what
 * was translated is flushed, the report and rejects are written, and the run ends with status 130.
 *
 * @since 0.1.0
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Codec, EncodedItem } from "../core/codec.js";
import {
  type ChunkResult,
  createProcessor,
  emptyStats,
  mergeStats,
  type PipelineConfig,
  type RunStats,
  type Unit,
} from "../pipeline/process.js";
import { sourceResolver } from "../pipeline/source.js";
import { readUnitBatches } from "../stream/units.js";
import type { IdentityResolver } from "../translate.js";
import { assertReadable, readError } from "./files.js";
import { openSink, type Sink, stdoutSink, WriteFailure } from "./output.js";
import { takeStartedWorkers, WORKER_LIMITS, WORKER_URL } from "./prestart.js";

/** @internal */
export interface ConvertOptions {
  readonly config: PipelineConfig;
  readonly to: Codec;
  readonly files: ReadonlyArray<string>;
  readonly out?: string | undefined;
  readonly rejects?: string | undefined;
  readonly batch?: number | undefined;
  readonly dryRun?: boolean | undefined;
  /** Worker threads; 1 runs inline. Default: the number of cores. */
  readonly jobs?: number | undefined;
  readonly identity?: IdentityResolver | undefined;
  /** The identity file, loaded again by each worker thread. */
  readonly identityFile?: string | undefined;
  readonly stdin: Readable;
  readonly stdout: Writable;
  /** Called after each batch with the counts so far and the input bytes read (for progress). */
  readonly onProgress?: (stats: RunStats, bytes: number) => void;
  /** Resolves when the run should stop early (a signal). */
  readonly stopSignal?: Promise<void> | undefined;
  /** Called with each rejected record (as written to --rejects). */
  readonly onReject?: (row: { file?: string; line: number; errors: ReadonlyArray<{ path: string; message: string }> }) => void;
}

/** @internal */
export interface ConvertSummary extends RunStats {
  /** True when a signal stopped the run before the input ended. */
  interrupted: boolean;
  /** Records read by each translating thread: the main thread first, then each worker. */
  threads: Array<number>;
  /** The write that failed and stopped the run, if one did. */
  writeFailure?: WriteFailure | undefined;
}

const openIn = (path: string): Promise<Readable> =>
  new Promise((resolve, reject) => {
    assertReadable(path);
    const s = createReadStream(path, { highWaterMark: 256 * 1024 });
    s.once("open", () => resolve(s));
    s.once("error", (e) => reject(readError(path, e)));
  });

/** Runs chunks: inline, or on a pool of worker threads (results come back by sequence number). */
interface Executor {
  run(units: ReadonlyArray<Unit>, file: string | undefined): Promise<ChunkResult>;
  close(): Promise<void>;
  /** Records read so far by each thread (the main thread first). */
  readonly threads: Array<number>;
}

const inlineExecutor = (config: PipelineConfig, identity: IdentityResolver | undefined): Executor => {
  const step = createProcessor(config, identity, sourceResolver(config.from));
  const threads = [0];
  return {
    run: async (units, file) => {
      const result = step(units, file);
      threads[0] = (threads[0] as number) + result.stats.read;
      return result;
    },
    close: async () => {},
    threads,
  };
};

/**
 * Whether the worker-thread entry is built beside this module (it is in the package; running the
 * TypeScript sources directly, it is not, and the run stays on the main thread).
 *
 * @internal
 */
export const workersAvailable = (): boolean => existsSync(fileURLToPath(WORKER_URL));

/** Batches a worker thread may hold (queued or running) before the main thread takes the next one itself. */
const WORKER_QUEUE = 3;

/**
 * Runs chunks on the main thread and `jobs - 1` worker threads. Each batch goes to the least busy
 * worker while one has room in its queue; otherwise the main thread translates it itself, between
 * its reading and writing. N jobs are N translating threads, so no core is left to a thread that
 * only shuttles bytes, and the pool balances itself: a worker slowed down by a collection simply
 * takes fewer batches.
 */
const poolExecutor = (
  jobs: number,
  config: PipelineConfig,
  identity: IdentityResolver | undefined,
  identityFile: string | undefined,
): Executor => {
  const local = inlineExecutor(config, identity);
  for (let i = 1; i < jobs; i++) local.threads.push(0);
  const threads = takeStartedWorkers(jobs - 1);
  while (threads.length < jobs - 1) threads.push(new Worker(WORKER_URL, { resourceLimits: WORKER_LIMITS }));
  const workers = threads.map((thread, i) => ({
    index: i + 1,
    thread,
    busy: 0,
    // a worker takes batches once it has loaded (until then the main thread does not wait for it)
    ready: false,
  }));
  const waiting = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  let closing = false;
  const fail = (e: Error): void => {
    failure = e;
    for (const p of waiting.values()) p.reject(e);
    waiting.clear();
  };
  for (const w of workers) {
    w.thread.on(
      "message",
      (m: { seq: number; ready?: true; failed?: string; result?: ChunkResult; outBytes?: Uint8Array; error?: string }) => {
        if (m.ready === true) {
          w.ready = true;
          return;
        }
        if (m.failed !== undefined) {
          fail(new Error(m.failed));
          return;
        }
        w.busy--;
        if (m.result !== undefined) local.threads[w.index] = (local.threads[w.index] ?? 0) + m.result.stats.read;
        const p = waiting.get(m.seq);
        waiting.delete(m.seq);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve({ ...(m.result as ChunkResult), outBytes: m.outBytes });
      },
    );
    w.thread.on("error", fail);
    w.thread.on("exit", (code) => {
      if (!closing) fail(new Error(`a worker thread stopped (exit code ${code})`));
    });
    w.thread.postMessage({ init: { config, identityFile } });
  }
  let seq = 0;
  return {
    run: (units, file) => {
      if (failure !== undefined) return Promise.reject(failure);
      let free: (typeof workers)[number] | undefined;
      for (const w of workers) if (w.ready && w.busy < WORKER_QUEUE && (free === undefined || w.busy < free.busy)) free = w;
      if (free === undefined) return local.run(units, file);
      const target = free;
      return new Promise((resolve, reject) => {
        const s = seq++;
        waiting.set(s, { resolve, reject });
        target.busy++;
        const transfer: Array<ArrayBuffer> = [];
        for (const u of units) if (u.bytes !== undefined) transfer.push(u.bytes.buffer as ArrayBuffer);
        target.thread.postMessage({ seq: s, units, file }, transfer);
      });
    },
    close: async () => {
      closing = true;
      await Promise.all(workers.map((w) => w.thread.terminate()));
    },
    threads: local.threads,
  };
};

/**
 * Runs a conversion; resolves with the summary. I/O errors reject.
 *
 * @internal
 */
export const runConvert = async (options: ConvertOptions): Promise<ConvertSummary> => {
  const { config, to } = options;
  const stats = emptyStats();
  const jobs = Math.max(1, options.jobs ?? (workersAvailable() ? availableParallelism() : 1));
  if (jobs > 1 && !workersAvailable())
    throw new Error(`--jobs ${jobs}: the worker entry ${fileURLToPath(WORKER_URL)} is missing (build the package)`);
  const dry = options.dryRun === true;
  let stopped = false;
  let failure: WriteFailure | undefined;
  // ends the wait for input when the run must stop (a signal, a failed write). Not a Promise.race
  // with one long-lived promise: each race would leave a reaction on it holding its batch.
  let waiting: (() => void) | undefined;
  const wake = (): void => waiting?.();
  const onFailure = (f: WriteFailure): void => {
    failure ??= f;
    stopped = true;
    wake();
  };
  const sinks: Array<Sink> = [];
  void options.stopSignal?.then(() => {
    stopped = true;
    wake();
    // a destination that does not drain (a pipe nobody reads) must not hold the run past a signal
    for (const s of sinks) s.abort();
  });
  const open = async (path: string | undefined): Promise<Sink | undefined> => {
    if (path === undefined) return undefined;
    const sink = await openSink(path);
    sink.onFailure = onFailure;
    sinks.push(sink);
    return sink;
  };
  let out: Sink | undefined;
  let rejects: Sink | undefined;
  try {
    out = dry ? undefined : options.out !== undefined ? await open(options.out) : stdoutSink(options.stdout);
    if (out !== undefined && options.out === undefined) {
      out.onFailure = onFailure;
      sinks.push(out);
    }
    rejects = await open(options.rejects);
  } catch (e) {
    for (const s of sinks) await s.close();
    throw e;
  }
  const batchSize = options.batch;
  const executor =
    jobs > 1 ? poolExecutor(jobs, config, options.identity, options.identityFile) : inlineExecutor(config, options.identity);
  let pending: Array<EncodedItem> = [];
  let bytes = 0;

  const flushBatch = async (all: boolean): Promise<void> => {
    if (to.batch === undefined || batchSize === undefined) return;
    while (pending.length >= batchSize || (all && pending.length > 0)) {
      const take = pending.slice(0, batchSize);
      pending = pending.slice(take.length);
      const r = to.batch(take, batchSize);
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("; "));
      let text = "";
      for (const env of r.value) text += `${JSON.stringify(env)}\n`;
      if (out !== undefined) await out.write(text);
    }
  };

  const handle = async (result: ChunkResult): Promise<void> => {
    mergeStats(stats, result.stats);
    if (rejects !== undefined) await rejects.write(result.rejects);
    if (options.onReject !== undefined && result.rejects !== "") {
      for (const line of result.rejects.split("\n")) if (line !== "") options.onReject(JSON.parse(line));
    }
    if (batchSize !== undefined) {
      for (const item of result.items) pending.push(item);
      await flushBatch(false);
    } else if (out !== undefined) {
      await out.write(result.outBytes !== undefined ? result.outBytes : result.out);
    }
    options.onProgress?.(stats, bytes);
  };

  // keep at most a few batches in flight per job: reading waits for the writing (back-pressure)
  const inFlight: Array<Promise<ChunkResult>> = [];
  const maxInFlight = jobs * 4;
  let error: unknown;
  try {
    for (const file of options.files.length === 0 ? ["-"] : options.files) {
      if (stopped) break;
      const stream = file === "-" ? options.stdin : await openIn(file);
      const name = file === "-" ? undefined : file;
      const batches = readUnitBatches(stream as AsyncIterable<Buffer>, {
        onBytes: (n) => (bytes += n),
        blocks: true,
        bytes: jobs > 1,
      })[Symbol.asyncIterator]();
      try {
        for (;;) {
          // a signal or a failed write ends the wait for input, however slow the input is
          if (stopped) break;
          const next = batches.next();
          next.catch(() => {});
          const r = await new Promise<IteratorResult<Array<Unit>> | "stop">((resolve, reject) => {
            waiting = () => resolve("stop");
            next.then(resolve, reject);
          });
          waiting = undefined;
          if (r === "stop" || r.done === true) break;
          const run = executor.run(r.value, name);
          run.catch(() => {});
          inFlight.push(run);
          while (inFlight.length >= maxInFlight && !stopped) await handle(await (inFlight.shift() as Promise<ChunkResult>));
          if (stopped) break;
        }
      } finally {
        // a stopped run reads no more stdin either: an open pipe would keep the process alive
        if (file !== "-" || stopped) (stream as Readable).destroy();
      }
    }
    if (failure === undefined) {
      while (inFlight.length > 0 && failure === undefined) await handle(await (inFlight.shift() as Promise<ChunkResult>));
      if (failure === undefined) await flushBatch(true);
    }
  } catch (e) {
    if (e instanceof WriteFailure) failure ??= e;
    else error = e;
  } finally {
    await executor.close();
    for (const s of sinks) {
      const f = await s.close();
      if (f !== undefined) failure ??= f;
    }
  }
  if (error !== undefined && failure === undefined) throw error;
  return { ...stats, interrupted: stopped && failure === undefined, threads: executor.threads, writeFailure: failure };
};

/**
 * The size of the input files, when all are files (for an ETA).
 *
 * @internal
 */
export const inputSize = (files: ReadonlyArray<string>): number | undefined => {
  if (files.length === 0 || files.includes("-")) return undefined;
  try {
    return files.reduce((n, f) => n + statSync(f).size, 0);
  } catch {
    return undefined;
  }
};
