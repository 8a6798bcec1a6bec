/**
 * Reading input as JSON records: NDJSON one value per line, or — when the input is one
 * pretty-printed JSON document spanning many lines — that whole document. Lines are numbered from 1
 * so rejects can point at them. Memory stays flat in NDJSON mode.
 *
 * @since 0.1.0
 */

import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/**
 * One input unit: a parsed JSON value (or the parse error) with the 1-based line it starts on.
 *
 * @example
 * import type { InputUnit } from "commerce-rosetta"
 * const u: InputUnit = { line: 1, text: "{}", ok: true, value: {} }
 *
 * @category streaming
 * @since 0.1.0
 */
export type InputUnit =
  | { readonly line: number; readonly text: string; readonly ok: true; readonly value: unknown }
  | { readonly line: number; readonly text: string; readonly ok: false; readonly error: string };

const parse = (line: number, text: string): InputUnit => {
  try {
    return { line, text, ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { line, text, ok: false, error: (e as Error).message };
  }
};

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Inputs larger than this are never buffered as one document: they are read as NDJSON. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/**
 * Reads JSON records from a stream. NDJSON unless the first two non-empty lines are both not JSON
 * on their own (a pretty-printed document): then the whole input is parsed as one document, and if
 * that fails too, line by line after all.
 *
 * @example
 * import { Readable } from "node:stream"
 * import { readJsonUnits } from "commerce-rosetta"
 * for await (const u of readJsonUnits(Readable.from(['{"a":1}\n']))) console.log(u.line)
 *
 * @category streaming
 * @since 0.1.0
 */
export async function* readJsonUnits(input: Readable): AsyncGenerator<InputUnit> {
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  const pending: Array<{ line: number; text: string }> = [];
  let mode: "undecided" | "ndjson" | "document" = "undecided";
  let bytes = 0;
  for await (const raw of rl) {
    lineNo++;
    if (mode === "ndjson") {
      if (raw.trim() === "") continue;
      yield parse(lineNo, raw);
      continue;
    }
    pending.push({ line: lineNo, text: raw });
    bytes += raw.length + 1;
    if (mode === "document") {
      if (bytes > MAX_DOCUMENT_BYTES) mode = "ndjson";
      else continue;
    } else {
      const nonEmpty = pending.filter((p) => p.text.trim() !== "");
      if (nonEmpty.length === 0) continue;
      if (parses((nonEmpty[0] as { text: string }).text)) mode = "ndjson";
      else if (nonEmpty.length < 2) continue;
      else mode = parses((nonEmpty[1] as { text: string }).text) ? "ndjson" : "document";
      if (mode === "document") continue;
    }
    for (const p of pending) if (p.text.trim() !== "") yield parse(p.line, p.text);
    pending.length = 0;
  }
  if (pending.length === 0) return;
  const nonEmpty = pending.filter((p) => p.text.trim() !== "");
  if (nonEmpty.length === 0) return;
  if (mode !== "ndjson") {
    const whole = pending.map((p) => p.text).join("\n");
    const first = (nonEmpty[0] as { line: number }).line;
    const unit = parse(first, whole);
    if (unit.ok || nonEmpty.length === 1) {
      yield unit;
      return;
    }
  }
  for (const p of nonEmpty) yield parse(p.line, p.text);
}
