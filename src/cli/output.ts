/**
 * Where the CLI writes, checked: every write's outcome is known, and a failed write is an error,
 * never success.
 *
 * - A regular file (or a path that does not exist yet) is written to a temporary file beside it and
 *   renamed into place when the run ends; a run that stops early still renames it (it holds whole
 *   lines only), while a file whose own write failed is removed and its target left as it was.
 * - Anything else — a device such as `/dev/full` or `/dev/stdout`, a FIFO, a socket — is written in
 *   place and never replaced (a rename onto `/dev/full` as root would destroy the device node).
 * - Before anything is opened, {@link findClash} compares every output with every input and with
 *   each other (by device and inode where the file exists, else by resolved path).
 *
 * @since 0.1.0
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, fstatSync, renameSync, type Stats, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";

/**
 * A write that failed: the file (as the user named it) and the error.
 *
 * @internal
 */
export class WriteFailure extends Error {
  constructor(
    readonly file: string,
    readonly error: Error & { code?: string },
  ) {
    super(`cannot write ${file}: ${error.message}`);
  }
  /** A closed pipe on stdout (`| head -1`): the reader is done, which is not worth a message. */
  get quiet(): boolean {
    return this.file === "stdout" && this.error.code === "EPIPE";
  }
}

/**
 * One destination of a run.
 *
 * @internal
 */
export interface Sink {
  /** The name a message uses: the path, or `stdout`. */
  readonly name: string;
  /** Writes a chunk; resolves at once or when the destination drains; rejects with a {@link WriteFailure}. */
  write(chunk: string | Uint8Array): Promise<void> | undefined;
  /** The failure, once a write failed. */
  readonly failure: WriteFailure | undefined;
  /** Flushes and closes (renaming a temporary file into place unless this sink failed); never throws. */
  close(): Promise<WriteFailure | undefined>;
  /** Called once, with the first failure. */
  onFailure?: (f: WriteFailure) => void;
  /**
   * Stops waiting for the destination (a signal): a write waiting for `drain` resolves at once, and
   * `close` no longer waits for a destination written in place (a pipe nobody reads) to take the rest.
   */
  abort(): void;
}

const asError = (e: unknown): Error & { code?: string } => (e instanceof Error ? e : new Error(String(e)));

/** A sink over a stream (a file stream, or stdout). `finish` runs after a clean end. */
const streamSink = (name: string, stream: Writable, owned: boolean, finish: (ok: boolean) => WriteFailure | undefined): Sink => {
  let failure: WriteFailure | undefined;
  let aborted = false;
  const waiters = new Set<() => void>();
  const sink: Sink = {
    name,
    abort() {
      aborted = true;
      for (const w of waiters) w();
    },
    get failure() {
      return failure;
    },
    write(chunk) {
      if (failure !== undefined) return Promise.reject(failure);
      if (typeof chunk === "string" ? chunk === "" : chunk.byteLength === 0) return undefined;
      if (stream.write(chunk) || aborted) return undefined;
      return new Promise<void>((resolve, reject) => {
        const done = (): void => {
          stream.off("drain", done);
          stream.off("error", done);
          stream.off("close", done);
          waiters.delete(done);
          if (failure !== undefined) reject(failure);
          else resolve();
        };
        stream.on("drain", done);
        stream.on("error", done);
        stream.on("close", done);
        waiters.add(done);
      });
    },
    close: async () => {
      // the last writes' outcome: a write callback sees the error of a synchronous or queued write
      // (the 'error' event comes later)
      if (aborted && !owned) return failure;
      if (failure === undefined && !stream.destroyed)
        await new Promise<void>((resolve) => {
          try {
            stream.write("", (e) => {
              if (e !== undefined && e !== null) fail(e);
              resolve();
            });
          } catch (e) {
            fail(e);
            resolve();
          }
        });
      if (owned && !stream.destroyed && !stream.writableFinished)
        await new Promise<void>((resolve) => {
          stream.once("error", () => resolve());
          stream.once("close", () => resolve());
          stream.end();
        });
      if (stream.destroyed && !stream.closed) await new Promise<void>((resolve) => stream.once("close", () => resolve()));
      return finish(failure === undefined) ?? failure;
    },
  };
  const fail = (e: unknown): void => {
    const error = asError(e);
    if (failure !== undefined || error.code === "ERR_STREAM_DESTROYED") return;
    failure = new WriteFailure(name, error);
    sink.onFailure?.(failure);
  };
  stream.on("error", fail);
  return sink;
};

/**
 * A sink on stdout (written in place; never closed).
 *
 * @internal
 */
export const stdoutSink = (stdout: Writable): Sink => streamSink("stdout", stdout, false, () => undefined);

const tempBeside = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);

const statOrUndefined = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/**
 * Opens a file sink: a temporary file renamed into place for regular files and new paths, the
 * target itself otherwise. Rejects with a {@link WriteFailure} when it cannot be opened.
 *
 * @internal
 */
export const openSink = (path: string): Promise<Sink> => {
  const st = statOrUndefined(path);
  const inPlace = st !== undefined && !st.isFile();
  const written = inPlace ? path : tempBeside(path);
  return new Promise((resolveSink, reject) => {
    const stream = createWriteStream(written, { flags: inPlace ? "w" : "wx" });
    const opened = (): void => {
      stream.off("error", failed);
      resolveSink(
        streamSink(path, stream, true, (ok) => {
          if (inPlace) return undefined;
          if (!ok) {
            try {
              unlinkSync(written);
            } catch {
              // already gone
            }
            return undefined;
          }
          try {
            renameSync(written, path);
            return undefined;
          } catch (e) {
            try {
              unlinkSync(written);
            } catch {
              // already gone
            }
            return new WriteFailure(path, asError(e));
          }
        }),
      );
    };
    const failed = (e: Error): void => {
      stream.off("open", opened);
      reject(new WriteFailure(path, asError(e)));
    };
    stream.once("open", opened);
    stream.once("error", failed);
  });
};

/**
 * Writes a whole small file (the report) the same way: in place for a device, FIFO or socket, else
 * through a temporary file renamed into place. Returns the failure, if any.
 *
 * @internal
 */
export const writeWholeFile = (path: string, text: string): WriteFailure | undefined => {
  const st = statOrUndefined(path);
  if (st !== undefined && !st.isFile()) {
    try {
      writeFileSync(path, text);
      return undefined;
    } catch (e) {
      return new WriteFailure(path, asError(e));
    }
  }
  const temp = tempBeside(path);
  try {
    writeFileSync(temp, text, { flag: "wx" });
    renameSync(temp, path);
    return undefined;
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    return new WriteFailure(path, asError(e));
  }
};

/** A file's identity: device and inode when it exists, else its resolved path. */
type Identity =
  | { readonly kind: "inode"; readonly dev: number; readonly ino: number }
  | { readonly kind: "path"; readonly path: string };

const identityOf = (st: Stats | undefined, path: string | undefined): Identity | undefined => {
  // terminals and other character devices (/dev/null, /dev/tty) and sockets (two-way) are shared, never a clash
  if (st !== undefined) return st.isCharacterDevice() || st.isSocket() ? undefined : { kind: "inode", dev: st.dev, ino: st.ino };
  return path === undefined ? undefined : { kind: "path", path: resolve(path) };
};

const same = (a: Identity, b: Identity): boolean =>
  a.kind === "inode" ? b.kind === "inode" && a.dev === b.dev && a.ino === b.ino : b.kind === "path" && a.path === b.path;

/**
 * One file of a run, as the user named it: `--out x`, `input y`, `stdin`.
 *
 * @internal
 */
export interface NamedFile {
  readonly role: string;
  /** A path, or a file descriptor (0 for stdin, 1 for stdout). */
  readonly file: string | number;
}

const describeFile = (f: NamedFile): string => (typeof f.file === "number" ? f.role : `${f.role} ${f.file}`);

const identify = (f: NamedFile): Identity | undefined => {
  if (typeof f.file === "number") {
    try {
      return identityOf(fstatSync(f.file), undefined);
    } catch {
      return undefined;
    }
  }
  return identityOf(statOrUndefined(f.file), f.file);
};

/**
 * The first output that is the same file as an input or as another output, as a message; or
 * undefined. Nothing is opened.
 *
 * @example
 * findClash([{ role: "input", file: "a.ndjson" }], [{ role: "--out", file: "a.ndjson" }])
 * // "--out a.ndjson is the same file as input a.ndjson"
 *
 * @internal
 */
export const findClash = (inputs: ReadonlyArray<NamedFile>, outputs: ReadonlyArray<NamedFile>): string | undefined => {
  const ins = inputs.map((f) => ({ f, id: identify(f) }));
  const outs = outputs.map((f) => ({ f, id: identify(f) }));
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i] as (typeof outs)[number];
    if (o.id === undefined) continue;
    for (const input of ins)
      if (input.id !== undefined && same(o.id, input.id))
        return `${describeFile(o.f)} is the same file as ${describeFile(input.f)}`;
    for (let j = 0; j < i; j++) {
      const other = outs[j] as (typeof outs)[number];
      if (other.id !== undefined && same(o.id, other.id))
        return `${describeFile(o.f)} is the same file as ${describeFile(other.f)}`;
    }
  }
  return undefined;
};
