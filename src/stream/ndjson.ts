/**
 * NDJSON reading and writing for ETL jobs. `readNdjson` pulls a byte or text stream one chunk at a
 * time (the source is never read ahead of the consumer), numbers lines from 1, and gives each
 * non-blank line parsed, or as a reject in the CLI's `--rejects` shape when it is not JSON.
 * `writeNdjson` writes values as lines and waits whenever the destination asks it to (back-pressure).
 *
 * @since 0.1.0
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { type Issue, issue } from "../core/result.js";

/**
 * A rejected record as the CLI writes it to `--rejects`: the file (when known), the line, the input
 * and the reasons.
 *
 * @example
 * import type { NdjsonReject } from "commerce-rosetta"
 * const r: NdjsonReject = { line: 7, input: "{", errors: [] }
 *
 * @category streaming
 * @since 0.1.0
 */
export interface NdjsonReject {
  readonly file?: string;
  readonly line: number;
  readonly input: unknown;
  readonly errors: ReadonlyArray<Issue>;
}

/**
 * One line read by {@link readNdjson}: its parsed value, or its reject when it is not JSON.
 *
 * @example
 * import type { NdjsonLine } from "commerce-rosetta"
 * const l: NdjsonLine = { ok: true, line: 1, value: { event: "x" } }
 *
 * @category streaming
 * @since 0.1.0
 */
export type NdjsonLine =
  | { readonly ok: true; readonly line: number; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly reject: NdjsonReject };

/**
 * Options of {@link readNdjson}.
 *
 * @category streaming
 * @since 0.1.0
 */
export interface ReadNdjsonOptions {
  /** The input's name, written into each reject's `file`. */
  readonly file?: string | undefined;
}

/**
 * Builds the reject of a record that failed: the CLI's `--rejects` shape.
 *
 * @example
 * import { rejectOf } from "commerce-rosetta"
 * rejectOf(3, { event: "x" }, []) // { line: 3, input: { event: "x" }, errors: [] }
 *
 * @category streaming
 * @since 0.1.0
 */
export const rejectOf = (line: number, input: unknown, errors: ReadonlyArray<Issue>, file?: string): NdjsonReject =>
  file === undefined ? { line, input, errors } : { file, line, input, errors };

const parseLine = (text: string, line: number, file: string | undefined): NdjsonLine => {
  try {
    return { ok: true, line, value: JSON.parse(text) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, line, reject: rejectOf(line, text, [issue("$", "a JSON value", text, `$: not JSON: ${reason}`)], file) };
  }
};

/**
 * Reads NDJSON from a Node stream or any async iterable of strings or bytes (UTF-8): one result per
 * non-blank line, numbered from 1, in order. A line that is not JSON comes back as a reject; it never
 * stops the reading. The source is pulled only as fast as the consumer asks.
 *
 * @example
 * import { Readable } from "node:stream"
 * import { readNdjson } from "commerce-rosetta"
 * for await (const l of readNdjson(Readable.from(['{"a":1}\n', "oops\n"]))) console.log(l.line, l.ok) // 1 true, 2 false
 *
 * @category streaming
 * @since 0.1.0
 */
export async function* readNdjson(
  source: AsyncIterable<string | Uint8Array>,
  options: ReadNdjsonOptions = {},
): AsyncGenerator<NdjsonLine, void, undefined> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let line = 0;
  let first = true;
  const take = (text: string): NdjsonLine | undefined => {
    line++;
    let t = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (first) {
      first = false;
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    }
    return t.trim() === "" ? undefined : parseLine(t, line, options.file);
  };
  for await (const chunk of source) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk));
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      const r = take(text.slice(start, nl));
      start = nl + 1;
      if (r !== undefined) yield r;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest !== "") {
    const r = take(rest);
    if (r !== undefined) yield r;
  }
}

/**
 * A line writer over a Node `Writable`: each value is written as one JSON line; `write` resolves once
 * the destination can take more (back-pressure), and fails if the destination failed.
 *
 * @category streaming
 * @since 0.1.0
 */
export interface NdjsonWriter {
  /** Writes one value as a line; waits while the destination's buffer is full. */
  readonly write: (value: unknown) => Promise<void>;
  /** Ends the destination and waits until everything is flushed. */
  readonly end: () => Promise<void>;
}

/**
 * Writes NDJSON to a Node `Writable` (a file, stdout, a socket) with back-pressure.
 *
 * @example
 * import { createWriteStream } from "node:fs"
 * import { writeNdjson } from "commerce-rosetta"
 * const out = writeNdjson(createWriteStream("/tmp/out.ndjson"))
 * await out.write({ event: "x" })
 * await out.end()
 *
 * @category streaming
 * @since 0.1.0
 */
export const writeNdjson = (destination: Writable): NdjsonWriter => {
  let failure: Error | undefined;
  destination.on("error", (e: Error) => {
    failure ??= e;
  });
  const check = (): void => {
    if (failure !== undefined) throw failure;
  };
  return {
    write: async (value) => {
      check();
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError("writeNdjson: a value with no JSON form (undefined, a function)");
      if (!destination.write(`${text}\n`)) {
        await Promise.race([once(destination, "drain"), once(destination, "close")]);
        check();
      }
    },
    end: async () => {
      check();
      const finished = once(destination, "finish");
      destination.end();
      await finished;
      check();
    },
  };
};
