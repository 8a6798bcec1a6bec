/**
 * `rosetta convert`: streams records from files or stdin through decode → encode, writes NDJSON,
 * writes each rejected record with its line number and reasons, and accounts for every record
 * (read = converted + rejected).
 *
 * @since 0.1.0
 */
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import type { Readable, Writable } from "node:stream";
import type { Codec, CodecOptions, EncodedItem } from "../core/codec.js";
import type { Issue, Loss } from "../core/result.js";
import { readJsonUnits } from "../stream/lines.js";
import { type IdentityResolver, recordsOf, translateRecord } from "../translate.js";

/** @internal */
export interface ConvertOptions extends CodecOptions {
  readonly lossless?: boolean | undefined;
  readonly strict?: boolean | undefined;
  readonly identity?: IdentityResolver | undefined;
  readonly from: Codec;
  readonly to: Codec;
  readonly files: ReadonlyArray<string>;
  readonly out?: string | undefined;
  readonly rejects?: string | undefined;
  readonly batch?: number | undefined;
  readonly stdin: Readable;
  readonly stdout: Writable;
}

/** @internal */
export interface ConvertSummary {
  read: number;
  converted: number;
  rejected: number;
  losses: number;
  /** Loss counts per canonical path (array indices as `[*]`) and kind. */
  lossesByPath: Record<string, Record<string, number>>;
  /** Per canonical event type: events converted and losses. */
  byType: Record<string, { converted: number; losses: number }>;
}

/** Writes a chunk, waiting for `drain` when the destination's buffer is full (back-pressure). */
const write = (stream: Writable, chunk: string): Promise<void> | undefined =>
  stream.write(chunk) ? undefined : new Promise((resolve) => stream.once("drain", resolve));

const end = (stream: Writable): Promise<void> =>
  new Promise((resolve, reject) => {
    stream.once("error", reject);
    stream.end(() => resolve());
  });

const openOut = (path: string): Promise<WriteStream> =>
  new Promise((resolve, reject) => {
    const s = createWriteStream(path);
    s.once("open", () => resolve(s));
    s.once("error", reject);
  });

/**
 * Runs a conversion; resolves with the summary. I/O errors reject.
 *
 * @internal
 */
export const runConvert = async (options: ConvertOptions): Promise<ConvertSummary> => {
  const { from, to } = options;
  const summary: ConvertSummary = { read: 0, converted: 0, rejected: 0, losses: 0, lossesByPath: {}, byType: {} };
  const out = options.out !== undefined ? await openOut(options.out) : options.stdout;
  const rejects = options.rejects !== undefined ? await openOut(options.rejects) : undefined;
  const batchSize = options.batch;
  let pending: Array<EncodedItem> = [];

  const flushBatch = async (): Promise<void> => {
    if (pending.length === 0 || to.batch === undefined || batchSize === undefined) return;
    const r = to.batch(pending, batchSize);
    pending = [];
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("; "));
    let text = "";
    for (const env of r.value) text += `${JSON.stringify(env)}\n`;
    await write(out, text);
  };

  const reject = async (line: number, input: unknown, errors: ReadonlyArray<Issue>, file: string | undefined): Promise<void> => {
    summary.rejected++;
    if (rejects === undefined) return;
    const row = file === undefined ? { line, input, errors } : { file, line, input, errors };
    await write(rejects, `${JSON.stringify(row)}\n`);
  };

  const count = (type: string, losses: ReadonlyArray<Loss>): void => {
    summary.converted++;
    summary.losses += losses.length;
    const t = (summary.byType[type] ??= { converted: 0, losses: 0 });
    t.converted++;
    t.losses += losses.length;
    for (const l of losses) {
      const path = l.path.replace(/\[\d+\]/g, "[*]");
      const kinds = (summary.lossesByPath[path] ??= {});
      kinds[l.kind] = (kinds[l.kind] ?? 0) + 1;
    }
  };

  const sources: ReadonlyArray<{ stream: Readable; file: string | undefined }> =
    options.files.length === 0
      ? [{ stream: options.stdin, file: undefined }]
      : options.files.map((f) => ({ stream: f === "-" ? options.stdin : createReadStream(f), file: f === "-" ? undefined : f }));

  for (const { stream, file } of sources) {
    for await (const unit of readJsonUnits(stream)) {
      if (!unit.ok) {
        summary.read++;
        await reject(
          unit.line,
          unit.text,
          [{ _tag: "Issue", path: "$", expected: "a JSON value", message: `line ${unit.line}: not JSON: ${unit.error}` }],
          file,
        );
        continue;
      }
      const records = recordsOf(from, unit.value);
      if (!records.ok) {
        summary.read++;
        await reject(unit.line, unit.value, records.errors, file);
        continue;
      }
      let text = "";
      for (const record of records.value) {
        summary.read++;
        const r = translateRecord(record, from, to, options);
        if (!r.ok) {
          if (text !== "") {
            await write(out, text);
            text = "";
          }
          await reject(unit.line, record.value, r.errors, file);
          continue;
        }
        count(r.event.type, r.losses);
        if (batchSize !== undefined && to.batch !== undefined) {
          pending.push({ value: r.value, event: r.event });
          if (pending.length >= batchSize) await flushBatch();
        } else {
          text += `${JSON.stringify(r.value)}\n`;
        }
      }
      if (text !== "") await write(out, text);
    }
  }
  await flushBatch();
  if (out !== options.stdout) await end(out);
  if (rejects !== undefined) await end(rejects);
  return summary;
};
