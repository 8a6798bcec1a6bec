/**
 * The plain public API: decode a vendor payload into canonical events, encode a canonical event into
 * a vendor payload, and translate between any two formats — every function returns a value
 * (`{ ok: true, … } | { ok: false, errors }`) and never throws for bad input.
 *
 * @since 0.1.0
 */
import type { CanonicalEvent } from "./canonical/model.js";
import type { Codec, CodecOptions, FormatId, WireRecord } from "./core/codec.js";
import { pathIndex } from "./core/json.js";
import { fail, type Issue, issue, type Loss, type Result, succeed } from "./core/result.js";
import { codecOf, FORMAT_IDS } from "./formats/index.js";

/**
 * Options of {@link translate}: the source and destination formats plus codec options.
 *
 * @example
 * import type { TranslateOptions } from "commerce-rosetta"
 * const o: TranslateOptions = { from: "segment", to: "omnisend" }
 *
 * @category models
 * @since 0.1.0
 */
export interface TranslateOptions extends CodecOptions {
  readonly from: FormatId;
  readonly to: FormatId;
}

/**
 * The outcome of translating one record: the destination payload and the losses, or the errors.
 *
 * @example
 * import type { Translation } from "commerce-rosetta"
 * const t: Translation = { ok: true, value: {}, losses: [] }
 *
 * @category models
 * @since 0.1.0
 */
export type Translation =
  | { readonly ok: true; readonly value: unknown; readonly losses: ReadonlyArray<Loss>; readonly event: CanonicalEvent }
  | { readonly ok: false; readonly errors: ReadonlyArray<Issue> };

const unknownFormat = (id: string, path: string): Issue =>
  issue(
    path,
    `one of ${FORMAT_IDS.join(", ")}`,
    id,
    `unknown format ${JSON.stringify(id)}; known formats: ${FORMAT_IDS.join(", ")}`,
  );

/**
 * Looks up a codec, or returns an issue listing the known formats.
 *
 * @example
 * import { resolveCodec } from "commerce-rosetta"
 * resolveCodec("segment").ok // true
 *
 * @category codecs
 * @since 0.1.0
 */
export const resolveCodec = (id: string, path = "format"): Result<Codec> => {
  const codec = codecOf(id);
  return codec === undefined ? fail([unknownFormat(id, path)]) : succeed(codec);
};

/**
 * Splits a parsed JSON document of a format into its wire records: arrays, batch envelopes
 * (`{batch:[…]}`, `{events:[…]}`) and Attribuly responses are opened; anything else is one record.
 *
 * @example
 * import { customerio, recordsOf } from "commerce-rosetta"
 * recordsOf(customerio, { batch: [{}, {}] }) // two records
 *
 * @category decoding
 * @since 0.1.0
 */
export const recordsOf = (codec: Codec, document: unknown, path = "$"): Result<ReadonlyArray<WireRecord>> => {
  if (!Array.isArray(document)) return codec.explode(document, path);
  const out: Array<WireRecord> = [];
  for (let i = 0; i < document.length; i++) {
    const r = codec.explode(document[i], pathIndex(path, i));
    if (!r.ok) return r;
    for (const rec of r.value) out.push(rec);
  }
  return succeed(out);
};

/**
 * Decodes a payload of a format (one event, an array or a bulk envelope) into canonical events.
 * Fails with every issue found, each with its JSONPath.
 *
 * @example
 * import { decode } from "commerce-rosetta"
 * const r = decode("customerio", { type: "track", userId: "u", event: "Order Completed", properties: { total: 27.5, currency: "USD" } })
 * // r.ok && r.value[0].order.total === 27.5
 *
 * @category decoding
 * @since 0.1.0
 */
export const decode = (format: FormatId, input: unknown, options: CodecOptions = {}): Result<ReadonlyArray<CanonicalEvent>> => {
  const codec = resolveCodec(format);
  if (!codec.ok) return codec;
  const records = recordsOf(codec.value, input);
  if (!records.ok) return records;
  const events: Array<CanonicalEvent> = [];
  const errors: Array<Issue> = [];
  for (const record of records.value) {
    const r = codec.value.decode(record, options);
    if (r.ok) events.push(r.value);
    else for (const e of r.errors) errors.push(e);
  }
  return errors.length > 0 ? fail(errors) : succeed(events);
};

/**
 * Encodes one canonical event into a format, reporting what the format could not carry.
 *
 * @example
 * import { encode } from "commerce-rosetta"
 * const r = encode("customerio", { type: "order_completed", name: "Order Completed", identity: { userId: "u" }, order: { total: 27.5, currency: "USD" } })
 * // r.ok && r.value.properties.total === 27.5 && r.losses.length === 0
 *
 * @category encoding
 * @since 0.1.0
 */
export const encode = (
  format: FormatId,
  event: CanonicalEvent,
  options: CodecOptions = {},
):
  | { readonly ok: true; readonly value: unknown; readonly losses: ReadonlyArray<Loss> }
  | { readonly ok: false; readonly errors: ReadonlyArray<Issue> } => {
  const codec = resolveCodec(format);
  if (!codec.ok) return codec;
  const r = codec.value.encode(event, options);
  return r.ok ? { ok: true, value: r.value.value, losses: r.value.losses } : r;
};

/**
 * Translates one wire record from one codec to another through the canonical model.
 *
 * @example
 * import { customerio, translateRecord, codecOf } from "commerce-rosetta"
 * translateRecord({ value: { type: "track", userId: "u", event: "Cart Viewed" }, path: "$" }, customerio, codecOf("canonical")!, {})
 *
 * @category translation
 * @since 0.1.0
 */
export const translateRecord = (record: WireRecord, from: Codec, to: Codec, options: CodecOptions): Translation => {
  const decoded = from.decode(record, options);
  if (!decoded.ok) return decoded;
  const encoded = to.encode(decoded.value, options);
  if (!encoded.ok) return encoded;
  return { ok: true, value: encoded.value.value, losses: encoded.value.losses, event: decoded.value };
};

/**
 * Translates one payload (a single event) from one format to another: decode, validate, encode.
 *
 * @example
 * import { translate } from "commerce-rosetta"
 * const r = translate({ type: "track", userId: "u", event: "Product Viewed", properties: { product_id: "p", price: 5 } }, { from: "segment", to: "canonical" })
 * // r.ok && r.value.products[0].price === 5
 *
 * @category translation
 * @since 0.1.0
 */
export const translate = (input: unknown, options: TranslateOptions): Translation => {
  const from = resolveCodec(options.from, "from");
  if (!from.ok) return from;
  const to = resolveCodec(options.to, "to");
  if (!to.ok) return to;
  const records = recordsOf(from.value, input);
  if (!records.ok) return records;
  if (records.value.length !== 1) {
    return {
      ok: false,
      errors: [
        issue(
          "$",
          "exactly one event",
          input,
          `$: holds ${records.value.length} events; use translateAll for envelopes and arrays`,
        ),
      ],
    };
  }
  return translateRecord(records.value[0] as WireRecord, from.value, to.value, options);
};

/**
 * Translates every record of a payload (array, bulk envelope, Attribuly response), one result each,
 * so one bad record never fails the others.
 *
 * @example
 * import { translateAll } from "commerce-rosetta"
 * translateAll({ batch: [] }, { from: "customerio", to: "canonical" }) // { ok: true, value: [] }
 *
 * @category translation
 * @since 0.1.0
 */
export const translateAll = (
  input: unknown,
  options: TranslateOptions,
): Result<ReadonlyArray<{ readonly path: string; readonly result: Translation }>> => {
  const from = resolveCodec(options.from, "from");
  if (!from.ok) return from;
  const to = resolveCodec(options.to, "to");
  if (!to.ok) return to;
  const records = recordsOf(from.value, input);
  if (!records.ok) return records;
  return succeed(records.value.map((r) => ({ path: r.path, result: translateRecord(r, from.value, to.value, options) })));
};
