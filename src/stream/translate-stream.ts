/**
 * Translation as streams, for embedding in ETL jobs: a Node `Transform` and a WHATWG
 * `TransformStream`, both in object mode. Each input chunk is one parsed document (a payload, an
 * array or a bulk envelope); each output chunk is one record's result — the translated payload with
 * its losses, or the errors — so one bad record never fails the stream.
 *
 * @since 0.1.0
 */
import { Transform } from "node:stream";
import type { CanonicalEvent } from "../canonical/model.js";
import type { Issue, Loss } from "../core/result.js";
import { recordsOf, resolveCodec, type TranslateOptions, translateRecord } from "../translate.js";

/**
 * One record's result in a translation stream: where the record was in its document, and the
 * translation or the errors.
 *
 * @example
 * import type { StreamedTranslation } from "commerce-rosetta"
 * const r: StreamedTranslation = { index: 0, path: "$", ok: false, errors: [] }
 *
 * @category streaming
 * @since 0.1.0
 */
export type StreamedTranslation =
  | {
      readonly index: number;
      readonly path: string;
      readonly ok: true;
      readonly value: unknown;
      readonly losses: ReadonlyArray<Loss>;
      readonly event: CanonicalEvent;
    }
  | {
      readonly index: number;
      readonly path: string;
      readonly ok: false;
      readonly errors: ReadonlyArray<Issue>;
      readonly input: unknown;
    };

/** The translation of one document into its records' results. */
const translator = (options: TranslateOptions): ((document: unknown, index: number) => Array<StreamedTranslation>) => {
  const from = resolveCodec(options.from, "from");
  const to = resolveCodec(options.to, "to");
  if (!from.ok) throw new TypeError(from.errors[0]?.message);
  if (!to.ok) throw new TypeError(to.errors[0]?.message);
  return (document, index) => {
    const records = recordsOf(from.value, document);
    if (!records.ok) return [{ index, path: "$", ok: false, errors: records.errors, input: document }];
    return records.value.map((record): StreamedTranslation => {
      const r = translateRecord(record, from.value, to.value, options);
      return r.ok
        ? { index, path: record.path, ok: true, value: r.value, losses: r.losses, event: r.event }
        : { index, path: record.path, ok: false, errors: r.errors, input: record.value };
    });
  };
};

/**
 * A Node `Transform` (object mode) from parsed documents to {@link StreamedTranslation}s, in order,
 * with Node's back-pressure.
 *
 * @example
 * import { Readable } from "node:stream"
 * import { createTranslateStream } from "commerce-rosetta"
 * Readable.from([{ type: "track", userId: "u", event: "Cart Viewed" }])
 *   .pipe(createTranslateStream({ from: "segment", to: "canonical" }))
 *   .on("data", (r) => console.log(r.ok))
 *
 * @category streaming
 * @since 0.1.0
 */
export const createTranslateStream = (options: TranslateOptions): Transform => {
  const run = translator(options);
  let index = 0;
  return new Transform({
    objectMode: true,
    transform(document: unknown, _encoding, callback) {
      for (const r of run(document, index++)) this.push(r);
      callback();
    },
  });
};

/**
 * A WHATWG `TransformStream` from parsed documents to {@link StreamedTranslation}s (for web
 * streams, Deno-style pipelines, `fetch` bodies).
 *
 * @example
 * import { createTranslateTransformStream } from "commerce-rosetta"
 * const ts = createTranslateTransformStream({ from: "segment", to: "omnisend", identity: () => ({ email: "a@b.c" }) })
 *
 * @category streaming
 * @since 0.1.0
 */
export const createTranslateTransformStream = (options: TranslateOptions): TransformStream<unknown, StreamedTranslation> => {
  const run = translator(options);
  let index = 0;
  return new TransformStream<unknown, StreamedTranslation>({
    transform(document, controller) {
      for (const r of run(document, index++)) controller.enqueue(r);
    },
  });
};
