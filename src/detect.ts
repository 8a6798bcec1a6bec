/**
 * Format detection for `--from auto` and `rosetta detect`: recognises which format a parsed record
 * is in from structural signatures (the keys and value kinds only one format uses), never by trying
 * every decoder, and says which keys and values decided it. A record that carries the signatures of
 * several formats, or of none, is answered with the candidates and the reason, never guessed.
 *
 * @since 0.1.0
 */
import { isEventType } from "./canonical/event-types.js";
import type { FormatId } from "./core/codec.js";
import { isObject, type JsonObject, notJsonAt, own, pathIndex, unsafeJson } from "./core/json.js";
import { DETAILS, ITEM_FIELDS, ITEM_KEYS, KIND_SECTIONS } from "./formats/attribuly/fields.js";

/**
 * What {@link detectFormat} found: the format, the record's shape and the keys that decided it; or
 * the candidates (none, or several) and why no single format was chosen.
 *
 * @example
 * import type { DetectResult } from "commerce-rosetta"
 * const r: DetectResult = { ok: false, candidates: ["redo", "omnisend"], reason: "eventName with both customer and contact" }
 *
 * @category models
 * @since 0.1.0
 */
export type DetectResult =
  | {
      readonly ok: true;
      readonly format: FormatId;
      /** The record's shape in words: `"customerio track call"`, `"redo bulk request {events:[…]}"`, … */
      readonly shape: string;
      /** Which keys and values decided it. */
      readonly reason: string;
    }
  | {
      readonly ok: false;
      /** The formats the record could be (empty when it matches none). */
      readonly candidates: ReadonlyArray<FormatId>;
      readonly reason: string;
      /** Where the record stops being readable JSON (nesting too deep, a hole in an array), when that is why. */
      readonly path?: string;
    };

/** One signature a record satisfies. `strong` signatures beat weak ones (generic keys only). */
interface Match {
  readonly format: FormatId;
  readonly shape: string;
  readonly reason: string;
  readonly strong: boolean;
  /** The key whose meaning the signature shares with another format (`eventName`), if any. */
  readonly anchor?: string;
  /** Top-level keys only this format uses, corroborating the match when an anchor is shared. */
  readonly support: ReadonlyArray<string>;
}

/** Keys only Redo's custom event uses at its top level (Omnisend's counterparts are spelled differently). */
const REDO_ONLY = ["eventTimestamp", "uniqueId", "value", "valueCurrency", "data"] as const;
/** Keys only Omnisend's customer event uses at its top level. */
const OMNISEND_ONLY = ["eventTime", "eventID", "origin", "lineItems", "order", "properties"] as const;

/** Attribuly item keys that also read as plain English elsewhere; alone they are weak evidence. */
const GENERIC_ITEM_KEYS: ReadonlySet<string> = new Set(["products", "email", "ad", "creator"]);
/** The item's scalar fields (string or null). */
const ITEM_SCALARS: ReadonlySet<string> = new Set(ITEM_FIELDS.map((f) => f.wire));
/** The item's object sections (object or null). */
const ITEM_SECTIONS: ReadonlySet<string> = new Set([...DETAILS.map((d) => d.wire), ...KIND_SECTIONS.map((k) => k.section)]);

const has = (o: JsonObject, key: string): boolean => Object.hasOwn(o, key);
const present = (o: JsonObject, keys: ReadonlyArray<string>): Array<string> => keys.filter((k) => has(o, k));
const list = (keys: ReadonlyArray<string>): string => keys.join(", ");
const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
};
const kindOf = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "an array" : isObject(v) ? "an object" : `a ${typeof v}`;

// ---------------------------------------------------------------------------------------------
// signatures of single records
// ---------------------------------------------------------------------------------------------

const isTrackCall = (o: unknown): o is JsonObject =>
  isObject(o) && own(o, "type") === "track" && typeof own(o, "event") === "string";

const isRedoEvent = (o: unknown): o is JsonObject =>
  isObject(o) && typeof own(o, "eventName") === "string" && isObject(own(o, "customer"));

const trackCall = (o: JsonObject): Match | undefined => {
  if (!isTrackCall(o)) return undefined;
  const who = present(o, ["userId", "anonymousId"]);
  return {
    format: "customerio",
    shape: "customerio track call",
    reason: `type is "track" and event is a string (${show(o.event)}); ${
      who.length > 0 ? `identified by ${list(who)}` : "no userId or anonymousId (decoding will say so)"
    } — a Customer.io / Segment track call (segment shares this codec)`,
    strong: true,
    support: [],
  };
};

const batchEnvelope = (o: JsonObject, hints: Array<string>): Match | undefined => {
  const batch = own(o, "batch");
  if (!Array.isArray(batch) || has(o, "event")) return undefined;
  const bad = batch.findIndex((e) => !isTrackCall(e));
  if (bad >= 0) {
    hints.push(`batch is an array but $.batch[${bad}] is not a track call (type "track" + event string)`);
    return undefined;
  }
  return {
    format: "customerio",
    shape: "customerio batch envelope {batch:[…]}",
    reason:
      batch.length === 0
        ? "batch is an empty array and there is no event key — a Customer.io / Segment batch envelope with no calls"
        : `batch is an array of ${batch.length} track call(s) (type "track" + event string) — a Customer.io / Segment batch envelope`,
    strong: true,
    support: [],
  };
};

const redoEvent = (o: JsonObject): Match | undefined => {
  if (!isRedoEvent(o)) return undefined;
  const support = present(o, REDO_ONLY);
  return {
    format: "redo",
    shape: "redo custom event",
    reason: `eventName is a string (${show(o.eventName)}) and customer is an object${
      support.length > 0 ? `; Redo keys ${list(support)}` : ""
    } — a Redo custom event`,
    strong: true,
    anchor: "eventName",
    support,
  };
};

const redoBulk = (o: JsonObject, hints: Array<string>): Match | undefined => {
  const events = own(o, "events");
  if (!Array.isArray(events) || has(o, "code") || has(o, "eventName")) return undefined;
  if (events.length === 0) {
    hints.push("events is an empty array: nothing in it says whose bulk request it is");
    return undefined;
  }
  const bad = events.findIndex((e) => !isRedoEvent(e));
  if (bad >= 0) {
    hints.push(`events is an array but $.events[${bad}] is not a Redo event (eventName string + customer object)`);
    return undefined;
  }
  return {
    format: "redo",
    shape: "redo bulk request {events:[…]}",
    reason: `events is an array of ${events.length} Redo event(s) (eventName string + customer object) and there is no code — a Redo bulk request`,
    strong: true,
    support: [],
  };
};

/** The keys only the seed `omnisend` shape has: `contact.contactID`, a top-level `order` or `lineItems`. */
const isSeedOmnisend = (o: JsonObject): boolean =>
  own(o, "order") !== undefined ||
  own(o, "lineItems") !== undefined ||
  (isObject(own(o, "contact")) && own(o.contact as JsonObject, "contactID") !== undefined);

/** The keys that mark Omnisend's Events API body (`omnisend-api`): `eventVersion`, `contact.id`, flat order fields, `product*` line items. */
const omnisendApiKeys = (o: JsonObject): Array<string> => {
  const keys: Array<string> = [];
  if (own(o, "eventVersion") !== undefined) keys.push("eventVersion");
  const contact = own(o, "contact");
  if (isObject(contact) && own(contact, "id") !== undefined) keys.push("contact.id");
  const props = own(o, "properties");
  if (isObject(props)) {
    if (own(props, "orderID") !== undefined) keys.push("properties.orderID");
    const items = own(props, "lineItems");
    if (Array.isArray(items) && items.some((i) => isObject(i) && Object.keys(i).some((k) => k.startsWith("product"))))
      keys.push("properties.lineItems[].product*");
  }
  return keys;
};

const omnisendEvent = (o: JsonObject): Match | undefined => {
  if (typeof own(o, "eventName") !== "string" || !isObject(own(o, "contact"))) return undefined;
  const support = present(o, OMNISEND_ONLY);
  const api = omnisendApiKeys(o);
  if (api.length > 0 && !isSeedOmnisend(o))
    return {
      format: "omnisend-api",
      shape: "omnisend-api event",
      reason: `eventName is a string (${show(o.eventName)}) and contact is an object, with Events API keys ${list(api)} — an Omnisend Events API body`,
      strong: true,
      anchor: "eventName",
      support: api,
    };
  return {
    format: "omnisend",
    shape: "omnisend event",
    reason: `eventName is a string (${show(o.eventName)}) and contact is an object${
      support.length > 0 ? `; Omnisend keys ${list(support)}` : ""
    } — an Omnisend customer event`,
    strong: true,
    anchor: "eventName",
    support,
  };
};

const attribulyResponse = (o: JsonObject, hints: Array<string>): Match | undefined => {
  // as the codec reads it: a top-level event_id or event_at makes the object an item, not a response
  if (!has(o, "code") || has(o, "event_id") || has(o, "event_at")) return undefined;
  const code = own(o, "code");
  const data = own(o, "data");
  if (typeof code !== "number") {
    hints.push(`code is ${kindOf(code)}, not the number of an Attribuly response`);
    return undefined;
  }
  const events = isObject(data) ? own(data, "events") : undefined;
  if (!Array.isArray(events)) {
    hints.push(`code is a number but data.events is ${isObject(data) ? kindOf(events) : `absent (data is ${kindOf(data)})`}`);
    return undefined;
  }
  return {
    format: "attribuly",
    shape: "attribuly response",
    reason: `code is a number (${code}) and data.events is an array of ${events.length} item(s) — an Attribuly journey response`,
    strong: true,
    support: [],
  };
};

/** Whether a present item key holds a value of the kind the Attribuly spec gives it. */
const fitsItemKey = (key: string, v: unknown): boolean =>
  v === null ||
  (key === "products" ? Array.isArray(v) : ITEM_SECTIONS.has(key) ? isObject(v) : ITEM_SCALARS.has(key) && typeof v === "string");

const attribulyItem = (o: JsonObject, hints: Array<string>): Match | undefined => {
  const keys = present(o, ITEM_KEYS);
  if (keys.length === 0) return undefined;
  const distinctive = keys.filter((k) => !GENERIC_ITEM_KEYS.has(k));
  if (distinctive.length > 0)
    return {
      format: "attribuly",
      shape: "attribuly journey item",
      reason: `Attribuly item keys ${list(distinctive.slice(0, 4))}${distinctive.length > 4 ? ", …" : ""} — an Attribuly journey item`,
      strong: true,
      support: [],
    };
  // only keys that read as plain English elsewhere: they count only when every one has its item kind
  const misfit = keys.find((k) => !fitsItemKey(k, own(o, k)));
  if (misfit !== undefined) {
    hints.push(`${misfit} is ${kindOf(own(o, misfit))}, not what an Attribuly item holds there`);
    return undefined;
  }
  return {
    format: "attribuly",
    shape: "attribuly journey item",
    reason: `only the generic Attribuly item key(s) ${list(keys)}, each of its item kind — an Attribuly journey item (weak evidence)`,
    strong: false,
    support: [],
  };
};

const canonicalEvent = (o: JsonObject, hints: Array<string>): Match | undefined => {
  if (!has(o, "type")) return undefined;
  const type = own(o, "type");
  if (!isEventType(type)) {
    if (has(o, "name") && type !== "track") hints.push(`type ${show(type)} is not a canonical event type`);
    return undefined;
  }
  if (typeof own(o, "name") !== "string") {
    hints.push(`type is the canonical type ${show(type)} but name is ${has(o, "name") ? kindOf(o.name) : "absent"}`);
    return undefined;
  }
  return {
    format: "canonical",
    shape: "canonical event",
    reason: `type is the canonical type ${show(type)} and name is a string — a canonical event`,
    strong: true,
    support: [],
  };
};

// ---------------------------------------------------------------------------------------------
// choosing among matches
// ---------------------------------------------------------------------------------------------

const formatsOf = (ms: ReadonlyArray<Match>): Array<FormatId> => [...new Set(ms.map((m) => m.format))];

const describe = (ms: ReadonlyArray<Match>): string => ms.map((m) => `${m.format} (${m.shape}: ${m.reason})`).join("; ");

const choose = (matches: ReadonlyArray<Match>, hints: ReadonlyArray<string>): DetectResult => {
  if (matches.length === 0)
    return {
      ok: false,
      candidates: [],
      reason: `matches no format's signature${hints.length > 0 ? `: ${hints.join("; ")}` : ""}`,
    };
  const strong = matches.filter((m) => m.strong);
  const weak = matches.filter((m) => !m.strong);
  if (strong.length === 0) {
    if (weak.length === 1) {
      const [m] = weak as [Match];
      return { ok: true, format: m.format, shape: m.shape, reason: m.reason };
    }
    return { ok: false, candidates: formatsOf(weak), reason: `matches several weak signatures: ${describe(weak)}` };
  }
  const outweighed =
    weak.length > 0 ? `; it also has ${describe(weak)}, weaker evidence than the ${strong[0]?.format} signature` : "";
  if (strong.length === 1) {
    const [m] = strong as [Match];
    return { ok: true, format: m.format, shape: m.shape, reason: m.reason + outweighed };
  }
  // several strong signatures: only two sharing an anchor (eventName) may be told apart, by the
  // top-level keys only one of them uses; anything else is a mixture and stays ambiguous
  const anchor = strong[0]?.anchor;
  if (anchor !== undefined && strong.every((m) => m.anchor === anchor)) {
    const supported = strong.filter((m) => m.support.length > 0);
    if (supported.length === 1) {
      const [m] = supported as [Match];
      const others = strong.filter((x) => x !== m).map((x) => x.format);
      return {
        ok: true,
        format: m.format,
        shape: m.shape,
        reason: `${m.reason}; it also fits ${list(others)} by ${anchor} alone, but only ${m.format} keys (${list(
          m.support,
        )}) are present, and none of ${list(others)}'s own keys`,
      };
    }
    return {
      ok: false,
      candidates: formatsOf(strong),
      reason: `matches several signatures sharing ${anchor}: ${describe(strong)}; ${
        supported.length === 0 ? "no key only one of them uses decides it" : "each has keys only it uses"
      }`,
    };
  }
  return { ok: false, candidates: formatsOf(matches), reason: `matches several signatures: ${describe(matches)}` };
};

const detectRecord = (record: unknown): DetectResult => {
  if (!isObject(record))
    return {
      ok: false,
      candidates: [],
      reason: `${kindOf(record)} is not a record: every format's record is a JSON object`,
    };
  const hints: Array<string> = [];
  const matches = [
    trackCall(record),
    batchEnvelope(record, hints),
    redoEvent(record),
    redoBulk(record, hints),
    omnisendEvent(record),
    attribulyResponse(record, hints),
    attribulyItem(record, hints),
    canonicalEvent(record, hints),
  ].filter((m): m is Match => m !== undefined);
  return choose(matches, hints);
};

const MAX_LISTED = 5;

const detectArray = (elements: ReadonlyArray<unknown>): DetectResult => {
  if (elements.length === 0) return { ok: false, candidates: [], reason: "an empty array holds no record to recognise" };
  const results = elements.map((e, i) =>
    Array.isArray(e)
      ? ({ ok: false, candidates: [], reason: `${pathIndex("$", i)} is an array inside an array, not a record` } as const)
      : detectRecord(e),
  );
  const formats = new Set<FormatId>();
  for (const r of results) if (r.ok) formats.add(r.format);
  const failed = results.flatMap((r, i) => (r.ok ? [] : [[i, r] as const]));
  if (failed.length === 0 && formats.size === 1) {
    const first = results[0] as Extract<DetectResult, { ok: true }>;
    const shapes = [...new Set(results.map((r) => (r.ok ? r.shape : "")))];
    return {
      ok: true,
      format: first.format,
      shape: shapes.length === 1 ? `array of ${shapes[0]}` : `array of ${first.format} records (${shapes.join(", ")})`,
      reason: `all ${elements.length} element(s) are ${first.format}; $[0]: ${first.reason}`,
    };
  }
  for (const [, r] of failed) if (!r.ok) for (const c of r.candidates) formats.add(c);
  const parts: Array<string> = [];
  const firstOf = new Map<FormatId, number>();
  results.forEach((r, i) => {
    if (r.ok && !firstOf.has(r.format)) firstOf.set(r.format, i);
  });
  if (firstOf.size > 1)
    parts.push(`elements disagree: ${[...firstOf].map(([f, i]) => `${pathIndex("$", i)} is ${f}`).join(", ")}`);
  for (const [i, r] of failed.slice(0, MAX_LISTED)) if (!r.ok) parts.push(`${pathIndex("$", i)}: ${r.reason}`);
  if (failed.length > MAX_LISTED) parts.push(`and ${failed.length - MAX_LISTED} more unrecognised element(s)`);
  return { ok: false, candidates: [...formats], reason: parts.join("; ") };
};

/**
 * Recognises the format of one parsed JSON document (a record, an envelope, or an array of records)
 * from structural signatures, and says which keys and values decided it; ambiguity is never guessed.
 *
 * Signatures: `customerio` — `type: "track"` with an `event` string, or a `batch` array of such
 * calls (`segment` shares the codec and is reported as `customerio`); `redo` — `eventName` string
 * with a `customer` object, or an `events` array of such events and no `code`; `omnisend` —
 * `eventName` string with a `contact` object; `attribuly` — a numeric `code` with a `data.events`
 * array (a response), or journey-item keys (`event_id`, `event_at`, `checkout_completed`, …);
 * `canonical` — a canonical snake_case `type` with a `name` string. A record meeting several
 * signatures is answered with all of them as candidates, except that weak evidence (only generic
 * Attribuly keys such as `products`) yields to a strong signature, and an `eventName` record with both
 * `customer` and `contact` is Redo or Omnisend when only that format's own top-level keys are present.
 * An array is recognised when every element is, as the same format.
 *
 * @example
 * import { detectFormat } from "commerce-rosetta"
 * detectFormat({ type: "track", userId: "u", event: "Order Completed" })
 * // { ok: true, format: "customerio", shape: "customerio track call", reason: 'type is "track" and event is a string …' }
 * detectFormat({ eventName: "x", customer: { email: "a@b.co" }, contact: { email: "a@b.co" } })
 * // { ok: false, candidates: ["redo", "omnisend"], reason: "matches several signatures sharing eventName: …" }
 *
 * @category detection
 * @since 0.1.0
 */
export const detectFormat = (document: unknown): DetectResult => {
  // never throws: a value nested too deep, or one JSON cannot hold, is answered with where
  try {
    if (!unsafeJson(document)) return Array.isArray(document) ? detectArray(document) : detectRecord(document);
  } catch (e) {
    const at = notJsonAt(document) ?? {
      path: "$",
      found: `a value that could not be read (${String((e as Error)?.message ?? e)})`,
    };
    return { ok: false, candidates: [], reason: `${at.path}: holds ${at.found}`, path: at.path };
  }
  const at = notJsonAt(document) ?? { path: "$", found: "a value JSON cannot hold" };
  return { ok: false, candidates: [], reason: `${at.path}: holds ${at.found}`, path: at.path };
};
