/**
 * The plain public API: decode a vendor payload into canonical events, encode a canonical event into
 * a vendor payload, and translate between any two formats — every function returns a value
 * (`{ ok: true, … } | { ok: false, errors }`) and never throws for bad input.
 *
 * @since 0.1.0
 */

import { v5 as uuidV5 } from "uuid";
import type { CanonicalEvent } from "./canonical/model.js";
import { applyUndo, coercionLosses, decodeCoercing, undoOf, withCoerceHint } from "./coerce.js";
import type { Codec, CodecOptions, FormatId, WireRecord } from "./core/codec.js";
import { copyOwn, isObject, type JsonObject, jsonEqual, notJsonAt, pathIndex, unsafeJson } from "./core/json.js";
import { fail, type Issue, issue, type Loss, lossList, lossOf, lossTo, type Result, succeed } from "./core/result.js";
import { codecOf, FORMAT_IDS } from "./formats/index.js";
import { completeIdentity, hasUsableIdentifier, type IdentityChoices } from "./identity.js";
import { applyPatch, type CoercedOrigin, patchBetween, stash, unstash } from "./lossless.js";
import type { WireOf } from "./types.js";

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
export interface TranslateOptions extends CodecOptions, IdentityChoices {
  readonly from: FormatId;
  readonly to: FormatId;
  /** Carry what the destination cannot represent in its free-form area (see `LOSSLESS_KEY`). */
  readonly lossless?: boolean | undefined;
  /** Reject a record on any loss (a renamed event is not a loss of meaning and passes). */
  readonly strict?: boolean | undefined;
  /** Supplies identifiers the source lacks (email, phone, vendor ids); never overrides what the event has. */
  readonly identity?: IdentityResolver | undefined;
  /** Give an event that lacks an id a deterministic UUID v5 derived from its source record. */
  readonly deriveIds?: boolean | undefined;
}

import { DERIVED_ID_NAMESPACE } from "./core/derived-id.js";

export { DERIVED_ID_NAMESPACE };

/**
 * A deterministic UUID v5 for a source record: the same record always gets the same id, so a re-run
 * or a retry dedups at the vendor (`messageId`, `eventID`, `uniqueId`).
 *
 * @example
 * import { deriveId } from "commerce-rosetta"
 * deriveId({ event: "x" }) === deriveId({ event: "x" }) // true
 *
 * @category translation
 * @since 0.1.0
 */
export const deriveId = (record: unknown): string => uuidV5(JSON.stringify(record) ?? "null", DERIVED_ID_NAMESPACE);

/**
 * A caller's source of identifiers: given the canonical event, the identifiers to add (or nothing).
 *
 * @example
 * import type { IdentityResolver } from "commerce-rosetta"
 * const byUser: IdentityResolver = (e) => (e.identity?.userId === "u-1" ? { email: "pat@example.com" } : undefined)
 *
 * @category models
 * @since 0.1.0
 */
export type IdentityResolver = (event: CanonicalEvent) => Partial<NonNullable<CanonicalEvent["identity"]>> | undefined;

/**
 * The outcome of translating one record: the destination payload (typed `T`: `translate` gives the
 * destination format's wire type) and the losses, or the errors.
 *
 * @example
 * import type { OmnisendEvent, Translation } from "commerce-rosetta"
 * const t: Translation<OmnisendEvent> = { ok: true, value: { eventName: "x", contact: { email: "a@example.com" } }, losses: [], event: { type: "custom", name: "x" } }
 *
 * @category models
 * @since 0.1.0
 */
export type Translation<T = unknown> =
  | { readonly ok: true; readonly value: T; readonly losses: ReadonlyArray<Loss>; readonly event: CanonicalEvent }
  | {
      readonly ok: false;
      readonly errors: ReadonlyArray<Issue>;
      /** Set when `coerce: true` would have read the record (the issues say how). */
      readonly coercible?: true;
    };

/**
 * The outcome of {@link encode}: the format's wire record (typed `T`) and the losses, or the errors.
 *
 * @example
 * import type { Encoding, TrackCall } from "commerce-rosetta"
 * const e: Encoding<TrackCall> = { ok: false, errors: [] }
 *
 * @category models
 * @since 0.1.0
 */
export type Encoding<T = unknown> =
  | { readonly ok: true; readonly value: T; readonly losses: ReadonlyArray<Loss> }
  | { readonly ok: false; readonly errors: ReadonlyArray<Issue> };

const unknownFormat = (id: string, path: string): Issue =>
  issue(
    path,
    `one of ${FORMAT_IDS.join(", ")}`,
    id,
    `unknown format ${JSON.stringify(id)}; known formats: ${FORMAT_IDS.join(", ")}`,
  );

/**
 * Runs a public entry point so that nothing escapes it: an input nested beyond `MAX_DEPTH`, or
 * holding what JSON cannot (a hole in an array, a function, a bigint), is an error at its path
 * before any codec sees it (unless `whole` is false: an envelope whose records are checked one by
 * one), and anything a codec throws becomes an error naming where.
 */
const guarded = <R>(
  input: unknown,
  run: () => R,
  base = "$",
  whole = true,
): R | { readonly ok: false; readonly errors: ReadonlyArray<Issue> } => {
  try {
    if (!whole || !unsafeJson(input)) return run();
  } catch (e) {
    const at = notJsonAt(input, base);
    return fail([
      issue(
        at?.path ?? base,
        "a JSON value the codec can read",
        undefined,
        `${at?.path ?? base}: ${at === undefined ? "could not be read" : `holds ${at.found}`} (${String((e as Error)?.message ?? e)})`,
      ),
    ]) as { ok: false; errors: ReadonlyArray<Issue> };
  }
  const at = notJsonAt(input, base) ?? { path: base, found: "a value JSON cannot hold" };
  return fail([issue(at.path, "a JSON value nested at most 1000 levels deep", undefined, `${at.path}: holds ${at.found}`)]) as {
    ok: false;
    errors: ReadonlyArray<Issue>;
  };
};

/** Options as given, or none when they are not an object (`undefined`, `null`, a number). */
const optionsOf = <O extends object>(options: O | undefined): O => (isObject(options) ? options : ({} as O));

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
  if (typeof id !== "string") return fail([issue(path, `one of ${FORMAT_IDS.join(", ")}`, id)]);
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
export const decode = (format: FormatId, input: unknown, options: CodecOptions = {}): Result<ReadonlyArray<CanonicalEvent>> =>
  guarded(input, () => decodeUnguarded(format, input, optionsOf(options)));

const decodeUnguarded = (format: FormatId, input: unknown, options: CodecOptions): Result<ReadonlyArray<CanonicalEvent>> => {
  const codec = resolveCodec(format);
  if (!codec.ok) return codec;
  const records = recordsOf(codec.value, input);
  if (!records.ok) return records;
  const events: Array<CanonicalEvent> = [];
  const errors: Array<Issue> = [];
  for (const record of records.value) {
    const r = decodeRestoring(record, codec.value, options);
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
export function encode<F extends FormatId>(format: F, event: CanonicalEvent, options?: CodecOptions): Encoding<WireOf<F>>;
export function encode(format: FormatId, event: CanonicalEvent, options: CodecOptions = {}): Encoding {
  return guarded(event, (): Encoding => {
    const codec = resolveCodec(format);
    if (!codec.ok) return codec;
    if (!isObject(event)) return fail([issue("$", "a canonical event (an object)", event)]) as Encoding;
    const r = codec.value.encode(event, optionsOf(options));
    return r.ok ? { ok: true, value: r.value.value, losses: r.value.losses } : r;
  });
}

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
export const translateRecord = (
  record: WireRecord,
  from: Codec,
  to: Codec,
  options: CodecOptions & Pick<TranslateOptions, "lossless" | "strict" | "identity" | "deriveIds" | "userId" | "anonymousId">,
): Translation => {
  // what a lossless stash of an earlier coerced translation says about the record as first sent
  const carry = CARRY;
  carry.coerced = undefined;
  let event: CanonicalEvent;
  let coerced: ReadonlyArray<Loss> = NOTHING_ADDED;
  let origin: CoercedOrigin | undefined;
  if (options.coerce === true) {
    const c = decodeCoercing(record, from, options, (r, o) => decodeRestoring(r, from, o, carry));
    if (!c.ok) return c;
    event = c.value;
    if (c.coercions.length > 0) {
      coerced = coercionLosses(c.coercions, from.id);
      origin = { from: from.id, undo: undoOf(c.coercions) };
    }
  } else {
    const decoded = decodeRestoring(record, from, options, carry);
    if (!decoded.ok) return coerceHint(record, from, options, decoded.errors);
    event = decoded.value;
  }
  // read now: the identity resolver below is the caller's code, and may translate too
  const earlier = carry.coerced as CoercedOrigin | undefined;

  // changed in place only when the codec vouches that the event is its own new object, or once copied
  let owned = from.freshEvents === true;
  let added: ReadonlyArray<Loss> = NOTHING_ADDED;
  if (options.identity !== undefined) {
    const enriched = withIdentity(event, options.identity, owned);
    if (enriched.event !== event) owned = true;
    event = enriched.event;
    added = enriched.added;
  }
  if (options.userId !== undefined || options.anonymousId !== undefined || NEEDS_IDENTITY.has(to.id)) {
    const completed = completeIdentity(event, to.id, options, owned);
    if (completed.added.length > 0) {
      owned = true;
      event = completed.event;
      added = added.length === 0 ? completed.added : added.concat(completed.added);
    }
  }
  if (options.deriveIds === true && (event.id === undefined || event.id === null || event.id === "")) {
    const id = deriveId(record.value);
    added = added.concat(lossTo("$.id", "defaulted", event.id, id, "derived from the source record (--derive-ids)"));
    const target = writable(event, owned);
    target.id = id;
    event = target as unknown as CanonicalEvent;
  }
  const home = earlier !== undefined && sameWire(earlier.from, to.id);
  // a record sent with only an empty userId/anonymousId beside an email goes home the same way: a
  // stand-in identifier lets the encoder write it, and the undo takes the stand-in away again
  let undo = home ? (earlier as CoercedOrigin).undo : undefined;
  let written = event;
  if (undo !== undefined && !hasUsableIdentifier(to.id, event.identity) && undo.some(isEmptyIdStep)) {
    const target = copyOwn(event as unknown as JsonObject);
    target.identity = { ...(event.identity ?? {}), anonymousId: PLACEHOLDER_ID };
    written = target as unknown as CanonicalEvent;
    undo = [["$.anonymousId", undefined] as const, ...undo];
  }
  const encoded = to.encode(written, options);
  if (!encoded.ok) return encoded;
  let value = encoded.value.value;
  let losses: ReadonlyArray<Loss> = added.length === 0 ? encoded.value.losses : composeLosses(added, encoded.value.losses);
  // back in the format the record was first sent in: give it back as sent
  if (undo !== undefined) value = applyUndo(value, undo);
  // this translation's coercions, or an earlier one's still away from home, travel on in a stash
  const carried = origin ?? (home ? undefined : earlier);
  if (options.lossless === true && (encoded.value.losses.length > 0 || carried !== undefined)) {
    const readBack = to.decode({ value, path: "$" }, options);
    if (!readBack.ok) return readBack;
    const stashed = stash(to.id, value, patchBetween(event, readBack.value), carried);
    if (stashed === undefined) {
      return {
        ok: false,
        errors: [
          issue(
            "$",
            `a record ${to.id} can hold without losses`,
            undefined,
            `$: ${to.id} has no free-form area, so lossless mode cannot carry ${describeLosses(encoded.value.losses)}`,
          ),
        ],
      };
    }
    value = stashed;
    losses = added;
  }
  if (options.strict === true) {
    // a coercion the caller asked for (coerce) is not a loss of meaning either
    const real = losses.filter((l) => l.kind !== "renamed");
    if (real.length > 0) {
      return {
        ok: false,
        errors: real.map((l) =>
          issue(
            l.path,
            `a value ${to.id} can carry as it is (strict mode)`,
            l.value,
            `${l.path}: ${l.kind} — ${l.reason} (strict mode)`,
          ),
        ),
      };
    }
  }
  if (coerced.length > 0) losses = coerced.concat(losses);
  return translated(value, losses, event);
};

/** Destinations that need an identifier: the identity step runs for them (cheap when one is there). */
const NEEDS_IDENTITY: ReadonlySet<string> = new Set(["customerio", "segment", "omnisend", "omnisend-api", "redo"]);

/** Stands in for an identifier while a record sent without one goes home (the undo takes it away again). */
const PLACEHOLDER_ID = "commerce-rosetta:coerced";
const isEmptyIdStep = (step: readonly [string, unknown]): boolean =>
  (step[0] === "$.userId" || step[0] === "$.anonymousId") && step[1] === "";

/** Customer.io and Segment share one wire shape. */
const sameWire = (a: string, b: string): boolean =>
  a === b || ((a === "customerio" || a === "segment") && (b === "customerio" || b === "segment"));

/** A decode failure, saying so when `coerce` would have read the record (only rejects pay for the check). */
const coerceHint = (record: WireRecord, from: Codec, options: CodecOptions, errors: ReadonlyArray<Issue>): Translation => {
  const c = decodeCoercing(record, from, options, (r, o) => decodeRestoring(r, from, o, { coerced: undefined }), errors);
  if (!c.ok) return fail(errors) as Translation;
  return { ok: false, errors: withCoerceHint(errors, c.coercions, record.path), coercible: true };
};

/** Out-parameter of `decodeRestoring`: the coercion origin a lossless stash carried. */
interface Carry {
  coerced: CoercedOrigin | undefined;
}
/** The one `Carry` of `translateRecord` (reset on entry, read before anything can re-enter). */
const CARRY: Carry = { coerced: undefined };

/**
 * A successful {@link Translation}. Built key by key, as every object a caller may keep is: an object
 * literal's allocation site can be pretenured once many of its objects are kept (see
 * bench/README.md#why-the-code-looks-like-this).
 */
const translated = (value: unknown, losses: ReadonlyArray<Loss>, event: CanonicalEvent): Translation => {
  const t = {} as { ok: true; value: unknown; losses: ReadonlyArray<Loss>; event: CanonicalEvent };
  t.ok = true;
  t.value = value;
  t.losses = losses;
  t.event = event;
  return t;
};

/**
 * The losses of resolve-then-encode relative to the source. Where the resolver set a path (v0 → v1)
 * and the encoder then dropped or changed it (v1 → v2), the net change is v0 → v2: nothing when
 * v2 is v0 again, else one loss from v0. The resolver's losses come first (those the encoder did not
 * touch), then the encoder's in order. Linear scans: the resolver adds a handful of paths at most.
 *
 * @example
 * composeLosses(
 *   [{ path: "$.identity.userId", kind: "defaulted", value: undefined, to: "u", reason: "supplied by the identity resolver" }],
 *   [{ path: "$.identity.userId", kind: "dropped", value: "u", reason: "omnisend contacts have no userId" }],
 * ) // [] — the resolver's userId was added and then dropped: the source had none, the output has none
 *
 * @category translation
 * @internal
 */
export const composeLosses = (added: ReadonlyArray<Loss>, encoded: ReadonlyArray<Loss>): ReadonlyArray<Loss> => {
  let out: Array<Loss> | undefined; // the encoder's losses, once one of them meets a resolver path
  let touched: Array<string> | undefined;
  for (let i = 0; i < encoded.length; i++) {
    const e = encoded[i] as Loss;
    let a: Loss | undefined;
    if (e.kind === "dropped" || e.kind === "coerced") {
      // the last resolver loss at this path (there is one per identity key)
      for (let j = added.length - 1; j >= 0; j--)
        if ((added[j] as Loss).path === e.path) {
          a = added[j];
          break;
        }
    }
    if (a === undefined) {
      out?.push(e);
      continue;
    }
    out ??= encoded.slice(0, i) as Array<Loss>;
    (touched ??= []).push(e.path);
    const result = e.kind === "dropped" ? undefined : e.to;
    if (jsonEqual(result, a.value)) continue;
    // the encoder's loss from the source's value: kind "dropped" when nothing was written
    out.push(
      "to" in e
        ? lossTo(e.path, result === undefined ? "dropped" : e.kind, a.value, e.to, e.reason)
        : lossOf(e.path, "dropped", a.value, e.reason),
    );
  }
  if (out === undefined || touched === undefined) {
    // a loop, not added.concat(encoded): concat takes a generic, slower path here (bench/README.md#why-the-code-looks-like-this)
    const all = lossList();
    for (let j = 0; j < added.length; j++) all.push(added[j] as Loss);
    for (let i = 0; i < encoded.length; i++) all.push(encoded[i] as Loss);
    return all;
  }
  const kept = lossList();
  for (let j = 0; j < added.length; j++) if (!touched.includes((added[j] as Loss).path)) kept.push(added[j] as Loss);
  for (let i = 0; i < out.length; i++) kept.push(out[i] as Loss);
  return kept;
};

const describeLosses = (losses: ReadonlyArray<Loss>): string => {
  const paths = losses.slice(0, 5).map((l) => l.path);
  return `${paths.join(", ")}${losses.length > 5 ? ` and ${losses.length - 5} more` : ""}`;
};

/** Decodes a record, first taking out a lossless-mode stash and applying it afterwards. */
const decodeRestoring = (record: WireRecord, from: Codec, options: CodecOptions, carry?: Carry): Result<CanonicalEvent> => {
  const taken = unstash(from.id, record.value);
  if (taken === undefined) return from.decode(record, options);
  if (carry !== undefined) carry.coerced = taken.coerced;
  const decoded = from.decode({ ...record, value: taken.value }, options);
  return decoded.ok ? succeed(applyPatch(decoded.value, taken.patch)) : decoded;
};

const IDENTITY_KEYS = ["userId", "anonymousId", "email", "phone", "redoCustomerId", "omnisendContactId"] as const;
/** Each identity key's path, built once (the same string every time, so comparing and counting paths is cheap). */
const IDENTITY_PATHS: ReadonlyArray<string> = IDENTITY_KEYS.map((k) => `$.identity.${k}`);
const NOTHING_ADDED: ReadonlyArray<Loss> = lossList();

/** The event itself when translation owns it (`owned`), else a shallow copy to change instead. */
const writable = (event: CanonicalEvent, owned: boolean): JsonObject =>
  owned ? (event as unknown as JsonObject) : copyOwn(event as unknown as JsonObject);

/**
 * Adds the resolver's identifiers the event lacks; each addition is reported as `defaulted`. The
 * event is changed in place when its codec built it new (`owned`: `Codec.freshEvents`), else
 * shallow-copied first (a custom decoder may hand back the caller's own object, or one it keeps);
 * its identity part is always copied.
 */
const withIdentity = (
  event: CanonicalEvent,
  resolve: IdentityResolver,
  owned: boolean,
): { event: CanonicalEvent; added: ReadonlyArray<Loss> } => {
  const extra = resolve(event) as JsonObject | undefined;
  if (extra === undefined) return { event, added: NOTHING_ADDED };
  const current = event.identity as JsonObject | null | undefined;
  let identity: JsonObject | undefined;
  let added: Array<Loss> | undefined;
  // named loads (the resolver's answers share a few shapes; a keyed load per key would be megamorphic)
  const values = [extra.userId, extra.anonymousId, extra.email, extra.phone, extra.redoCustomerId, extra.omnisendContactId];
  for (let i = 0; i < IDENTITY_KEYS.length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    const key = IDENTITY_KEYS[i] as string;
    const had = current?.[key];
    if (had !== undefined && had !== null) continue;
    identity ??= copyOwn(current);
    (added ??= lossList()).push(lossTo(IDENTITY_PATHS[i] as string, "defaulted", had, v, "supplied by the identity resolver"));
    identity[key] = v;
  }
  if (added === undefined) return { event, added: NOTHING_ADDED };
  const target = writable(event, owned);
  target.identity = identity;
  return { event: target as unknown as CanonicalEvent, added };
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
export function translate<To extends FormatId>(
  input: unknown,
  options: TranslateOptions & { readonly to: To },
): Translation<WireOf<To>>;
export function translate(input: unknown, options: TranslateOptions): Translation {
  return isObject(options)
    ? guarded(input, () => translateUnguarded(input, options))
    : { ok: false, errors: [issue("options", "an object with from and to (format ids)", options)] };
}

const translateUnguarded = (input: unknown, options: TranslateOptions): Translation => {
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
export function translateAll<To extends FormatId>(
  input: unknown,
  options: TranslateOptions & { readonly to: To },
): Result<ReadonlyArray<{ readonly path: string; readonly result: Translation<WireOf<To>> }>>;
export function translateAll(
  input: unknown,
  options: TranslateOptions,
): Result<ReadonlyArray<{ readonly path: string; readonly result: Translation }>> {
  return isObject(options)
    ? guarded(input, () => translateAllUnguarded(input, options), "$", false)
    : fail([issue("options", "an object with from and to (format ids)", options)]);
}

const translateAllUnguarded = (
  input: unknown,
  options: TranslateOptions,
): Result<ReadonlyArray<{ readonly path: string; readonly result: Translation }>> => {
  const from = resolveCodec(options.from, "from");
  if (!from.ok) return from;
  const to = resolveCodec(options.to, "to");
  if (!to.ok) return to;
  const records = recordsOf(from.value, input);
  if (!records.ok) return records;
  // one record's failure is its own result, never the others'
  return succeed(
    records.value.map((r) => ({
      path: r.path,
      result: guarded(r.value, () => translateRecord(r, from.value, to.value, options), r.path),
    })),
  );
};
