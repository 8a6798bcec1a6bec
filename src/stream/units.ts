/**
 * Splitting input into units, in batches, with back-pressure: the source stream is pulled one chunk
 * at a time (never read ahead of the consumer), split into NDJSON lines numbered from 1, and handed
 * out as batches of units. When the input is one pretty-printed JSON document (its first two
 * non-empty lines are not JSON on their own), the whole document is one unit — or, if it does not
 * parse as a whole either, its lines are, so every line still gets its reject.
 *
 * @since 0.1.0
 */
import { StringDecoder } from "node:string_decoder";
import type { Unit } from "../pipeline/process.js";

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Inputs larger than this are never buffered as one document: they are read as NDJSON. */
const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;

/**
 * Options of {@link readUnitBatches}.
 *
 * @category streaming
 * @since 0.1.0
 */
export interface UnitBatchOptions {
  /** Hand out a batch once it holds this many characters (default 256 KiB). */
  readonly batchChars?: number;
  /** Called with the number of bytes each chunk pulled from the source had. */
  readonly onBytes?: (bytes: number) => void;
  /**
   * Once the input is known to be NDJSON, hand out whole blocks of lines as one unit (`block: true`,
   * `line` = the block's first line) instead of one unit per line: far fewer objects on the reading
   * thread, for consumers that split blocks themselves (the CLI's worker threads).
   */
  readonly blocks?: boolean;
  /**
   * With `blocks`, hand out blocks as raw UTF-8 bytes (`bytes`, each in an ArrayBuffer of its own,
   * so it can be transferred to a worker thread without a copy) instead of decoded text.
   */
  readonly bytes?: boolean;
}

/**
 * Reads a byte or string stream as batches of units (NDJSON lines, or one whole document).
 *
 * @example
 * import { Readable } from "node:stream"
 * import { readUnitBatches } from "commerce-rosetta"
 * for await (const batch of readUnitBatches(Readable.from(['{"a":1}\n{"a":2}\n']))) console.log(batch.length) // 2
 *
 * @category streaming
 * @since 0.1.0
 */
export async function* readUnitBatches(
  input: AsyncIterable<Buffer | string>,
  options: UnitBatchOptions = {},
): AsyncGenerator<Array<Unit>> {
  const batchChars = options.batchChars ?? 256 * 1024;
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let lineNo = 0;
  let mode: "undecided" | "ndjson" | "document" = "undecided";
  let held: Array<Unit> = []; // lines held back while the mode is undecided, or the whole document
  let heldChars = 0;
  let batch: Array<Unit> = [];
  let batchSize = 0;
  // with `bytes`: the raw bytes after the last newline seen (a newline byte never occurs inside a
  // multi-byte UTF-8 sequence, so this always matches `rest`), and whether blocks are now raw
  const raw = options.blocks === true && options.bytes === true;
  let restBytes: Buffer = Buffer.alloc(0);
  let rawMode = false;

  const decide = (): void => {
    const nonEmpty = held.filter((u) => u.text.trim() !== "");
    if (nonEmpty.length === 0) return;
    if (parses((nonEmpty[0] as Unit).text)) mode = "ndjson";
    else if (nonEmpty.length >= 2) mode = parses((nonEmpty[1] as Unit).text) ? "ndjson" : "document";
  };

  const push = (unit: Unit): void => {
    if (unit.text.trim() === "") return;
    batch.push(unit);
    batchSize += unit.text.length;
  };

  const take = (line: string): void => {
    lineNo++;
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (mode === "ndjson") {
      push({ line: lineNo, text });
      return;
    }
    held.push({ line: lineNo, text });
    heldChars += text.length + 1;
    if (mode === "undecided") decide();
    if (mode === "document" && heldChars > MAX_DOCUMENT_CHARS) mode = "ndjson";
    if (mode === "ndjson") {
      for (const u of held) push(u);
      held = [];
    }
  };

  for await (const chunk of input) {
    options.onBytes?.(typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length);
    if (raw && typeof chunk !== "string") {
      const buf = restBytes.length > 0 ? Buffer.concat([restBytes, chunk]) : chunk;
      const last = buf.lastIndexOf(10);
      if ((mode as string) === "ndjson") {
        rawMode = true;
        if (last === -1) {
          restBytes = Buffer.from(buf);
          continue;
        }
        const block = new Uint8Array(buf.subarray(0, last));
        restBytes = Buffer.from(buf.subarray(last + 1));
        const first = lineNo + 1;
        lineNo++;
        for (let nl = buf.indexOf(10); nl !== -1 && nl < last; nl = buf.indexOf(10, nl + 1)) lineNo++;
        batch.push({ line: first, text: "", bytes: block, block: true });
        batchSize += block.length;
        if (batchSize >= batchChars) {
          yield batch;
          batch = [];
          batchSize = 0;
        }
        continue;
      }
      restBytes = last === -1 ? Buffer.from(buf) : Buffer.from(buf.subarray(last + 1));
    }
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk));
    if (options.blocks === true && (mode as string) === "ndjson") {
      const last = text.lastIndexOf("\n");
      if (last === -1) {
        rest = text;
        continue;
      }
      const block = text.slice(0, last);
      rest = text.slice(last + 1);
      const first = lineNo + 1;
      lineNo++;
      for (let nl = block.indexOf("\n"); nl !== -1; nl = block.indexOf("\n", nl + 1)) lineNo++;
      batch.push({ line: first, text: block, block: true });
      batchSize += block.length;
      if (batchSize >= batchChars) {
        yield batch;
        batch = [];
        batchSize = 0;
      }
      continue;
    }
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
      take(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    if (batchSize >= batchChars) {
      yield batch;
      batch = [];
      batchSize = 0;
    }
  }
  if (rawMode) rest = restBytes.toString("utf8");
  else rest += decoder.end();
  if (rest !== "") take(rest);
  if (held.length > 0) {
    const nonEmpty = held.filter((u) => u.text.trim() !== "");
    const whole = held.map((u) => u.text).join("\n");
    if ((mode as string) !== "ndjson" && nonEmpty.length > 1 && parses(whole))
      push({ line: (nonEmpty[0] as Unit).line, text: whole });
    else for (const u of held) push(u);
  }
  if (batch.length > 0) yield batch;
}
