/**
 * The per-record work of a conversion run, as one pure step over a chunk of input units (NDJSON
 * lines or whole documents): parse, split envelopes, decode, validate, encode, stringify, check the
 * destination's per-record limit, and count. The same step runs inline (`--jobs 1`) and in worker
 * threads, so the output never depends on the number of jobs.
 *
 * @since 0.1.0
 */
import type { Codec, CodecOptions, EncodedItem, FormatId } from "../core/codec.js";
import { SCAN_DEEP, SCAN_ODD_NUMBER, SCAN_ZERO, scanJson, tooDeepAt } from "../core/json.js";
import type { Issue, Loss, LossKind } from "../core/result.js";
import { codecOf } from "../formats/index.js";
import type { IdentityChoices } from "../identity.js";
import { type IdentityResolver, recordsOf, translateRecord } from "../translate.js";
import { numberLosses, recordLosses, tooDeep } from "./guard.js";

/**
 * One unit of input: an NDJSON line, or a whole JSON document, with the 1-based line it starts on.
 *
 * @category pipeline
 * @since 0.1.0
 */
export interface Unit {
  readonly line: number;
  readonly text: string;
  /** The text is a block of NDJSON lines, the first of which is `line`. */
  readonly block?: boolean;
  /** A block's lines as raw UTF-8 bytes (then `text` is empty). */
  readonly bytes?: Uint8Array;
  /** An element of a streamed document: the JSONPath of its records array (`$`, `$.batch`, …). */
  readonly at?: string;
  /** The element's index in that array. */
  readonly index?: number;
  /** The text is a one-element copy of the envelope around the element at `index` (not the element alone). */
  readonly element?: boolean;
  /** A whole document: the line each element of its records array at `at` starts on. */
  readonly lines?: ReadonlyArray<number>;
  /** The unit could not be read (invalid UTF-8, not JSON): it is rejected with this issue. */
  readonly issue?: Issue;
}

/**
 * What a run does to each record; plain data, so it can be sent to worker threads.
 *
 * @category pipeline
 * @since 0.1.0
 */
export interface PipelineConfig {
  readonly from: FormatId | "auto";
  readonly to: FormatId;
  readonly options: Pick<CodecOptions, "names" | "zone" | "moneyUnit" | "ambiguous" | "coerce" | "origin"> &
    IdentityChoices & {
      readonly lossless?: boolean | undefined;
      readonly strict?: boolean | undefined;
    };
  /** Give records that lack an id a deterministic UUID v5 derived from the source record. */
  readonly deriveIds?: boolean | undefined;
  /** Hand back encoded items for the destination's bulk envelope instead of NDJSON lines. */
  readonly batch?: boolean | undefined;
  /** The input file (for rejects). */
  readonly file?: string | undefined;
}

/**
 * Counts of a run (or of one chunk): every record read is converted or rejected.
 *
 * @category pipeline
 * @since 0.1.0
 */
export interface RunStats {
  read: number;
  converted: number;
  rejected: number;
  losses: number;
  /** Loss counts per canonical path (array indices folded to `[*]`) and kind. */
  lossesByPath: Record<string, Record<string, number>>;
  /** Per canonical event type: events converted and their losses. */
  byType: Record<string, { converted: number; losses: number }>;
  /** Per detected source format, with `--from auto`. */
  bySource?: Record<string, number>;
  /** Rejected records that `coerce` (`--coerce`) would have read; present when there are any. */
  coercible?: number;
}

/**
 * The result of one chunk: output text (or items for batching), reject lines, counts.
 *
 * @category pipeline
 * @since 0.1.0
 */
export interface ChunkResult {
  readonly out: string;
  /** The output as UTF-8 bytes instead of `out` (from a worker thread). */
  readonly outBytes?: Uint8Array | undefined;
  readonly items: Array<EncodedItem>;
  readonly rejects: string;
  readonly stats: RunStats;
}

/**
 * Fresh, empty counts.
 *
 * @example
 * import { emptyStats } from "commerce-rosetta"
 * emptyStats().read // 0
 *
 * @category pipeline
 * @since 0.1.0
 */
export const emptyStats = (): RunStats => ({ read: 0, converted: 0, rejected: 0, losses: 0, lossesByPath: {}, byType: {} });

/**
 * Adds the counts of `b` into `a`.
 *
 * @example
 * import { emptyStats, mergeStats } from "commerce-rosetta"
 * mergeStats(emptyStats(), { ...emptyStats(), read: 2, converted: 2 }).read // 2
 *
 * @category pipeline
 * @since 0.1.0
 */
export const mergeStats = (a: RunStats, b: RunStats): RunStats => {
  a.read += b.read;
  a.converted += b.converted;
  a.rejected += b.rejected;
  a.losses += b.losses;
  for (const [path, kinds] of Object.entries(b.lossesByPath)) {
    const into = (a.lossesByPath[path] ??= {});
    for (const [k, n] of Object.entries(kinds)) into[k] = (into[k] ?? 0) + n;
  }
  for (const [type, t] of Object.entries(b.byType)) {
    const into = (a.byType[type] ??= { converted: 0, losses: 0 });
    into.converted += t.converted;
    into.losses += t.losses;
  }
  if (b.coercible !== undefined) a.coercible = (a.coercible ?? 0) + b.coercible;
  if (b.bySource !== undefined) {
    a.bySource ??= {};
    for (const [f, n] of Object.entries(b.bySource)) a.bySource[f] = (a.bySource[f] ?? 0) + n;
  }
  return a;
};

const LOSS_KINDS: ReadonlyArray<LossKind> = ["dropped", "coerced", "moved", "renamed", "truncated", "defaulted"];

/** A loss kind's slot in a path's counts (comparing interned strings: no hashing per loss). */
const kindIndex = (kind: LossKind): number => {
  switch (kind) {
    case "dropped":
      return 0;
    case "coerced":
      return 1;
    case "moved":
      return 2;
    case "renamed":
      return 3;
    case "truncated":
      return 4;
    default:
      return 5;
  }
};

/** Reject inputs are kept up to this many characters. */
const clip = (text: string): string => (text.length > 10_000 ? `${text.slice(0, 10_000)}…` : text);

/** Whether a record whose numbers include a 0 may hold an underflow (an exponent, or a long run of zeros). */
const mayUnderflow = (text: string): boolean => text.includes("e-") || text.includes("E-") || text.includes("0000000000");

/** Chooses the source codec of a document: the configured one, or the detected one with `auto`. */
export type SourceResolver = (document: unknown) => { ok: true; codec: Codec } | { ok: false; errors: ReadonlyArray<Issue> };

/**
 * Builds the chunk step of a run.
 *
 * @example
 * import { createProcessor } from "commerce-rosetta"
 * const step = createProcessor({ from: "customerio", to: "canonical", options: {} })
 * step([{ line: 1, text: '{"type":"track","userId":"u","event":"x"}' }]).stats.converted // 1
 *
 * @category pipeline
 * @since 0.1.0
 */
export const createProcessor = (
  config: PipelineConfig,
  identity?: IdentityResolver,
  source?: SourceResolver,
): ((units: ReadonlyArray<Unit>, file?: string) => ChunkResult) => {
  const to = codecOf(config.to);
  if (to === undefined) throw new Error(`unknown format ${config.to}`);
  const fixed = config.from === "auto" ? undefined : codecOf(config.from);
  if (config.from !== "auto" && fixed === undefined) throw new Error(`unknown format ${config.from}`);
  const resolveSource: SourceResolver = source ?? ((): { ok: true; codec: Codec } => ({ ok: true, codec: fixed as Codec }));
  const options = { ...config.options, identity, deriveIds: config.deriveIds };
  const limit = to.maxRecordBytes;

  return (units, file = config.file) => {
    const stats = emptyStats();
    // loss counts by the path as reported and by kind (folded into stats.lossesByPath once per chunk)
    const byRawPath = new Map<string, Array<number>>();
    let out = "";
    let rejects = "";
    const items: Array<EncodedItem> = [];
    const reject = (line: number, input: unknown, errors: ReadonlyArray<Issue>, index?: number): void => {
      stats.read++;
      stats.rejected++;
      const row: Record<string, unknown> = file === undefined ? { line } : { file, line };
      if (index !== undefined) row.index = index;
      row.input = input;
      row.errors = errors;
      let text: string;
      try {
        text = JSON.stringify(row);
      } catch {
        // an input JSON cannot write (too deep) is written as its description
        row.input = "(not writable as JSON)";
        text = JSON.stringify(row);
      }
      rejects += `${text}\n`;
    };
    const count = (type: string, losses: ReadonlyArray<Loss>): void => {
      stats.read++;
      stats.converted++;
      stats.losses += losses.length;
      const t = (stats.byType[type] ??= { converted: 0, losses: 0 });
      t.converted++;
      t.losses += losses.length;
      for (let i = 0; i < losses.length; i++) {
        const l = losses[i] as Loss;
        let counts = byRawPath.get(l.path);
        if (counts === undefined) byRawPath.set(l.path, (counts = [0, 0, 0, 0, 0, 0]));
        const k = kindIndex(l.kind);
        counts[k] = (counts[k] as number) + 1;
      }
    };

    const translateUnit = (unit: Unit): void => {
      if (unit.issue !== undefined) {
        reject(unit.line, clip(unit.text), [unit.issue], unit.index);
        return;
      }
      let document: unknown;
      try {
        document = JSON.parse(unit.text);
      } catch (e) {
        reject(
          unit.line,
          clip(unit.text),
          [
            {
              _tag: "Issue",
              path: "$",
              expected: "a JSON value",
              message: `line ${unit.line}: not JSON: ${(e as Error).message}`,
            },
          ],
          unit.index,
        );
        return;
      }
      // one walk, at most MAX_DEPTH deep: too-deep values and numbers JavaScript cannot hold as written
      const scan = scanJson(document);
      if ((scan & SCAN_DEEP) !== 0) {
        const base = unit.at === "$" && unit.index !== undefined ? `$[${unit.index}]` : "$";
        let path = tooDeepAt(document, base) ?? base;
        if (unit.element === true && unit.at !== undefined) path = path.replace(`${unit.at}[0]`, `${unit.at}[${unit.index}]`);
        reject(unit.line, clip(unit.text), [tooDeep(path)], unit.index);
        return;
      }
      const numbers =
        (scan & SCAN_ODD_NUMBER) !== 0 || ((scan & SCAN_ZERO) !== 0 && mayUnderflow(unit.text))
          ? numberLosses(unit.text)
          : undefined;
      const src = resolveSource(document);
      if (!src.ok) {
        reject(unit.line, document, src.errors, unit.index);
        return;
      }
      if (config.from === "auto") {
        stats.bySource ??= {};
        stats.bySource[src.codec.id] = (stats.bySource[src.codec.id] ?? 0) + 1;
      }
      const topElement = unit.at === "$" && unit.index !== undefined;
      const records = topElement ? src.codec.explode(document, `$[${unit.index}]`) : recordsOf(src.codec, document);
      if (!records.ok) {
        reject(unit.line, document, records.errors, unit.index);
        return;
      }
      const prefix = unit.element === true ? `${unit.at}[0]` : undefined;
      for (let record of records.value) {
        let line = unit.line;
        let index = unit.index;
        const docPath = record.path;
        if (prefix !== undefined && record.path.startsWith(prefix)) {
          record = { ...record, path: `${unit.at}[${unit.index}]${record.path.slice(prefix.length)}` };
        } else if (unit.lines !== undefined && unit.at !== undefined && record.path.startsWith(`${unit.at}[`)) {
          const i = Number.parseInt(record.path.slice(unit.at.length + 1), 10);
          const l = unit.lines[i];
          if (l !== undefined) {
            line = l;
            index = i;
          }
        }
        const r = translateRecord(record, src.codec, to, options);
        if (!r.ok) {
          if (r.coercible === true) stats.coercible = (stats.coercible ?? 0) + 1;
          reject(line, record.value, r.errors, index);
          continue;
        }
        const { value, event } = r;
        let losses = r.losses;
        if (numbers !== undefined) {
          const extra = recordLosses(numbers, docPath);
          if (extra.length > 0) {
            if (config.options.strict === true) {
              reject(
                line,
                record.value,
                extra.map((l) => ({
                  _tag: "Issue" as const,
                  path: l.path,
                  expected: "a number JavaScript holds as written (strict mode)",
                  actual: l.value,
                  message: `${l.path}: coerced — ${l.reason} (strict mode)`,
                })),
                index,
              );
              continue;
            }
            losses = losses.concat(extra);
          }
        }
        if (config.batch === true) {
          items.push({ value, event });
          count(event.type, losses);
          continue;
        }
        const text = JSON.stringify(value);
        if (limit !== undefined && text.length > limit / 3 && Buffer.byteLength(text) > limit) {
          reject(
            line,
            record.value,
            [
              {
                _tag: "Issue",
                path: "$",
                expected: `a record of at most ${limit} bytes`,
                message: `$: the ${to.id} record is ${Buffer.byteLength(text)} bytes; ${to.id} accepts at most ${limit} bytes per event`,
              },
            ],
            index,
          );
          continue;
        }
        out += `${text}\n`;
        count(event.type, losses);
      }
    };

    const lines: Array<Unit> = [];
    for (const u of units) {
      if (u.block !== true) {
        lines.push(u);
        continue;
      }
      let start = 0;
      let line = u.line;
      const text =
        u.bytes === undefined ? u.text : Buffer.from(u.bytes.buffer, u.bytes.byteOffset, u.bytes.byteLength).toString("utf8");
      if (text.indexOf("\r") !== -1) {
        // CR, LF and CRLF all end lines
        for (const raw of text.split(/\r\n|\r|\n/)) {
          if (raw.trim() !== "") lines.push({ line, text: raw });
          line++;
        }
        continue;
      }
      for (;;) {
        const nl = text.indexOf("\n", start);
        const end = nl === -1 ? text.length : nl;
        const raw = text.slice(start, end);
        if (raw.trim() !== "") lines.push({ line, text: raw });
        if (nl === -1) break;
        start = nl + 1;
        line++;
      }
    }
    for (const unit of lines) {
      try {
        translateUnit(unit);
      } catch (e) {
        // nothing a record holds may end the run: an unexpected failure rejects this unit alone
        reject(
          unit.line,
          clip(unit.text),
          [
            {
              _tag: "Issue",
              path: unit.at === undefined || unit.index === undefined ? "$" : `${unit.at}[${unit.index}]`,
              expected: "a record the translator can read",
              message: `line ${unit.line}: could not be translated: ${String((e as Error)?.message ?? e)}`,
            },
          ],
          unit.index,
        );
      }
    }
    for (const [raw, counts] of byRawPath) {
      const path = raw.includes("[") ? raw.replace(/\[\d+\]/g, "[*]") : raw;
      const kinds = (stats.lossesByPath[path] ??= {});
      for (let k = 0; k < LOSS_KINDS.length; k++) {
        const n = counts[k] as number;
        if (n > 0) kinds[LOSS_KINDS[k] as LossKind] = (kinds[LOSS_KINDS[k] as LossKind] ?? 0) + n;
      }
    }
    return { out, items, rejects, stats };
  };
};
