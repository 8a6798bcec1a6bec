/**
 * The Redo codec: custom events (`POST /stores/{storeId}/events`) and bulk requests
 * (`POST /stores/{storeId}/events/bulk`, `{ events: [ … ≤ 100 ] }`), both directions.
 *
 * Decoding validates an event against Redo's published schema (`@redotech/redo-api-schema`,
 * `custom-event-request.schema`) and limits, then maps `eventName`, `eventTimestamp`, `uniqueId`,
 * `value`/`valueCurrency` and the `customer` object to the canonical event. `data` holds the custom
 * properties: top-level segmentable scalars, and under `data.$extra` everything Redo would drop at
 * the top level (`0`, `null`, `""`, nested objects, arrays) plus the canonical parts Redo has no
 * field for (`order`, `products`, `list`, …, each under its own key; see `mappings/redo.json`).
 * Where a decoded payload deviates from what the encoder would write, the deviation is kept in
 * `extensions.redo` — `envelope` (unknown top-level keys), `placement` (a scalar kept in `$extra`, a
 * `0` or `""` at the top level), `extra` (`$extra` keys that repeat a top-level key, or an empty
 * `$extra`), `noValue` (an order total with no event value) — so encoding gives back exactly the
 * payload decoded. When the encoder fills `value` from the order total it writes `$extra.$value`,
 * so decoding gives back a canonical event without a value of its own.
 *
 * @since 0.1.0
 */
import { draftEvent } from "../../canonical/draft.js";
import { eventHeadIssues } from "../../canonical/event-types.js";
import type { CanonicalEvent, EventType } from "../../canonical/model.js";
import { EVENT_NAME_TABLE, nameLookup } from "../../canonical/names.js";
import { isTimestamp } from "../../canonical/time.js";
import type { Codec, CodecOptions, EncodedItem, WireRecord } from "../../core/codec.js";
import { isEmail } from "../../core/formats.js";
import { isObject, type JsonObject, pathIndex, pathKey, setOwn } from "../../core/json.js";
import { foreignExtension } from "../../core/memo.js";
import {
  type Encoded,
  fail,
  type Issue,
  issue,
  type Loss,
  lossList,
  lossOf,
  lossTo,
  type Result,
  succeed,
} from "../../core/result.js";
import {
  CUSTOMER_KEYS,
  IDENTIFIER_FIELDS,
  isE164,
  isRfc3339DateTime,
  LIMITS,
  LOCATION_BY_WIRE,
  LOCATION_FIELDS,
  type Meter,
  matchesPart,
  PART_BY_KEY,
  PARTS,
  type Part,
  PROFILE_FIELDS,
  quickBound,
  readPart,
  VALUE_MARKER,
  writePart,
} from "./fields.js";

type Semantic = Exclude<EventType, "custom">;

const DEFAULT_NAME = new Map<EventType, string>(EVENT_NAME_TABLE.map((r) => [r.type, r.redo]));
const defaultLookup = nameLookup([
  ...EVENT_NAME_TABLE.map((r) => [r.redo, r.type] as const),
  ...EVENT_NAME_TABLE.map((r) => [r.customerio, r.type] as const),
]);

const lookupFor = (options: CodecOptions): ((name: string) => Semantic | undefined) => {
  const names = options.names;
  if (names === undefined) return defaultLookup;
  const custom = new Map<string, Semantic>();
  for (const [type, name] of Object.entries(names))
    if (name !== undefined && type !== "custom") custom.set(name, type as Semantic);
  return (name) => custom.get(name) ?? defaultLookup(name);
};

/**
 * The Redo event name of a canonical type: the caller's override, else the default from
 * `mappings/events.json` (Redo has no predefined names).
 *
 * @example
 * import { redoEventName } from "commerce-rosetta/redo"
 * redoEventName("order_completed", {}) // "Order Completed"
 * redoEventName("order_completed", { names: { order_completed: "Purchase" } }) // "Purchase"
 *
 * @category names
 * @since 0.1.0
 */
export const redoEventName = (type: EventType, options: CodecOptions): string | undefined =>
  options.names?.[type] ?? DEFAULT_NAME.get(type);

/**
 * Redo's documented limits: at most 400 `data` properties, 5 MB per payload, 100 KB per string,
 * `uniqueId` of 1–255 characters, 100 events per bulk request.
 *
 * @example
 * import { REDO_LIMITS } from "commerce-rosetta/redo"
 * REDO_LIMITS.bulkEvents // 100
 *
 * @category limits
 * @since 0.1.0
 */
export const REDO_LIMITS = LIMITS;

/** Top-level keys the codec reads; every other key is kept in `extensions.redo.envelope`. */
const TOP = {
  // a switch, not a Set: JSON keys are internalized strings, so each case is a pointer comparison
  has: (key: string): boolean => {
    switch (key) {
      case "eventName":
      case "customer":
      case "eventTimestamp":
      case "value":
      case "valueCurrency":
      case "uniqueId":
      case "data":
        return true;
      default:
        return false;
    }
  },
};
const EXTRA = "$extra";
const EXT = "$.extensions.redo";

const isEmpty = (o: object): boolean => {
  for (const _ in o) return false;
  return true;
};

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/**
 * Where the encoder puts a custom property by default: top-level `data` for values Redo keeps there
 * (non-empty strings, non-zero numbers, booleans), `data.$extra` for everything else.
 */
const defaultPlace = (key: string, v: unknown): "data" | "extra" =>
  key !== EXTRA &&
  (typeof v === "boolean" || (typeof v === "string" && v !== "") || (typeof v === "number" && Number.isFinite(v) && v !== 0))
    ? "data"
    : "extra";

// ---------------------------------------------------------------------------------------------
// limits
// ---------------------------------------------------------------------------------------------

interface Node {
  readonly v: unknown;
  readonly parent: Node | undefined;
  readonly key: string | number;
}

const nodePath = (base: string, n: Node | undefined): string => {
  const keys: Array<string | number> = [];
  for (let c = n; c !== undefined; c = c.parent) keys.push(c.key);
  let p = base;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i] as string | number;
    p = typeof k === "number" ? pathIndex(p, k) : pathKey(p, k);
  }
  return p;
};

/**
 * Checks every string of a JSON value against the 100 KB limit (no recursion, so deep values cannot
 * overflow the stack) and returns an upper bound of its serialized size in bytes.
 */
const scan = (value: unknown, base: string, errors: Array<Issue>): number => {
  const quick = quickBound(value, 0);
  return quick >= 0 ? quick : scanStack(value, base, errors);
};

/** `scan` with an explicit stack, for values `quickBound` leaves: deep ones, long strings. */
const scanStack = (value: unknown, base: string, errors: Array<Issue>): number => {
  let bound = 0;
  const stack: Array<Node> = [{ v: value, parent: undefined, key: "" }];
  let first = true;
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    const here = first ? undefined : n;
    first = false;
    const v = n.v;
    if (typeof v === "string") {
      bound += 6 * v.length + 2;
      if (v.length * 3 > LIMITS.stringBytes && Buffer.byteLength(v, "utf8") > LIMITS.stringBytes) {
        const p = nodePath(base, here);
        errors.push(
          issue(
            p,
            "a string of at most 100 KB",
            undefined,
            `${p}: a string of ${Buffer.byteLength(v, "utf8")} bytes is over Redo's 100 KB limit`,
          ),
        );
      }
    } else if (Array.isArray(v)) {
      bound += 2 + v.length;
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], parent: here, key: i });
    } else if (isObject(v)) {
      bound += 2;
      for (const k in v) {
        bound += 6 * k.length + 4;
        stack.push({ v: v[k], parent: here, key: k });
      }
    } else {
      bound += 24;
    }
  }
  return bound;
};

const overPayload = (value: unknown, bound: number): number | undefined => {
  if (bound <= LIMITS.payloadBytes) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(value), "utf8");
  return bytes > LIMITS.payloadBytes ? bytes : undefined;
};

// ---------------------------------------------------------------------------------------------
// data.$extra: what each entry is read back as
// ---------------------------------------------------------------------------------------------

/** What the decoder makes of one `data.$extra` entry. */
type ExtraClass =
  | { readonly kind: "part"; readonly part: Part; readonly value: unknown }
  | { readonly kind: "marker" }
  | { readonly kind: "extra" }
  | { readonly kind: "property" };

const ORDER_PART = PART_BY_KEY.get("order");
// the classes that carry nothing of their own, shared (no object per entry)
const MARKER: ExtraClass = { kind: "marker" };
const REPEAT: ExtraClass = { kind: "extra" };
const PROPERTY: ExtraClass = { kind: "property" };

/** The `$extra` order read as its part (`classifyEntry` needs it for the value marker). */
const readOrder = (extra: JsonObject): { readonly value: unknown } | undefined =>
  ORDER_PART !== undefined && Object.hasOwn(extra, ORDER_PART.key) ? readPart(ORDER_PART, extra[ORDER_PART.key]) : undefined;

/**
 * Classifies one `$extra` entry, in one place for the decoder and for the encoder's check of what it
 * wrote: a canonical part (strictly matching its table), the value marker (only when the order total
 * and currency agree with `value`/`valueCurrency`), else `undefined`: a repeat of a top-level key or
 * a custom property, which the caller tells apart. `orderRead` is `readOrder(extra)`. Unless `build`
 * is set, a part's value is read only for `order` (the encoder's check needs no other), and `known`
 * says whether the entry matches its part when the encoder already knows (`writePart` measured it).
 */
const classifyEntry = (
  extra: JsonObject,
  key: string,
  v: unknown,
  orderRead: { readonly value: unknown } | undefined,
  value: unknown,
  valueCurrency: unknown,
  build: boolean,
  known: boolean | undefined,
): ExtraClass | undefined => {
  const part = PART_BY_KEY.get(key);
  if (part !== undefined) {
    if (part === ORDER_PART && Object.hasOwn(extra, key)) {
      // read by readOrder
      if (orderRead !== undefined) return { kind: "part", part, value: orderRead.value };
    } else if (build) {
      const r = readPart(part, v);
      if (r !== undefined) return { kind: "part", part, value: r.value };
    } else if (known ?? matchesPart(part, v)) return { kind: "part", part, value: undefined };
  }
  if (key === VALUE_MARKER.key && v === VALUE_MARKER.means && orderRead !== undefined) {
    const order = orderRead.value as JsonObject;
    if (
      typeof order.total === "number" &&
      value === order.total &&
      valueCurrency === (typeof order.currency === "string" ? order.currency : undefined)
    )
      return MARKER;
  }
  return undefined;
};

/**
 * Whether a decoded event needs `extensions.redo.noValue`: it has an order with a total but no value
 * of its own, which the encoder would otherwise fill from the order.
 */
const needsNoValue = (order: unknown, marker: boolean, value: unknown, valueCurrency: unknown): boolean =>
  !marker && value === undefined && valueCurrency === undefined && isObject(order) && typeof order.total === "number";

// ---------------------------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------------------------

const NEEDS_ID = "at least one of id, email or phoneNumber";

/** Checks a customer identifier found at `base.key`. */
const checkIdentifier = (wire: string, v: unknown, base: string, key: string, errors: Array<Issue>): boolean => {
  if (typeof v !== "string") {
    errors.push(issue(pathKey(base, key), "string", v));
    return false;
  }
  if (wire === "email" && !isEmail(v)) {
    errors.push(issue(pathKey(base, key), "an email address", v));
    return false;
  }
  if (wire === "phoneNumber" && !isE164(v)) {
    errors.push(issue(pathKey(base, key), "an E.164 phone number (+ and 2–15 digits)", v));
    return false;
  }
  if (wire === "id" && v.length === 0) {
    errors.push(issue(pathKey(base, key), "a non-empty Redo customer id", v));
    return false;
  }
  return true;
};

const fitsWire = (kind: string, v: unknown): boolean =>
  kind === "number" ? typeof v === "number" && Number.isFinite(v) : typeof v === "string";

const checkCustomer = (c: unknown, path: string, errors: Array<Issue>): void => {
  if (!isObject(c)) {
    errors.push(issue(path, `a customer object with ${NEEDS_ID}`, c));
    return;
  }
  for (const key in c) {
    if (!CUSTOMER_KEYS.has(key))
      errors.push(
        issue(
          pathKey(path, key),
          "no such key",
          c[key],
          `${pathKey(path, key)}: Redo's customer allows only id, email, phoneNumber, firstName, lastName, location and customFields`,
        ),
      );
  }
  let identified = false;
  for (const f of IDENTIFIER_FIELDS) {
    if (!Object.hasOwn(c, f.wire)) continue;
    identified = true;
    checkIdentifier(f.wire, c[f.wire], path, f.wire, errors);
  }
  if (!identified) errors.push(issue(path, NEEDS_ID, undefined, `${path}: a Redo customer needs ${NEEDS_ID}`));
  for (const f of PROFILE_FIELDS) {
    if (Object.hasOwn(c, f.wire) && typeof c[f.wire] !== "string") errors.push(issue(pathKey(path, f.wire), "string", c[f.wire]));
  }
  if (Object.hasOwn(c, "location")) {
    const loc = c.location;
    const lp = pathKey(path, "location");
    if (!isObject(loc)) errors.push(issue(lp, "a location object", loc));
    else
      for (const key in loc) {
        const f = LOCATION_BY_WIRE.get(key);
        if (f === undefined)
          errors.push(issue(pathKey(lp, key), "no such key", loc[key], `${pathKey(lp, key)}: not a Redo location field`));
        else if (!fitsWire(f.kind, loc[key])) errors.push(issue(pathKey(lp, key), f.kind, loc[key]));
      }
  }
  if (Object.hasOwn(c, "customFields")) {
    const cf = c.customFields;
    const cp = pathKey(path, "customFields");
    if (!isObject(cf)) errors.push(issue(cp, "an object of string, number or boolean values", cf));
    else for (const key in cf) if (!isScalar(cf[key])) errors.push(issue(pathKey(cp, key), "string, number or boolean", cf[key]));
  }
};

const checkData = (data: unknown, path: string, errors: Array<Issue>): void => {
  if (!isObject(data)) {
    errors.push(issue(path, "an object", data));
    return;
  }
  let count = 0;
  for (const key in data) {
    const v = data[key];
    if (key === EXTRA) {
      if (!isObject(v)) errors.push(issue(pathKey(path, key), "an object", v));
      continue;
    }
    count++;
    if (!isScalar(v))
      errors.push(
        issue(
          pathKey(path, key),
          "string, number or boolean",
          v,
          `${pathKey(path, key)}: top-level data values must be string, number or boolean (objects, arrays and null belong under data.$extra)`,
        ),
      );
  }
  if (count > LIMITS.dataProperties)
    errors.push(
      issue(
        path,
        `at most ${LIMITS.dataProperties} properties`,
        undefined,
        `${path}: ${count} properties is over Redo's limit of ${LIMITS.dataProperties}`,
      ),
    );
};

/** The keys of `data` but `$extra`, as `for…in` gives them. */
const topKeysOf = (d: JsonObject): Set<string> => {
  const keys = new Set<string>();
  for (const key in d) if (key !== EXTRA) keys.add(key);
  return keys;
};

const decodeRecord = (record: WireRecord, options: CodecOptions): Result<CanonicalEvent> => {
  const input = record.value;
  const at = record.path;
  if (!isObject(input)) return fail([issue(at, "a Redo custom event object", input)]);
  const errors: Array<Issue> = [];

  const name = input.eventName;
  if (typeof name !== "string" || name.length === 0) errors.push(issue(pathKey(at, "eventName"), "a non-empty event name", name));
  if (Object.hasOwn(input, "customer")) checkCustomer(input.customer, pathKey(at, "customer"), errors);
  else
    errors.push(
      issue(
        pathKey(at, "customer"),
        `a customer object with ${NEEDS_ID}`,
        undefined,
        `${pathKey(at, "customer")}: a Redo event needs a customer with ${NEEDS_ID}`,
      ),
    );
  const timestamp = input.eventTimestamp;
  if (timestamp !== undefined && !(typeof timestamp === "string" && isRfc3339DateTime(timestamp)))
    errors.push(issue(pathKey(at, "eventTimestamp"), "an RFC 3339 date-time with a real calendar date", timestamp));
  const value = input.value;
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value)))
    errors.push(issue(pathKey(at, "value"), "number", value));
  const valueCurrency = input.valueCurrency;
  if (valueCurrency !== undefined && typeof valueCurrency !== "string")
    errors.push(issue(pathKey(at, "valueCurrency"), "string", valueCurrency));
  const uniqueId = input.uniqueId;
  if (
    uniqueId !== undefined &&
    !(typeof uniqueId === "string" && uniqueId.length >= 1 && uniqueId.length <= LIMITS.uniqueIdLength)
  )
    errors.push(issue(pathKey(at, "uniqueId"), `a string of 1–${LIMITS.uniqueIdLength} characters`, uniqueId));
  const data = input.data;
  if (data !== undefined) checkData(data, pathKey(at, "data"), errors);
  const bound = scan(input, at, errors);
  const bytes = overPayload(input, bound);
  if (bytes !== undefined)
    errors.push(issue(at, "a payload of at most 5 MB", undefined, `${at}: the event is ${bytes} bytes, over Redo's 5 MB limit`));
  if (errors.length > 0) return fail(errors);

  const type: EventType = lookupFor(options)(name as string) ?? "custom";
  const event = draftEvent(type, name as string);
  const ev = event as JsonObject;
  if (uniqueId !== undefined) event.id = uniqueId as string;
  if (timestamp !== undefined) event.occurredAt = timestamp as string;

  // customer → identity and profile
  const c = input.customer as JsonObject;
  const identity: JsonObject = {};
  for (const f of IDENTIFIER_FIELDS) if (Object.hasOwn(c, f.wire)) identity[f.canonical] = c[f.wire];
  let customer: JsonObject | undefined;
  for (const f of PROFILE_FIELDS) if (Object.hasOwn(c, f.wire)) (customer ??= {})[f.canonical] = c[f.wire];
  if (Object.hasOwn(c, "location")) {
    const loc = c.location as JsonObject;
    const out: JsonObject = {};
    for (const key in loc) out[(LOCATION_BY_WIRE.get(key) as { canonical: string }).canonical] = loc[key];
    (customer ??= {}).location = out;
  }
  if (Object.hasOwn(c, "customFields")) (customer ??= {}).customFields = c.customFields;
  event.identity = identity;
  if (customer !== undefined) event.customer = customer;

  // data → properties, and the canonical parts under $extra
  const ext: JsonObject = {};
  let fromOrder = false;
  if (data !== undefined) {
    const d = data as JsonObject;
    const props: JsonObject = {};
    let anyProp = false;
    let anyKey = false;
    let placement: JsonObject | undefined;
    for (const key in d) {
      anyKey = true;
      if (key === EXTRA) continue;
      const v = d[key];
      setOwn(props, key, v);
      anyProp = true;
      if (defaultPlace(key, v) === "extra") setOwn((placement ??= {}), key, "data");
    }
    if (Object.hasOwn(d, EXTRA)) {
      const extra = d[EXTRA] as JsonObject;
      let rest: JsonObject | undefined;
      const orderRead = readOrder(extra);
      // the top-level keys, collected only when an entry is neither a part nor the marker
      let topKeys: Set<string> | undefined;
      for (const key in extra) {
        const v = extra[key];
        let cls = classifyEntry(extra, key, v, orderRead, value, valueCurrency, true, undefined);
        if (cls === undefined) {
          topKeys ??= topKeysOf(d);
          cls = topKeys.has(key) ? REPEAT : PROPERTY;
        }
        switch (cls.kind) {
          case "part":
            if (cls.part.part === "identity") Object.assign(identity, cls.value as JsonObject);
            else ev[cls.part.part] = cls.value;
            break;
          case "marker":
            fromOrder = true;
            break;
          case "extra":
            setOwn((rest ??= {}), key, v);
            break;
          case "property":
            setOwn(props, key, v);
            anyProp = true;
            if (defaultPlace(key, v) === "data") setOwn((placement ??= {}), key, "extra");
            break;
        }
      }
      if (rest !== undefined) ext.extra = rest;
      else if (isEmpty(extra)) ext.extra = {};
      if (needsNoValue(event.order, fromOrder, value, valueCurrency)) ext.noValue = true;
    }
    if (anyProp || !anyKey) event.properties = props;
    if (placement !== undefined) ext.placement = placement;
  }
  if (!fromOrder && (value !== undefined || valueCurrency !== undefined)) {
    const v: JsonObject = {};
    if (value !== undefined) v.amount = value;
    if (valueCurrency !== undefined) v.currency = valueCurrency;
    event.value = v;
  }

  // envelope: every other top-level key, verbatim
  let envelope: JsonObject | undefined;
  for (const key in input) {
    if (TOP.has(key)) continue;
    setOwn((envelope ??= {}), key, input[key]);
  }
  if (envelope !== undefined) ext.envelope = envelope;
  if (!isEmpty(ext)) event.extensions = { redo: ext };
  return succeed(event as CanonicalEvent);
};

// ---------------------------------------------------------------------------------------------
// encode
// ---------------------------------------------------------------------------------------------

interface Sink {
  readonly losses: Array<Loss>;
  readonly errors: Array<Issue>;
  bound: number;
}

const drop = (sink: Sink, path: string, value: unknown, reason: string): void => {
  sink.losses.push(lossOf(path, "dropped", value, reason));
};

/** Checks a value about to be written (strings ≤ 100 KB) under its canonical path, `base` or `base.key`. */
const check = (sink: Sink, value: unknown, base: string, key?: string): void => {
  const quick = quickBound(value, 0);
  sink.bound += quick >= 0 ? quick : scanStack(value, key === undefined ? base : pathKey(base, key), sink.errors);
};

/** `2024-02-01T08:00+05:30` → `2024-02-01T08:00:00+05:30`; `,123` → `.123`. */
const toRfc3339 = (s: string): string => {
  const m = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2})(?::(\d{2})(?:[.,](\d+))?)?(.*)$/.exec(s);
  if (m === null) return s;
  return `${m[1]}:${m[2] ?? "00"}${m[3] !== undefined ? `.${m[3]}` : ""}${m[4]}`;
};

const encodeCustomer = (event: CanonicalEvent, sink: Sink): JsonObject => {
  const out: JsonObject = {};
  const identity = (event.identity ?? {}) as JsonObject;
  // an identifier Redo cannot hold is a loss while another one remains; with none left, the record is rejected
  let unusable: Array<Issue> | undefined;
  let identified = false;
  for (const f of IDENTIFIER_FIELDS) {
    const v = identity[f.canonical];
    if (v === undefined) continue;
    if (v === null) {
      drop(sink, pathKey("$.identity", f.canonical), v, `redo's customer.${f.wire} cannot be null`);
      continue;
    }
    if (!checkIdentifier(f.wire, v, "$.identity", f.canonical, (unusable ??= []))) continue;
    check(sink, v, "$.identity", f.canonical);
    out[f.wire] = v;
    identified = true;
  }
  if (identified) {
    if (unusable !== undefined)
      for (const u of unusable) drop(sink, u.path, u.actual, `redo's customer cannot hold it: expected ${u.expected}`);
  } else {
    const why = unusable === undefined ? "this event has none" : unusable.map((u) => `${u.path} is not ${u.expected}`).join("; ");
    sink.errors.push(
      issue(
        "$.identity",
        "identity.redoCustomerId, identity.email or identity.phone",
        event.identity,
        `$.identity: redo needs a customer identifier (identity.redoCustomerId, identity.email or an E.164 identity.phone); ${why} — supply one with the identity option (API) or --identity FILE (CLI)`,
      ),
    );
  }

  const customer = event.customer as unknown;
  if (customer === undefined) return out;
  if (!isObject(customer)) {
    drop(sink, "$.customer", customer, "not an object");
    return out;
  }
  let any = false;
  for (const f of PROFILE_FIELDS) {
    const v = customer[f.canonical];
    if (v === undefined) continue;
    any = true;
    if (typeof v !== "string") {
      drop(sink, pathKey("$.customer", f.canonical), v, `redo's customer.${f.wire} must be a string`);
      continue;
    }
    check(sink, v, "$.customer", f.canonical);
    out[f.wire] = v;
  }
  const location = customer.location;
  if (location !== undefined) {
    any = true;
    if (!isObject(location)) drop(sink, "$.customer.location", location, "redo's customer.location must be an object");
    else {
      const loc: JsonObject = {};
      for (const f of LOCATION_FIELDS) {
        const v = location[f.canonical];
        if (v === undefined) continue;
        if (!fitsWire(f.kind, v)) {
          drop(sink, pathKey("$.customer.location", f.canonical), v, `redo's customer.location.${f.wire} must be a ${f.kind}`);
          continue;
        }
        check(sink, v, "$.customer.location", f.canonical);
        loc[f.wire] = v;
      }
      out.location = loc;
    }
  }
  const customFields = customer.customFields;
  if (customFields !== undefined) {
    any = true;
    if (!isObject(customFields))
      drop(sink, "$.customer.customFields", customFields, "redo's customer.customFields must be an object");
    else {
      const cf: JsonObject = {};
      for (const key in customFields) {
        const v = customFields[key];
        if (!isScalar(v)) {
          drop(sink, pathKey("$.customer.customFields", key), v, "redo's custom fields hold only strings, numbers and booleans");
          continue;
        }
        check(sink, v, "$.customer.customFields", key);
        setOwn(cf, key, v);
      }
      out.customFields = cf;
    }
  }
  for (const key in customer) {
    if (customer[key] === undefined) continue;
    any = true;
    if (key !== "location" && key !== "customFields" && !PROFILE_KEYS.has(key))
      drop(sink, pathKey("$.customer", key), customer[key], `redo's customer has no ${key}`);
  }
  if (!any) drop(sink, "$.customer", customer, "an empty customer profile does not survive in redo");
  return out;
};

/** Where an `$extra` entry came from, and what the encoder meant it to be read back as. */
interface Origin {
  /** The canonical path, `base` or `base.key`. */
  readonly base: string;
  readonly key: string | undefined;
  readonly expect: "part" | "marker" | "extra" | "property";
  /** For a part: whether the entry written is read back as the part, when `writePart` measured it. */
  readonly matches?: boolean;
  /**
   * Whether the read-back check has nothing to learn from the entry: a part other than the order
   * that `writePart` measured as matching is read back as that part (no loss, no placement, no
   * order or marker to note), as `classifyEntry` would find.
   */
  readonly settled?: boolean;
}

const originPath = (o: Origin): string => (o.key === undefined ? o.base : pathKey(o.base, o.key));

if (PARTS.length > 31) throw new Error("redo: encodeRecord keeps the parts present in a 31-bit mask");
/** Each part's position in `PARTS` by canonical key, but identity's: its entry is always considered. */
const PART_INDEX: ReadonlyMap<string, number> = new Map(
  PARTS.flatMap((p, i) => (p.part === "identity" ? [] : [[p.part, i] as const])),
);
const IDENTITY_PART_BIT = PARTS.reduce((bit, p, i) => (p.part === "identity" ? bit | (1 << i) : bit), 0);
/** The origin of each part's `$extra` entry (parallel to `PARTS`). */
const PART_ORIGINS: ReadonlyArray<Origin> = PARTS.map((p) => ({ base: `$.${p.part}`, key: undefined, expect: "part" }));
/** `PART_ORIGINS` with what `writePart` measured: shared objects, none per record. */
const PART_MATCHED: ReadonlyArray<Origin> = PART_ORIGINS.map((o, i) => ({
  ...o,
  matches: true,
  settled: PARTS[i] !== ORDER_PART,
}));
const PART_MISSED: ReadonlyArray<Origin> = PART_ORIGINS.map((o) => ({ ...o, matches: false }));
const partOrigin = (i: number, matches: boolean | undefined): Origin =>
  (matches === undefined ? PART_ORIGINS[i] : matches ? PART_MATCHED[i] : PART_MISSED[i]) as Origin;
const MARKER_ORIGIN: Origin = { base: "$.order.total", key: undefined, expect: "marker" };
/** Canonical profile keys Redo's customer has. */
const PROFILE_KEYS: ReadonlySet<string> = new Set(PROFILE_FIELDS.map((f) => f.canonical));
/** Canonical identity keys Redo carries: the customer identifiers and the `identity` part of `$extra`. */
const IDENTITY_KEYS: ReadonlySet<string> = new Set([
  ...IDENTIFIER_FIELDS.map((f) => f.canonical),
  ...(PART_BY_KEY.get("identity")?.fields.map((f) => f.canonical) ?? []),
]);

/** Reports every difference between the placement table given and the one the decoder will rebuild. */
const comparePlacement = (sink: Sink, given: unknown, placed: JsonObject): void => {
  const path = `${EXT}.placement`;
  if (given === undefined) {
    if (!isEmpty(placed))
      sink.losses.push(lossTo(path, "defaulted", given, placed, "redo records where these properties sit in data"));
    return;
  }
  if (!isObject(given)) {
    sink.losses.push(lossTo(path, isEmpty(placed) ? "dropped" : "coerced", given, placed, "not a placement table"));
    return;
  }
  if (isEmpty(placed)) {
    drop(sink, path, given, "no property sits away from its default place in data");
    return;
  }
  for (const key in given) {
    if (Object.hasOwn(placed, key) && placed[key] === given[key]) continue;
    const kp = pathKey(path, key);
    if (Object.hasOwn(placed, key))
      sink.losses.push(lossTo(kp, "coerced", given[key], placed[key], `the property ${key} sits in ${String(placed[key])}`));
    else drop(sink, kp, given[key], `no property ${key} sits away from its default place in data`);
  }
  for (const key in placed)
    if (!Object.hasOwn(given, key))
      sink.losses.push(
        lossTo(
          pathKey(path, key),
          "defaulted",
          undefined,
          placed[key],
          `redo records that the property ${key} sits in ${String(placed[key])}`,
        ),
      );
};

const destination = (cls: ExtraClass, key: string): string => {
  switch (cls.kind) {
    case "part":
      return `$.${cls.part.part}`;
    case "marker":
      return "$.value";
    case "extra":
      return pathKey(`${EXT}.extra`, key);
    case "property":
      return pathKey("$.properties", key);
  }
};

const encodeRecord = (event: CanonicalEvent, options: CodecOptions): Result<Encoded> => {
  const head = eventHeadIssues(event);
  if (head !== undefined) return fail(head);
  const sink: Sink = { losses: lossList(), errors: [], bound: 200 };
  const out: JsonObject = {};

  // the event name: keep the source's spelling when it names the same type here
  const lookup = lookupFor(options);
  let eventName: string;
  if (event.type === "custom") eventName = event.name;
  else {
    const override = options.names?.[event.type];
    eventName = override ?? (lookup(event.name) === event.type ? event.name : (DEFAULT_NAME.get(event.type) as string));
  }
  if (eventName !== event.name)
    sink.losses.push(lossTo("$.name", "renamed", event.name, eventName, "redo names this event type differently"));
  const readBack: EventType = lookup(eventName) ?? "custom";
  if (readBack !== event.type)
    sink.losses.push(
      lossTo("$.type", "coerced", event.type, readBack, `redo reads the name ${JSON.stringify(eventName)} as ${readBack}`),
    );
  check(sink, eventName, "$.name");
  out.eventName = eventName;
  out.customer = encodeCustomer(event, sink);

  if (event.occurredAt !== undefined) {
    const t = event.occurredAt;
    if (t === null) drop(sink, "$.occurredAt", t, "redo's eventTimestamp cannot be null");
    else if (typeof t === "string" && isRfc3339DateTime(t)) out.eventTimestamp = t;
    else if (typeof t !== "string" || !isTimestamp(t))
      sink.errors.push(issue("$.occurredAt", "an ISO-8601 date-time with a real calendar date", t));
    else {
      // a real date-time not in RFC 3339 shape (isRfc3339DateTime = isRfc3339Shape && isTimestamp)
      const fixed = toRfc3339(t);
      sink.losses.push(
        lossTo("$.occurredAt", "coerced", t, fixed, "redo's eventTimestamp is an RFC 3339 date-time (seconds, '.' fractions)"),
      );
      out.eventTimestamp = fixed;
    }
  }

  // value: the event's own, else the order's total (unless the source said none)
  const ext = event.extensions?.redo as JsonObject | undefined;
  const order = event.order as JsonObject | undefined;
  let fromOrder = false;
  const value = event.value as JsonObject | undefined;
  if (value !== undefined && !isObject(value)) drop(sink, "$.value", value, "not an object");
  else if (value !== undefined) {
    let any = false;
    const amount = value.amount;
    if (amount !== undefined) {
      any = true;
      if (typeof amount === "number" && Number.isFinite(amount)) out.value = amount;
      else drop(sink, "$.value.amount", amount, "redo's value must be a number");
    }
    const currency = value.currency;
    if (currency !== undefined) {
      any = true;
      if (typeof currency === "string") {
        check(sink, currency, "$.value.currency");
        out.valueCurrency = currency;
      } else drop(sink, "$.value.currency", currency, "redo's valueCurrency must be a string");
    }
    if (!any) drop(sink, "$.value", value, "an empty value does not survive in redo");
  } else if (ext?.noValue !== true && isObject(order) && typeof order.total === "number" && Number.isFinite(order.total)) {
    fromOrder = true;
    out.value = order.total;
    if (typeof order.currency === "string") out.valueCurrency = order.currency;
  }

  if (event.id !== undefined) {
    const id = event.id;
    if (id === null) drop(sink, "$.id", id, "redo's uniqueId cannot be null");
    else if (typeof id !== "string" || id.length < 1 || id.length > LIMITS.uniqueIdLength)
      sink.errors.push(
        issue(
          "$.id",
          `a uniqueId of 1–${LIMITS.uniqueIdLength} characters`,
          id,
          `$.id: redo's uniqueId must be 1–${LIMITS.uniqueIdLength} characters; this id has ${typeof id === "string" ? id.length : 0} (ids are never cut)`,
        ),
      );
    else {
      check(sink, id, "$.id");
      out.uniqueId = id;
    }
  }

  // data.$extra: canonical parts first, then the value marker, custom properties, kept entries
  const extra: JsonObject = {};
  // the entries the read-back check must look at (not `settled`), with their origins, side by side
  const pendingKeys: Array<string> = [];
  const pendingOrigins: Array<Origin> = [];
  // bound: quickBound(v, 0) when writePart measured it
  const put = (key: string, v: unknown, origin: Origin, bound?: number): boolean => {
    if (Object.hasOwn(extra, key)) {
      drop(sink, originPath(origin), v, `the data.$extra key ${key} is already taken`);
      return false;
    }
    if (bound === undefined) check(sink, v, origin.base, origin.key);
    else sink.bound += bound >= 0 ? bound : scanStack(v, originPath(origin), sink.errors);
    setOwn(extra, key, v);
    if (origin.settled !== true) {
      pendingKeys.push(key);
      pendingOrigins.push(origin);
    }
    return true;
  };
  const identity = (event.identity ?? {}) as JsonObject;
  const meter: Meter = { bound: undefined, matches: undefined };
  // the parts present, in table order (most are absent: probing each key of the event is slower)
  let present = IDENTITY_PART_BIT;
  for (const key in event) {
    const i = PART_INDEX.get(key);
    if (i !== undefined) present |= 1 << i;
  }
  while (present !== 0) {
    const low = present & -present;
    present ^= low;
    const i = 31 - Math.clz32(low);
    const part = PARTS[i] as Part;
    if (part.part === "identity") {
      // the writer reads only the part's own fields (the customer's identifiers stay out); an
      // identity with none of them writes no entry
      if (!isObject(identity)) continue;
      const w = writePart(part, identity, meter) as JsonObject;
      if (!isEmpty(w)) put(part.key, w, partOrigin(i, meter.matches), meter.bound);
      continue;
    }
    const v = (event as JsonObject)[part.part];
    if (v !== undefined) {
      const w = writePart(part, v, meter);
      put(part.key, w, partOrigin(i, meter.matches), meter.bound);
    }
  }
  for (const key in identity) {
    if (identity[key] === undefined) continue;
    if (!IDENTITY_KEYS.has(key)) drop(sink, pathKey("$.identity", key), identity[key], `redo has no identity ${key}`);
  }
  if (fromOrder) put(VALUE_MARKER.key, VALUE_MARKER.means, MARKER_ORIGIN);

  const props = event.properties as JsonObject | undefined;
  const placementIn = ext?.placement;
  const placement = isObject(placementIn) ? placementIn : undefined;
  const top: JsonObject = {};
  let topCount = 0;
  if (props !== undefined) {
    for (const key in props) {
      const v = props[key];
      const want = defaultPlace(key, v);
      let place = want;
      if (placement !== undefined && Object.hasOwn(placement, key)) {
        const p = placement[key];
        if (p === "data" && want === "extra" && key !== EXTRA && isScalar(v)) place = "data";
        else if (p === "extra" && want === "data") place = "extra";
      }
      if (place === "data") {
        check(sink, v, "$.properties", key);
        setOwn(top, key, v);
        topCount++;
      } else put(key, v, { base: "$.properties", key, expect: "property" });
    }
  }
  if (topCount > LIMITS.dataProperties)
    sink.errors.push(
      issue(
        "$.properties",
        `at most ${LIMITS.dataProperties} top-level data properties`,
        undefined,
        `$.properties: ${topCount} top-level data properties is over Redo's limit of ${LIMITS.dataProperties}`,
      ),
    );

  const keptIn = ext?.extra;
  const kept = isObject(keptIn) ? keptIn : undefined;
  if (keptIn !== undefined && kept === undefined) drop(sink, `${EXT}.extra`, keptIn, "not an object of data.$extra entries");
  if (kept !== undefined) for (const key in kept) put(key, kept[key], { base: `${EXT}.extra`, key, expect: "extra" });

  // what the decoder will read each $extra entry as; anything read otherwise has moved
  const writeExtra = !isEmpty(extra) || kept !== undefined;
  // the placement table the decoder will rebuild: top-level zeros and empties, $extra scalars
  const placed: JsonObject = {};
  for (const key in top) if (defaultPlace(key, top[key]) === "extra") setOwn(placed, key, "data");
  let liftedOrder: unknown;
  let marker = false;
  // in the order the decoder reads $extra (integer-like keys first), each entry not settled
  const pending = pendingKeys.length;
  if (pending !== 0) {
    const orderRead = readOrder(extra);
    // a few entries are found by a scan; many (custom properties) by an index built once
    const indexOf = pending > 8 ? new Map(pendingKeys.map((k, i) => [k, i])) : undefined;
    for (const key in extra) {
      const at = indexOf === undefined ? pendingKeys.indexOf(key) : (indexOf.get(key) ?? -1);
      if (at < 0) continue;
      const origin = pendingOrigins[at] as Origin;
      const v = extra[key];
      // top is this codec's own object: its own keys are the top-level keys
      const cls =
        classifyEntry(extra, key, v, orderRead, out.value, out.valueCurrency, false, origin.matches) ??
        (Object.hasOwn(top, key) ? REPEAT : PROPERTY);
      if (cls.kind === "property" && defaultPlace(key, v) === "data") setOwn(placed, key, "extra");
      if (cls.kind === "part" && cls.part.part === "order") liftedOrder = cls.value;
      if (cls.kind === "marker") marker = true;
      if (cls.kind === origin.expect) continue;
      if (origin.expect === "marker") {
        sink.losses.push(
          lossTo("$.value", "defaulted", undefined, out.value, "redo's value is read back as the event's own value"),
        );
        continue;
      }
      sink.losses.push(
        lossTo(
          originPath(origin),
          "moved",
          v,
          destination(cls, key),
          `redo reads the data.$extra entry ${key} as ${destination(cls, key)}`,
        ),
      );
    }
  }
  comparePlacement(sink, placementIn, placed);
  const noValue = needsNoValue(liftedOrder, marker, out.value, out.valueCurrency);
  if (noValue && ext?.noValue !== true)
    sink.losses.push(
      lossTo(`${EXT}.noValue`, "defaulted", ext?.noValue, true, "redo records that this event has no value of its own"),
    );
  else if (!noValue && ext?.noValue !== undefined)
    drop(sink, `${EXT}.noValue`, ext.noValue, "only an order with a total and no event value needs this flag");
  if (kept !== undefined && isEmpty(kept) && !isEmpty(extra))
    drop(sink, `${EXT}.extra`, kept, "an empty data.$extra marker does not survive beside other entries");
  const writeData = props !== undefined || writeExtra;
  if (props !== undefined && isEmpty(props) && writeExtra)
    drop(sink, "$.properties", props, "an empty custom-property object does not survive beside data.$extra");
  if (writeData) {
    const data = top;
    if (writeExtra) data[EXTRA] = extra;
    out.data = data;
  }

  // envelope, and extension keys this codec does not know
  if (ext !== undefined) {
    const envelope = ext.envelope;
    if (envelope !== undefined) {
      if (!isObject(envelope) || isEmpty(envelope))
        drop(sink, `${EXT}.envelope`, envelope, "not a non-empty object of top-level keys");
      else
        for (const key in envelope) {
          if (TOP.has(key))
            drop(sink, pathKey(`${EXT}.envelope`, key), envelope[key], `${key} is written from the canonical event`);
          else {
            check(sink, envelope[key], `${EXT}.envelope`, key);
            setOwn(out, key, envelope[key]);
          }
        }
    }
    for (const key in ext)
      if (key !== "envelope" && key !== "placement" && key !== "extra" && key !== "noValue")
        drop(sink, pathKey(EXT, key), ext[key], "not a redo extension");
    if (isEmpty(ext)) drop(sink, EXT, ext, "an empty object does not survive");
  }
  const extensions = event.extensions;
  if (extensions !== undefined) {
    if (isEmpty(extensions)) drop(sink, "$.extensions", extensions, "an empty object does not survive");
    for (const format in extensions)
      if (format !== "redo") {
        const at = foreignExtension("redo", format);
        drop(sink, at.path, extensions[format], at.reason);
      }
  }

  if (sink.errors.length === 0) {
    const bytes = overPayload(out, sink.bound);
    if (bytes !== undefined)
      sink.errors.push(
        issue("$", "a payload of at most 5 MB", undefined, `$: the redo event would be ${bytes} bytes, over Redo's 5 MB limit`),
      );
  }
  if (sink.errors.length > 0) return fail(sink.errors);
  return succeed({ value: out, losses: sink.losses });
};

// ---------------------------------------------------------------------------------------------
// input forms and bulk requests
// ---------------------------------------------------------------------------------------------

const explode = (document: unknown, path: string): Result<ReadonlyArray<WireRecord>> => {
  if (isObject(document) && Array.isArray(document.events) && !Object.hasOwn(document, "eventName")) {
    const events = document.events as ReadonlyArray<unknown>;
    const errors: Array<Issue> = [];
    for (const key in document)
      if (key !== "events")
        errors.push(
          issue(pathKey(path, key), "no such key", document[key], `${pathKey(path, key)}: a Redo bulk request holds only events`),
        );
    const eventsPath = pathKey(path, "events");
    if (events.length < 1 || events.length > LIMITS.bulkEvents)
      errors.push(
        issue(
          eventsPath,
          `1 to ${LIMITS.bulkEvents} events`,
          undefined,
          `${eventsPath}: a Redo bulk request holds 1 to ${LIMITS.bulkEvents} events, not ${events.length}`,
        ),
      );
    if (errors.length > 0) return fail(errors);
    return succeed(events.map((value, i) => ({ value, path: pathIndex(eventsPath, i) })));
  }
  return succeed([{ value: document, path }]);
};

const batch = (items: ReadonlyArray<EncodedItem>, size: number): Result<ReadonlyArray<unknown>> => {
  if (!Number.isInteger(size) || size < 1 || size > LIMITS.bulkEvents)
    return fail([
      issue(
        "batch",
        `a batch size from 1 to ${LIMITS.bulkEvents}`,
        size,
        `batch: a Redo bulk request holds 1 to ${LIMITS.bulkEvents} events, not ${size}`,
      ),
    ]);
  const out: Array<unknown> = [];
  let current: Array<unknown> = [];
  let bytes = 0;
  const flush = () => {
    if (current.length > 0) out.push({ events: current });
    current = [];
    bytes = 0;
  };
  for (const item of items) {
    const itemBytes = Buffer.byteLength(JSON.stringify(item.value), "utf8") + 1;
    if (current.length >= size || (current.length > 0 && bytes + itemBytes > LIMITS.payloadBytes - 16)) flush();
    current.push(item.value);
    bytes += itemBytes;
  }
  flush();
  return succeed(out);
};

/**
 * The `redo` codec (Redo custom events and bulk requests).
 *
 * @example
 * import { redo } from "commerce-rosetta/redo"
 * const r = redo.decode({ value: { eventName: "Page Viewed", customer: { email: "a@example.com" } }, path: "$" }, {})
 * // r.ok && r.value.type === "page_viewed"
 *
 * @category codecs
 * @since 0.1.0
 */
export const redo: Codec = {
  id: "redo",
  description: "Redo custom events (POST /stores/{storeId}/events) and bulk requests ({events:[…≤100]})",
  explode,
  decode: decodeRecord,
  freshEvents: true,
  encode: encodeRecord,
  batch,
  maxBatch: LIMITS.bulkEvents,
};

/**
 * Decodes one Redo custom event into a canonical event.
 *
 * @example
 * import { decodeRedo } from "commerce-rosetta/redo"
 * decodeRedo({ eventName: "Order Completed", customer: { email: "pat@example.com" }, value: 27.5, valueCurrency: "USD" })
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeRedo = (input: unknown, options: CodecOptions = {}): Result<CanonicalEvent> =>
  decodeRecord({ value: input, path: "$" }, options);

/**
 * Encodes a canonical event as a Redo custom event, with the losses.
 *
 * @example
 * import { encodeRedo } from "commerce-rosetta/redo"
 * encodeRedo({ type: "order_completed", name: "Order Completed", identity: { email: "pat@example.com" }, order: { total: 27.5, currency: "USD" } })
 * // value 27.5, valueCurrency "USD", data.$extra.order holds the order
 *
 * @category encoding
 * @since 0.1.0
 */
export const encodeRedo = (event: CanonicalEvent, options: CodecOptions = {}): Result<Encoded> => encodeRecord(event, options);
