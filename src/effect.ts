/**
 * `commerce-rosetta/effect`: the same core for Effect users — decode, encode and translate as
 * `Effect`s failing with a tagged {@link TranslationError}, each codec as an Effect `Schema`
 * (wire ⇄ canonical), and a `Stream` pipeline for record streams.
 *
 * @since 0.1.0
 */
import { Data, Effect, Schema, SchemaIssue, SchemaTransformation, Stream } from "effect";
import { type CanonicalEvent, CanonicalEventSchema } from "./canonical/model.js";
// the library's runtime through its public entry points: the build keeps these imports (dist/effect.js
// loads dist/index.js and dist/codec-kit.js) instead of bundling a second copy of every codec
import { resolveCodec, translateRecord } from "./codec-kit.js";
import type { CodecOptions, FormatId } from "./core/codec.js";
import type { Issue, Loss } from "./core/result.js";
import { decode, encode, type NdjsonLine, type NdjsonReject, type ReadNdjsonOptions, readNdjson, translate } from "./index.js";
import type { TranslateOptions, Translation } from "./translate.js";
import type { WireOf } from "./types.js";

export { DeliveryError, sendSink, sendStream } from "./delivery/effect.js";
export { CanonicalEventSchema };

/**
 * The failure of a decode, encode or translation: the issues, each with a JSONPath.
 *
 * @example
 * import { Effect } from "effect"
 * import { decodeEffect } from "commerce-rosetta/effect"
 * Effect.runSyncExit(decodeEffect("customerio", 1)) // Failure(TranslationError)
 *
 * @category errors
 * @since 0.1.0
 */
export class TranslationError extends Data.TaggedError("TranslationError")<{ readonly errors: ReadonlyArray<Issue> }> {
  override get message(): string {
    return this.errors.map((e) => e.message).join("; ");
  }
}

/**
 * Decodes a payload of a format into canonical events.
 *
 * @example
 * import { Effect } from "effect"
 * import { decodeEffect } from "commerce-rosetta/effect"
 * Effect.runSync(decodeEffect("customerio", { type: "track", userId: "u", event: "Cart Viewed" }))
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeEffect = (
  format: FormatId,
  input: unknown,
  options: CodecOptions = {},
): Effect.Effect<ReadonlyArray<CanonicalEvent>, TranslationError> => {
  const r = decode(format, input, options);
  return r.ok ? Effect.succeed(r.value) : Effect.fail(new TranslationError({ errors: r.errors }));
};

/**
 * Encodes one canonical event into a format, with the losses.
 *
 * @example
 * import { Effect } from "effect"
 * import { encodeEffect } from "commerce-rosetta/effect"
 * Effect.runSync(encodeEffect("customerio", { type: "custom", name: "x", identity: { userId: "u" } }))
 *
 * @category encoding
 * @since 0.1.0
 */
export const encodeEffect = <F extends FormatId>(
  format: F,
  event: CanonicalEvent,
  options: CodecOptions = {},
): Effect.Effect<{ readonly value: WireOf<F>; readonly losses: ReadonlyArray<Loss> }, TranslationError> => {
  const r = encode(format, event, options);
  return r.ok ? Effect.succeed({ value: r.value, losses: r.losses }) : Effect.fail(new TranslationError({ errors: r.errors }));
};

/**
 * Translates one payload between formats.
 *
 * @example
 * import { Effect } from "effect"
 * import { translateEffect } from "commerce-rosetta/effect"
 * Effect.runSync(translateEffect({ type: "track", userId: "u", event: "Cart Viewed" }, { from: "segment", to: "canonical" }))
 *
 * @category translation
 * @since 0.1.0
 */
export const translateEffect = <To extends FormatId>(
  input: unknown,
  options: TranslateOptions & { readonly to: To },
): Effect.Effect<
  { readonly value: WireOf<To>; readonly losses: ReadonlyArray<Loss>; readonly event: CanonicalEvent },
  TranslationError
> => {
  const r = translate(input, options);
  return r.ok ? Effect.succeed(r) : Effect.fail(new TranslationError({ errors: r.errors }));
};

/**
 * A format's codec as an Effect `Schema`: decoding turns one wire record into a canonical event,
 * encoding turns a canonical event back into a wire record (losses are dropped here; use
 * {@link encodeEffect} to see them).
 *
 * @example
 * import { Schema } from "effect"
 * import { codecSchema } from "commerce-rosetta/effect"
 * const CustomerIo = codecSchema("customerio")
 * Schema.decodeUnknownSync(CustomerIo)({ type: "track", userId: "u", event: "Order Completed" }).type // "order_completed"
 *
 * @category schemas
 * @since 0.1.0
 */
export const codecSchema = (format: FormatId, options: CodecOptions = {}) => {
  const codec = resolveCodec(format);
  if (!codec.ok) throw new TypeError(codec.errors[0]?.message);
  const c = codec.value;
  return Schema.Unknown.pipe(
    Schema.decodeTo(
      CanonicalEventSchema,
      SchemaTransformation.transformEffect({
        decode: (input: unknown) => {
          const r = c.decode({ value: input, path: "$" }, options);
          return r.ok
            ? Effect.succeed(r.value)
            : Effect.fail(new SchemaIssue.InvalidValue({ message: r.errors.map((e) => e.message).join("; ") }, input));
        },
        encode: (event: CanonicalEvent) => {
          const r = c.encode(event, options);
          return r.ok
            ? Effect.succeed(r.value.value)
            : Effect.fail(new SchemaIssue.InvalidValue({ message: r.errors.map((e) => e.message).join("; ") }, event));
        },
      }),
    ),
  );
};

/**
 * One record's result in a translation stream: the translation, the record's position in the stream
 * (`index`, from 0) and, for NDJSON input, its line (from 1); a failure also carries the input, so a
 * rejects file can say which record failed and why (the CLI's `--rejects` shape: see {@link rejectOfStreamed}).
 *
 * @example
 * import type { StreamTranslation } from "commerce-rosetta/effect"
 * const t: StreamTranslation = { ok: false, errors: [], index: 3, line: 4, input: "{" }
 *
 * @category streaming
 * @since 0.1.0
 */
export type StreamTranslation<T = unknown> =
  | {
      readonly ok: true;
      readonly value: T;
      readonly losses: ReadonlyArray<Loss>;
      readonly event: CanonicalEvent;
      readonly index: number;
      readonly line?: number;
    }
  | {
      readonly ok: false;
      readonly errors: ReadonlyArray<Issue>;
      readonly index: number;
      readonly line?: number;
      readonly input: unknown;
    };

const placed = <T>(t: Translation<T>, index: number, line: number | undefined, input: unknown): StreamTranslation<T> => {
  if (t.ok) return line === undefined ? { ...t, index } : { ...t, index, line };
  return line === undefined ? { ok: false, errors: t.errors, index, input } : { ok: false, errors: t.errors, index, line, input };
};

/**
 * Translates a stream of parsed wire records, one result per record with its `index` in the stream
 * (a bad record never fails the stream).
 *
 * @example
 * import { Effect, Stream } from "effect"
 * import { translateStream } from "commerce-rosetta/effect"
 * const out = Stream.fromIterable([{ type: "track", userId: "u", event: "x" }]).pipe(translateStream({ from: "segment", to: "canonical" }))
 * Effect.runSync(Stream.runCollect(out))
 *
 * @category streaming
 * @since 0.1.0
 */
export const translateStream =
  <To extends FormatId>(options: TranslateOptions & { readonly to: To }) =>
  <E, R>(records: Stream.Stream<unknown, E, R>): Stream.Stream<StreamTranslation<WireOf<To>>, E, R> =>
    // line 0: a record that came from no line (translateLines leaves `line` out for it)
    translateLines(options)(Stream.map(records, (value): NdjsonLine => ({ ok: true, line: 0, value })));

/**
 * Translates a stream of NDJSON lines (as {@link readNdjsonStream} gives them): one result per line,
 * with its `index` and `line`; a line that is not JSON is a failure with the reject's reasons.
 *
 * @example
 * import { Readable } from "node:stream"
 * import { Effect, Stream } from "effect"
 * import { readNdjsonStream, translateLines } from "commerce-rosetta/effect"
 * const lines = readNdjsonStream(Readable.from(['{"type":"track","userId":"u","event":"x"}\n', "oops\n"]))
 * Effect.runPromise(Stream.runCollect(lines.pipe(translateLines({ from: "segment", to: "omnisend" }))))
 * // [{ ok: false, index: 0, line: 1, … (omnisend needs a contact) }, { ok: false, index: 1, line: 2, … }]
 *
 * @category streaming
 * @since 0.1.0
 */
export const translateLines =
  <To extends FormatId>(options: TranslateOptions & { readonly to: To }) =>
  <E, R>(lines: Stream.Stream<NdjsonLine, E, R>): Stream.Stream<StreamTranslation<WireOf<To>>, E, R> => {
    const from = resolveCodec(options.from, "from");
    const to = resolveCodec(options.to, "to");
    let index = 0;
    const lineOf = (l: NdjsonLine): number | undefined => (l.line > 0 ? l.line : undefined);
    if (!from.ok || !to.ok) {
      const errors = [...(from.ok ? [] : from.errors), ...(to.ok ? [] : to.errors)];
      return Stream.map(lines, (l) =>
        placed<WireOf<To>>({ ok: false, errors }, index++, lineOf(l), l.ok ? l.value : l.reject.input),
      );
    }
    return Stream.map(lines, (l) => {
      if (!l.ok) return placed<WireOf<To>>({ ok: false, errors: l.reject.errors }, index++, l.line, l.reject.input);
      const t = translateRecord({ value: l.value, path: "$" }, from.value, to.value, options) as Translation<WireOf<To>>;
      return placed(t, index++, lineOf(l), l.value);
    });
  };

/**
 * Reads NDJSON from a Node stream or any async iterable of strings or bytes as an Effect `Stream` of
 * numbered lines (see `readNdjson`): pulled with back-pressure; a read error fails the stream.
 *
 * @example
 * import { Readable } from "node:stream"
 * import { Effect, Stream } from "effect"
 * import { readNdjsonStream } from "commerce-rosetta/effect"
 * Effect.runPromise(Stream.runCollect(readNdjsonStream(Readable.from(['{"a":1}\n'])))) // [{ ok: true, line: 1, value: { a: 1 } }]
 *
 * @category streaming
 * @since 0.1.0
 */
export const readNdjsonStream = (
  source: AsyncIterable<string | Uint8Array>,
  options: ReadNdjsonOptions = {},
): Stream.Stream<NdjsonLine, Error> =>
  Stream.fromAsyncIterable(readNdjson(source, options), (e) => (e instanceof Error ? e : new Error(String(e))));

/**
 * The CLI's `--rejects` row of a failed stream result: its line (or its index + 1 when the input had
 * no lines), input and reasons.
 *
 * @example
 * import { rejectOfStreamed } from "commerce-rosetta/effect"
 * rejectOfStreamed({ ok: false, errors: [], index: 2, line: 3, input: {} }) // { line: 3, input: {}, errors: [] }
 *
 * @category streaming
 * @since 0.1.0
 */
export const rejectOfStreamed = (t: Extract<StreamTranslation, { readonly ok: false }>, file?: string): NdjsonReject => {
  const line = t.line ?? t.index + 1;
  return file === undefined ? { line, input: t.input, errors: t.errors } : { file, line, input: t.input, errors: t.errors };
};
