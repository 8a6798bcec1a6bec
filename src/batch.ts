/**
 * Batching for every destination: groups encoded records into the format's bulk envelope (Customer.io
 * / Segment `{ batch: [...] }`, a Redo bulk request, an Attribuly response page), at most the
 * format's limit per envelope. Omnisend, Omnisend's Events API (`omnisend-api`) and canonical have no
 * bulk envelope: their records are sent or written one by one, and `toBatches` says so with an issue.
 *
 * @since 0.1.0
 */
import type { EncodedItem, FormatId } from "./core/codec.js";
import { fail, issue, type Result } from "./core/result.js";
import { codecOf, FORMAT_IDS } from "./formats/index.js";
import type { AttribulyResponse, RedoBulkRequest, TrackBatch } from "./types.js";

/**
 * The bulk envelope of each format that has one (`unknown` for the others).
 *
 * @example
 * import type { BatchOf } from "commerce-rosetta"
 * type R = BatchOf<"redo"> // RedoBulkRequest
 *
 * @category batching
 * @since 0.1.0
 */
export type BatchOf<F> = F extends "customerio" | "segment"
  ? TrackBatch
  : F extends "redo"
    ? RedoBulkRequest
    : F extends "attribuly"
      ? AttribulyResponse
      : unknown;

/**
 * The largest batch a format allows, or `undefined` when it has no bulk envelope.
 *
 * @example
 * import { batchLimit } from "commerce-rosetta"
 * batchLimit("redo") // 100
 * batchLimit("omnisend") // undefined
 *
 * @category batching
 * @since 0.1.0
 */
export const batchLimit = (format: FormatId): number | undefined => {
  const codec = codecOf(format);
  return codec?.batch === undefined ? undefined : codec.maxBatch;
};

/**
 * Groups encoded records (each with the canonical event it came from, as `encode` or `translate`
 * gave them) into the format's bulk envelopes of at most `size` records each (default: the
 * format's limit). Fails with an issue for a size over the limit or a format without envelopes.
 *
 * @example
 * import { encode, toBatches } from "commerce-rosetta"
 * const event = { type: "custom", name: "Signed Up", identity: { email: "pat@example.com" } } as const
 * const e = encode("redo", event)
 * const r = e.ok ? toBatches("redo", [{ value: e.value, event }]) : e
 * // r.ok && r.value[0].events.length === 1
 *
 * @category batching
 * @since 0.1.0
 */
export const toBatches = <F extends FormatId>(
  format: F,
  items: ReadonlyArray<EncodedItem>,
  size?: number,
): Result<ReadonlyArray<BatchOf<F>>> => {
  const codec = codecOf(format);
  if (codec === undefined)
    return fail([issue("format", `one of ${FORMAT_IDS.join(", ")}`, format, `format: unknown format ${JSON.stringify(format)}`)]);
  if (codec.batch === undefined)
    return fail([
      issue(
        "format",
        "a format with a bulk envelope",
        format,
        `format: ${format} has no bulk envelope; send its records one by one`,
      ),
    ]);
  return codec.batch(items, size ?? codec.maxBatch ?? items.length) as Result<ReadonlyArray<BatchOf<F>>>;
};
