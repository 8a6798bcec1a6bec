/**
 * The contract every vendor format implements: split a parsed document into wire records, decode
 * one record into a canonical event, encode a canonical event into one wire record (with the losses
 * it incurred), and group encoded records into the vendor's bulk envelope.
 *
 * @since 0.1.0
 */
import type { CanonicalEvent, EventType } from "../canonical/model.js";
import type { Encoded, Result } from "./result.js";

/**
 * The ids of the formats the library reads and writes.
 *
 * @example
 * import type { FormatId } from "commerce-rosetta"
 * const f: FormatId = "omnisend"
 *
 * @category models
 * @since 0.1.0
 */
export type FormatId = "customerio" | "segment" | "redo" | "omnisend" | "omnisend-api" | "attribuly" | "canonical";

/**
 * Options that change how a codec reads or writes.
 *
 * @example
 * import type { CodecOptions } from "commerce-rosetta"
 * const o: CodecOptions = { names: { order_completed: "Purchase" }, zone: "America/New_York" }
 *
 * @category models
 * @since 0.1.0
 */
export interface CodecOptions {
  /** Event-name overrides for the destination: canonical type → the name to write. */
  readonly names?: Partial<Record<EventType, string>> | undefined;
  /** IANA zone of zone-less wall-clock times (Attribuly `event_at`). Default `UTC`. */
  readonly zone?: string | undefined;
  /** Unit of Attribuly's integer prices. Default `minor`. */
  readonly moneyUnit?: "minor" | "major" | undefined;
  /** How to read a zone-less wall-clock time the zone showed twice (DST fold). Default `earlier`. */
  readonly ambiguous?: "earlier" | "later" | "reject" | undefined;
  /** The `origin` omnisend-api writes (Omnisend's integration origin). Default: the decoded event's, else `api`. */
  readonly origin?: string | undefined;
}

/**
 * One wire record found in an input document, with the JSONPath where it was found and, when it
 * came inside an envelope (`{batch:[…]}`, `{events:[…]}`, an Attribuly response), that envelope's
 * other fields.
 *
 * @example
 * import type { WireRecord } from "commerce-rosetta"
 * const r: WireRecord = { value: { event: "x" }, path: "$.batch[0]", envelope: { sentAt: "2024-01-01T00:00:00Z" } }
 *
 * @category models
 * @since 0.1.0
 */
export interface WireRecord {
  readonly value: unknown;
  readonly path: string;
  readonly envelope?: { readonly [key: string]: unknown } | undefined;
}

/**
 * An encoded record paired with the canonical event it came from, as given to {@link Codec.batch}.
 *
 * @example
 * import type { EncodedItem } from "commerce-rosetta"
 * const i: EncodedItem = { value: {}, event: { type: "custom", name: "x" } }
 *
 * @category models
 * @since 0.1.0
 */
export interface EncodedItem {
  readonly value: unknown;
  readonly event: CanonicalEvent;
}

/**
 * A two-way codec between one vendor format and the canonical model.
 *
 * @example
 * import { customerio } from "commerce-rosetta/customerio"
 * const r = customerio.decode({ value: { type: "track", userId: "u", event: "Order Completed" }, path: "$" }, {})
 *
 * @category models
 * @since 0.1.0
 */
export interface Codec {
  readonly id: FormatId;
  /** One line for `--help`. */
  readonly description: string;
  /** Splits one parsed JSON document (not an array: arrays are split by the caller) into its records. */
  readonly explode: (document: unknown, path: string) => Result<ReadonlyArray<WireRecord>>;
  /** Decodes one wire record, validating it against the format's schema and limits. */
  readonly decode: (record: WireRecord, options: CodecOptions) => Result<CanonicalEvent>;
  /**
   * True when `decode` returns a new event object on every call: not its input or a part of it, not
   * an object it keeps. Translation may then add the identity resolver's identifiers to that event
   * in place instead of copying it first. Leave it out unless that holds (the built-in codecs set it).
   */
  readonly freshEvents?: boolean;
  /** Encodes one canonical event; what the format cannot hold is in `losses`. */
  readonly encode: (event: CanonicalEvent, options: CodecOptions) => Result<Encoded>;
  /** Groups encoded records into the format's bulk envelopes of at most `size` records each. */
  readonly batch?: (items: ReadonlyArray<EncodedItem>, size: number) => Result<ReadonlyArray<unknown>>;
  /** The largest `--batch` the format allows. */
  readonly maxBatch?: number;
  /** The vendor's limit on one serialized record, in bytes (Customer.io: 32 KB per event). */
  readonly maxRecordBytes?: number;
}
