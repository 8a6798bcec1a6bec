/**
 * `commerce-rosetta/effect`: the same core for Effect users — decode, encode and translate as
 * `Effect`s failing with a tagged {@link TranslationError}, each codec as an Effect `Schema`
 * (wire ⇄ canonical), and a `Stream` pipeline for record streams.
 *
 * @since 0.1.0
 */
import { Data, Effect, Schema, SchemaIssue, SchemaTransformation, Stream } from "effect";
import { type CanonicalEvent, CanonicalEventSchema } from "./canonical/model.js";
import type { CodecOptions, FormatId } from "./core/codec.js";
import type { Issue, Loss } from "./core/result.js";
import {
  decode,
  encode,
  resolveCodec,
  type TranslateOptions,
  type Translation,
  translate,
  translateRecord,
} from "./translate.js";

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
export const encodeEffect = (
  format: FormatId,
  event: CanonicalEvent,
  options: CodecOptions = {},
): Effect.Effect<{ readonly value: unknown; readonly losses: ReadonlyArray<Loss> }, TranslationError> => {
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
export const translateEffect = (
  input: unknown,
  options: TranslateOptions,
): Effect.Effect<
  { readonly value: unknown; readonly losses: ReadonlyArray<Loss>; readonly event: CanonicalEvent },
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
 * Translates a stream of parsed wire records, one {@link Translation} per record (a bad record
 * never fails the stream).
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
  (options: TranslateOptions) =>
  <E, R>(records: Stream.Stream<unknown, E, R>): Stream.Stream<Translation, E, R> => {
    const from = resolveCodec(options.from, "from");
    const to = resolveCodec(options.to, "to");
    if (!from.ok || !to.ok) {
      const errors = [...(from.ok ? [] : from.errors), ...(to.ok ? [] : to.errors)];
      return Stream.map(records, (): Translation => ({ ok: false, errors }));
    }
    return Stream.map(records, (value) => translateRecord({ value, path: "$" }, from.value, to.value, options));
  };
