/**
 * Splitting input into units, in batches, with back-pressure: the source stream is pulled one chunk
 * at a time (never read ahead of the consumer) and handed out as batches of units.
 *
 * - **NDJSON** (the first non-empty line is JSON on its own, or the second is): one unit per line,
 *   numbered from 1; LF, CRLF and a bare CR all end a line. With `blocks`, whole runs of lines go out
 *   as one unit (the fast path of the CLI's worker threads).
 * - **A JSON document** (a JSON array, a bulk envelope, a pretty-printed object — anything whose
 *   first lines are not JSON on their own, or whose first line is longer than 1 MiB): read with the
 *   streaming JSON tokenizer of `@streamparser/json`, element by element. Each element of a top-level
 *   array is a unit of its own (`at: "$"`, its `index`, the line it starts on). An object is held
 *   whole up to {@link WHOLE_DOCUMENT_BYTES}, with the line of each element of its records array
 *   (`batch`, `events`, `data.events`); a larger one is streamed: each element goes out as a
 *   one-element copy of the envelope (the keys before the array, the element, the brackets closing
 *   it), so the codec reads it exactly as it reads the whole document, in flat memory.
 *
 * A leading UTF-8 byte-order mark is skipped. Invalid UTF-8 never reaches a decoder: the line (or
 * element) holding it becomes a unit with an `issue` naming the byte offset of the first bad byte.
 *
 * @since 0.1.0
 */
import { isUtf8 } from "node:buffer";
import Tokenizer from "@streamparser/json/tokenizer.js";
import type { Issue } from "../core/result.js";
import type { Unit } from "../pipeline/process.js";

/** Inputs whose first line is longer than this without ending are read as a JSON document. */
const HEAD_BYTES = 1024 * 1024;

/**
 * An object document up to this size is read whole (its records array's elements keep their own
 * lines); past it, its records array is streamed element by element. 1 MiB: a Customer.io batch is
 * at most 500 KB and an Attribuly page 100 items; a Redo bulk request (up to 5 MB) has no key but
 * `events`, so streaming it changes nothing.
 *
 * @internal
 */
export const WHOLE_DOCUMENT_BYTES = 1024 * 1024;

/** A single value (not an array element) larger than this is rejected rather than held. */
const MAX_VALUE_BYTES = 256 * 1024 * 1024;

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
 * The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1.
 *
 * @example
 * invalidUtf8At(Buffer.from([0x61, 0xff])) // 1
 *
 * @category streaming
 * @internal
 */
export const invalidUtf8At = (bytes: Uint8Array): number => {
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
};

const isWhitespace = (b: number): boolean => b === 32 || b === 10 || b === 13 || b === 9;

/** Counts the line ends (LF, CRLF, bare CR) in `bytes[from, to)`. `cr` says the previous byte was a CR. */
const countLineEnds = (bytes: Uint8Array, from: number, to: number, cr: { last: boolean }): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b === 10) {
      if (!cr.last) n++;
      cr.last = false;
    } else if (b === 13) {
      n++;
      cr.last = true;
    } else cr.last = false;
  }
  return n;
};

const notUtf8 = (line: number, offset: number): Issue => ({
  _tag: "Issue",
  path: "$",
  expected: "UTF-8 text",
  message: `line ${line}: invalid UTF-8 at byte offset ${offset}`,
});

/** Collects units into batches of about `batchChars`. */
class Batcher {
  batch: Array<Unit> = [];
  size = 0;
  constructor(readonly batchChars: number) {}
  push(unit: Unit, size: number): void {
    this.batch.push(unit);
    this.size += size;
  }
  full(): boolean {
    return this.size >= this.batchChars;
  }
  take(): Array<Unit> {
    const b = this.batch;
    this.batch = [];
    this.size = 0;
    return b;
  }
}

/** NDJSON from bytes: lines numbered from `lineNo + 1`, `base` the absolute offset of the first byte. */
class NdjsonSplitter {
  private rest: Buffer = Buffer.alloc(0);
  constructor(
    private readonly out: Batcher,
    private readonly options: UnitBatchOptions,
    private lineNo: number,
    private base: number,
  ) {}

  push(chunk: Buffer): void {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    const lf = buf.lastIndexOf(10);
    const lastCr = buf.lastIndexOf(13);
    let cut = Math.max(lf, lastCr);
    // a CR at the very end may be the first half of a CRLF: wait for the next chunk
    if (cut === buf.length - 1 && buf[cut] === 13) cut = Math.max(buf.lastIndexOf(10, cut - 1), buf.lastIndexOf(13, cut - 1));
    if (cut === -1) {
      this.rest = Buffer.from(buf);
      return;
    }
    // the terminator at `cut` (LF, CRLF or CR) ends the block's last line
    this.block(buf.subarray(0, buf[cut] === 10 && cut > 0 && buf[cut - 1] === 13 ? cut - 1 : cut));
    this.rest = Buffer.from(buf.subarray(cut + 1));
    this.base += cut + 1;
  }

  finish(): void {
    if (this.rest.length > 0) this.block(this.rest);
    this.rest = Buffer.alloc(0);
  }

  /** Lines of `bytes`, a run of whole lines. */
  private block(bytes: Buffer): void {
    const { options, out } = this;
    const hasCr = bytes.indexOf(13) !== -1;
    if (options.blocks === true && !hasCr && isUtf8(bytes)) {
      const first = this.lineNo + 1;
      let lines = 1;
      for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, nl + 1)) lines++;
      this.lineNo += lines;
      if (options.bytes === true) out.push({ line: first, text: "", bytes: new Uint8Array(bytes), block: true }, bytes.length);
      else out.push({ line: first, text: bytes.toString("utf8"), block: true }, bytes.length);
      return;
    }
    const n = bytes.length;
    let start = 0;
    for (let i = 0; i <= n; i++) {
      const b = i < n ? bytes[i] : -1;
      if (b !== 10 && b !== 13 && b !== -1) continue;
      this.line(bytes.subarray(start, i), this.base + start);
      if (b === 13 && bytes[i + 1] === 10) i++;
      start = i + 1;
    }
  }

  private line(bytes: Buffer, offset: number): void {
    const line = ++this.lineNo;
    const bad = isUtf8(bytes) ? -1 : invalidUtf8At(bytes);
    if (bad !== -1) {
      this.out.push({ line, text: bytes.toString("utf8").slice(0, 10_000), issue: notUtf8(line, offset + bad) }, bytes.length);
      return;
    }
    let blank = true;
    for (let i = 0; i < bytes.length; i++)
      if (!isWhitespace(bytes[i] as number)) {
        blank = false;
        break;
      }
    if (blank) return;
    this.out.push({ line, text: bytes.toString("utf8") }, bytes.length);
  }
}

/** One open container of the document being tokenized. */
interface Frame {
  readonly array: boolean;
  /** The last key read (objects). */
  key: string | undefined;
  /** An object expects a key next. */
  expectKey: boolean;
}

/** The records array of the current document. */
interface RecordArray {
  readonly at: string;
  /** The stack depth inside the array (its elements' frames are deeper). */
  readonly depth: number;
  /** The offset just past its `[`. */
  readonly open: number;
  /** Whether its elements go out one by one (top-level arrays, and objects past the size limit). */
  streaming: boolean;
  /** The enveloping text of a streamed element: the document up to and including the `[`. */
  prefix: string;
  /** Closing brackets after a streamed element. */
  readonly suffix: string;
  /** The open element's start offset and line, or -1. */
  elementStart: number;
  elementLine: number;
  index: number;
  /** Lines of the elements (held documents). */
  readonly lines: Array<number>;
  /** Elements not yet handed out, held documents only: [start, end, line]. */
  readonly held: Array<[number, number, number]>;
  closed: boolean;
  /** Keys after the array (streamed documents): they cannot reach the elements already handed out. */
  readonly trailing: Array<string>;
}

/** A JSON document (or a sequence of them) tokenized as it streams; units go to `out`. */
class DocumentSplitter {
  private readonly tokenizer = new Tokenizer({ separator: "", stringBufferSize: 64 * 1024, numberBufferSize: 64 * 1024 });
  /** Bytes from `bufStart` (absolute offset) to what was written so far. */
  private buf: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  private written = 0;
  /** Line counting: `scanPos` (absolute) is on line `scanLine`. */
  private scanPos = 0;
  private scanLine: number;
  private readonly cr = { last: false };
  private readonly stack: Array<Frame> = [];
  private docStart = -1;
  private docLine = 0;
  /** A top-level string, number or literal: it ends where the next token starts. */
  private primitive = false;
  private records: RecordArray | undefined;
  private failed: { offset: number; message: string } | undefined;
  /** Set when a tokenizer error switched the rest of the input to NDJSON. */
  rest: NdjsonSplitter | undefined;

  constructor(
    private readonly out: Batcher,
    private readonly options: UnitBatchOptions,
    firstLine: number,
    private readonly offsetBias: number,
  ) {
    this.scanLine = firstLine;
    this.tokenizer.onToken = ({ token, value, offset }) => this.token(token, value, offset);
    this.tokenizer.onError = (err) => {
      const m = /absolute position "(\d+)"/.exec(err.message);
      this.failed ??= { offset: m === null ? -1 : Number(m[1]), message: err.message };
    };
  }

  push(chunk: Buffer): void {
    if (this.rest !== undefined) {
      this.rest.push(chunk);
      return;
    }
    this.buf = this.buf.length > 0 ? Buffer.concat([this.buf, chunk]) : chunk;
    this.written += chunk.length;
    this.tokenizer.write(chunk);
    if (this.failed !== undefined) {
      this.fail();
      return;
    }
    this.flushHeld();
    this.trim();
  }

  finish(): void {
    if (this.rest !== undefined) {
      this.rest.finish();
      return;
    }
    if (this.primitive) this.endDocument(this.written);
    else if (this.docStart !== -1) {
      // the input ended inside a document
      this.failed = { offset: this.written, message: "the input ended inside a JSON value" };
      this.fail();
      (this.rest as NdjsonSplitter | undefined)?.finish();
    }
  }

  private lineAt(offset: number): number {
    if (offset > this.scanPos) {
      this.scanLine += countLineEnds(this.buf, this.scanPos - this.bufStart, offset - this.bufStart, this.cr);
      this.scanPos = offset;
    }
    return this.scanLine;
  }

  private slice(from: number, to: number): Buffer {
    return this.buf.subarray(from - this.bufStart, to - this.bufStart);
  }

  /** The text of bytes [from, to) without the whitespace around it, or an issue for invalid UTF-8. */
  private textOf(from: number, to: number, line: number): { text: string; issue?: Issue } {
    let a = from;
    let b = to;
    while (a < b && isWhitespace(this.buf[a - this.bufStart] as number)) a++;
    while (b > a && isWhitespace(this.buf[b - 1 - this.bufStart] as number)) b--;
    const bytes = this.slice(a, b);
    if (!isUtf8(bytes)) {
      const bad = invalidUtf8At(bytes);
      return { text: bytes.toString("utf8").slice(0, 10_000), issue: notUtf8(line, this.offsetBias + a + Math.max(bad, 0)) };
    }
    return { text: bytes.toString("utf8") };
  }

  private token(token: number, value: unknown, offset: number): void {
    if (this.primitive) this.endDocument(offset);
    const stack = this.stack;
    const top = stack[stack.length - 1];
    const keyPosition = top !== undefined && !top.array && top.expectKey;
    const startsValue = token === 0 || token === 2 || (token >= 6 && token <= 10 && !(token === 9 && keyPosition));
    if (startsValue) {
      if (stack.length === 0) this.startDocument(offset, token);
      const r = this.records;
      if (r !== undefined && !r.closed && stack.length === r.depth && r.elementStart === -1) {
        r.elementStart = offset;
        r.elementLine = this.lineAt(offset);
      }
    }
    switch (token) {
      case 0: // {
        stack.push({ array: false, key: undefined, expectKey: true });
        return;
      case 2: {
        // [
        stack.push({ array: true, key: undefined, expectKey: false });
        if (this.records === undefined) this.recordsArray(offset);
        return;
      }
      case 1: // }
      case 3: {
        // ]
        const r = this.records;
        if (r !== undefined && !r.closed && stack.length === r.depth && token === 3) {
          this.endElement(offset);
          r.closed = true;
        }
        stack.pop();
        if (stack.length === 0 && this.docStart !== -1) this.endDocument(offset + 1);
        return;
      }
      case 5: {
        // ,
        const r = this.records;
        if (r !== undefined && !r.closed && stack.length === r.depth) this.endElement(offset);
        if (top !== undefined && !top.array) top.expectKey = true;
        return;
      }
      case 9:
        if (keyPosition && top !== undefined) {
          top.key = value as string;
          top.expectKey = false;
          const r = this.records;
          if (r?.closed && r.streaming && stack.length < r.depth) r.trailing.push(String(value));
        }
        return;
      default:
        return;
    }
  }

  private startDocument(offset: number, token: number): void {
    this.docStart = offset;
    this.docLine = this.lineAt(offset);
    this.records = undefined;
    this.primitive = token !== 0 && token !== 2;
  }

  /** A `[` just opened (the stack holds it): is it the document's records array? */
  private recordsArray(offset: number): void {
    const s = this.stack;
    let at: string | undefined;
    if (s.length === 1) at = "$";
    else if (s.length === 2 && (s[0]?.key === "batch" || s[0]?.key === "events")) at = `$.${s[0].key}`;
    else if (s.length === 3 && s[0]?.key === "data" && s[1]?.key === "events" && !(s[1]?.array ?? true)) at = "$.data.events";
    if (at === undefined || s.slice(0, -1).some((f) => f.array)) return;
    this.records = {
      at,
      depth: s.length,
      open: offset + 1,
      streaming: at === "$",
      prefix: "",
      suffix: at === "$" ? "" : `]${"}".repeat(s.length - 1)}`,
      elementStart: -1,
      elementLine: 0,
      index: 0,
      lines: [],
      held: [],
      closed: false,
      trailing: [],
    };
  }

  private endElement(end: number): void {
    const r = this.records as RecordArray;
    if (r.elementStart === -1) return;
    const start = r.elementStart;
    const line = r.elementLine;
    r.elementStart = -1;
    if (r.streaming) this.emitElement(start, end, line);
    else {
      r.lines.push(line);
      r.held.push([start, end, line]);
    }
  }

  private emitElement(start: number, end: number, line: number): void {
    const r = this.records as RecordArray;
    const index = r.index++;
    const { text, issue } = this.textOf(start, end, line);
    if (issue !== undefined) {
      this.out.push({ line, text, at: r.at, index, issue }, text.length);
      return;
    }
    const whole = r.at === "$" ? text : r.prefix + text + r.suffix;
    this.out.push({ line, text: whole, at: r.at, index, element: r.at !== "$" }, whole.length);
  }

  /** A held object past the size limit: its records array streams from now on. */
  private flushHeld(): void {
    const r = this.records;
    if (this.docStart === -1 || r === undefined || r.streaming || r.closed) {
      if (this.docStart !== -1 && !this.primitive && this.written - this.docStart > MAX_VALUE_BYTES) {
        this.failed = { offset: this.written, message: `a JSON value larger than ${MAX_VALUE_BYTES} bytes` };
        this.fail();
      }
      return;
    }
    if (this.written - this.docStart <= WHOLE_DOCUMENT_BYTES) return;
    r.streaming = true;
    r.prefix = this.slice(this.docStart, r.open).toString("utf8");
    for (const [start, end, line] of r.held) this.emitElement(start, end, line);
    r.held.length = 0;
  }

  private endDocument(end: number): void {
    const start = this.docStart;
    const line = this.docLine;
    const r = this.records;
    this.docStart = -1;
    this.primitive = false;
    this.records = undefined;
    if (r?.streaming) {
      if (r.trailing.length > 0) {
        const keys = r.trailing.map((k) => JSON.stringify(k)).join(", ");
        this.out.push(
          {
            line,
            text: "",
            issue: {
              _tag: "Issue",
              path: "$",
              expected: `the document's other keys before its records array ${r.at}`,
              actual: r.trailing,
              message: `line ${line}: keys ${keys} come after the records array ${r.at} of a document too large to hold (${WHOLE_DOCUMENT_BYTES} bytes); the ${r.index} records before them were read without them`,
            },
          },
          0,
        );
      }
      return;
    }
    const { text, issue } = this.textOf(start, end, line);
    if (issue !== undefined || !parses(text)) {
      // not one JSON document after all: its lines are read (and rejected) one by one
      const lines = new NdjsonSplitter(this.out, this.options, line - 1, this.offsetBias + start);
      lines.push(Buffer.from(this.slice(start, end)));
      lines.finish();
    } else if (r !== undefined) this.out.push({ line, text, at: r.at, lines: r.lines }, text.length);
    else this.out.push({ line, text }, text.length);
  }

  /** Drops the bytes no open value needs. */
  private trim(): void {
    let keep = this.written;
    if (this.docStart !== -1) {
      const r = this.records;
      keep = r?.streaming ? (r.elementStart === -1 ? this.written : r.elementStart) : this.docStart;
    }
    keep = Math.min(keep, this.scanPos);
    if (keep > this.bufStart) {
      this.buf = Buffer.from(this.buf.subarray(keep - this.bufStart));
      this.bufStart = keep;
    }
  }

  /**
   * A tokenizer error, or the input ending inside a value: from the open value on, the input is
   * read as NDJSON lines (each line then converts or is rejected on its own, as when the input is
   * not one document at all).
   */
  private fail(): void {
    const r = this.records;
    const inElement = r?.streaming === true && r.elementStart !== -1;
    const from = inElement ? r.elementStart : this.docStart !== -1 ? this.docStart : this.scanPos;
    const line = inElement ? r.elementLine : this.docStart !== -1 ? this.docLine : this.lineAt(from);
    this.rest = new NdjsonSplitter(this.out, this.options, line - 1, this.offsetBias + from);
    const tail = this.buf.subarray(from - this.bufStart);
    this.buf = Buffer.alloc(0);
    if (tail.length > 0) this.rest.push(Buffer.from(tail));
  }
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** The first `count` complete non-empty lines of `head`, or fewer. */
const firstLines = (head: Buffer, count: number): Array<string> => {
  const out: Array<string> = [];
  let start = 0;
  for (let i = 0; i < head.length && out.length < count; i++) {
    const b = head[i];
    if (b !== 10 && b !== 13) continue;
    const line = head.subarray(start, i).toString("utf8");
    if (line.trim() !== "") out.push(line);
    start = i + 1;
  }
  return out;
};

/** How the input is split, decided from its first bytes. */
const decide = (head: Buffer, ended: boolean): "ndjson" | "document" | undefined => {
  let first = 0;
  while (first < head.length && isWhitespace(head[first] as number)) first++;
  if (first === head.length) return ended ? "ndjson" : undefined;
  const c = head[first];
  if (c !== 0x5b && c !== 0x7b) return "ndjson";
  const lines = firstLines(head, 2);
  if (ended) {
    const last = head.subarray(Math.max(head.lastIndexOf(10), head.lastIndexOf(13)) + 1).toString("utf8");
    if (last.trim() !== "" && lines.length < 2) lines.push(last);
    if (lines.length < 2) return "ndjson";
  }
  if (lines.length >= 1 && parses(lines[0] as string)) return "ndjson";
  if (lines.length >= 2) return parses(lines[1] as string) ? "ndjson" : "document";
  if (ended || head.length >= HEAD_BYTES) return "document";
  return undefined;
};

/**
 * Reads a byte or string stream as batches of units (NDJSON lines, blocks of lines, or the elements
 * of a JSON document).
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
  input: AsyncIterable<Buffer | Uint8Array | string>,
  options: UnitBatchOptions = {},
): AsyncGenerator<Array<Unit>> {
  const out = new Batcher(options.batchChars ?? 256 * 1024);
  let head: Buffer = Buffer.alloc(0);
  let bom = 0;
  let splitter: NdjsonSplitter | DocumentSplitter | undefined;
  const start = (mode: "ndjson" | "document"): NdjsonSplitter | DocumentSplitter =>
    mode === "ndjson" ? new NdjsonSplitter(out, options, 0, bom) : new DocumentSplitter(out, options, 1, bom);
  for await (const raw of input) {
    const chunk = typeof raw === "string" ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    options.onBytes?.(chunk.length);
    if (splitter === undefined) {
      head = head.length > 0 ? Buffer.concat([head, chunk]) : chunk;
      if (bom === 0 && head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
        head = head.subarray(3);
        bom = 3;
      }
      if (head.length < 3 && bom === 0) continue;
      const mode = decide(head, false);
      if (mode === undefined) continue;
      splitter = start(mode);
      splitter.push(head);
      head = Buffer.alloc(0);
    } else splitter.push(chunk);
    if (out.full()) yield out.take();
  }
  if (splitter === undefined && head.length > 0) {
    if (bom === 0 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      head = head.subarray(3);
      bom = 3;
    }
    splitter = start(decide(head, true) ?? "ndjson");
    splitter.push(head);
  }
  splitter?.finish();
  if (out.batch.length > 0) yield out.take();
}
