/**
 * fast-check arbitraries for Redo: valid custom events (every customer field, customFields of all
 * three types, top-level zeros and empty strings, `$extra` with arbitrary JSON, canonical-part-shaped
 * entries, the value marker, `__proto__` keys, unknown top-level keys), valid bulk requests, and
 * canonical events that Redo can encode (with Redo extensions and reserved property keys). Also the
 * validators of Redo's published schema (`@redotech/redo-api-schema`, read from node_modules, not
 * copied), shared by the unit and property tests.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import fc from "fast-check";
import { parse } from "yaml";
import type { CanonicalEvent } from "../../src/canonical/model.js";
import { EVENT_NAME_TABLE } from "../../src/canonical/names.js";
import { daysInMonth } from "../../src/canonical/time.js";
import { isEmail } from "../../src/core/formats.js";
import { type JsonObject, setOwn } from "../../src/core/json.js";
import { type Kind, PARTS, type Part } from "../../src/formats/redo/fields.js";
import { canonicalEvent } from "./canonical.js";
import { currency, edgeKey, edgeNumber, edgeString, jsonObject, jsonValue, objectOf } from "./common.js";

// ---------------------------------------------------------------------------------------------
// Redo's published schema
// ---------------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
const addFormats = require("ajv-formats") as (ajv: Ajv) => Ajv;
const openapi = parse(readFileSync(require.resolve("@redotech/redo-api-schema/openapi.yaml"), "utf8")) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(openapi, "redo");

/** The validator of one custom event (`custom-event-request.schema`). */
export const validateRedoEvent: ValidateFunction = ajv.compile({ $ref: "redo#/components/schemas/custom-event-request.schema" });
/** The validator of a bulk request (`bulk-custom-event-request.schema`). */
export const validateRedoBulk: ValidateFunction = ajv.compile({
  $ref: "redo#/components/schemas/bulk-custom-event-request.schema",
});

// ---------------------------------------------------------------------------------------------
// valid Redo custom events
// ---------------------------------------------------------------------------------------------

/** Emails Redo's schema (`format: email`) accepts. */
export const redoEmail: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("pat@example.com", "stewart@example.com", "o'brien+tag@shop.example.co"),
  fc.emailAddress().filter(isEmail),
);
/** E.164 phone numbers. */
export const redoPhone: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{1,14}$/))
  .map(([a, b]) => `+${a}${b}`);
/** Redo customer ids: ObjectIds, or any non-empty string. */
export const redoCustomerId: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{24}$/),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** RFC 3339 date-times with real calendar dates: seconds always, any fraction, any offset. */
export const redoTimestamp: fc.Arbitrary<string> = fc
  .record({
    y: fc.integer({ min: 1, max: 9999 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    frac: fc.constantFrom("", ".0", ".5", ".123", ".123456789"),
    t: fc.constantFrom("T", "t"),
    zone: fc.constantFrom("Z", "z", "+00:00", "-05:00", "+05:30", "+14:00", "-0800"),
  })
  .map(({ y, m, d, h, mi, s, frac, t, zone }) => {
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    return `${p(y, 4)}-${p(m)}-${p(Math.min(d, daysInMonth(y, m)))}${t}${p(h)}:${p(mi)}:${p(s)}${frac}${zone}`;
  });

const scalar: fc.Arbitrary<string | number | boolean> = fc.oneof(edgeString, edgeNumber, fc.boolean());

const kindValue = (kind: Kind): fc.Arbitrary<unknown> => {
  const base = ((): fc.Arbitrary<unknown> => {
    switch (kind) {
      case "string":
        return edgeString;
      case "number":
        return edgeNumber;
      case "integer":
        return fc.integer({ min: -5, max: 1000 });
      case "boolean":
        return fc.boolean();
      case "strings":
        return fc.array(edgeString, { maxLength: 3 });
      case "objects":
        return fc.array(jsonObject(2), { maxLength: 2 });
      case "object":
      case "objectOrNull":
        return jsonObject(2);
    }
  })();
  return kind === "object" ? base : fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) });
};

/** A `$extra` entry shaped exactly like a canonical part (as the encoder writes it). */
const partShaped = (part: Part): fc.Arbitrary<unknown> => {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of part.fields) fields[f.wire] = kindValue(f.kind);
  const one = fc.record(fields, { requiredKeys: [] });
  return part.list ? fc.oneof(fc.array(one, { maxLength: 3 }), fc.constant(null)) : one;
};

/** `$extra` entries: arbitrary JSON under edge keys, part-shaped entries, near-misses, the marker spelling. */
const extraEntry: fc.Arbitrary<readonly [string, unknown]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(edgeKey, jsonValue) },
  { weight: 2, arbitrary: fc.constantFrom(...PARTS).chain((p) => fc.tuple(fc.constant(p.key), partShaped(p))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PARTS.map((p) => p.key)), jsonValue) },
  { weight: 1, arbitrary: fc.tuple(fc.constant("$value"), fc.constantFrom("order.total", "order", 0, null)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("Note", "Flag", "Order Id"), scalar) },
);

const TOP = new Set(["eventName", "customer", "eventTimestamp", "value", "valueCurrency", "uniqueId", "data"]);

const location = fc.record(
  {
    street1: edgeString,
    street2: edgeString,
    city: edgeString,
    state: edgeString,
    stateCode: edgeString,
    postalCode: edgeString,
    country: edgeString,
    countryCode: fc.constantFrom("US", "GB", "JP"),
    ianaTimeZoneName: fc.constantFrom("America/Los_Angeles", "Europe/Paris", "Asia/Tokyo"),
    latitude: edgeNumber,
    longitude: edgeNumber,
  },
  { requiredKeys: [] },
);

/** A valid Redo customer: at least one identifier, any profile fields, customFields of all three types. */
export const redoCustomer: fc.Arbitrary<JsonObject> = fc
  .tuple(
    fc.record({ id: redoCustomerId, email: redoEmail, phoneNumber: redoPhone }, { requiredKeys: [] }),
    fc.constantFrom("id", "email", "phoneNumber"),
    redoEmail,
    fc.record({ firstName: edgeString, lastName: edgeString, location }, { requiredKeys: [] }),
    fc.option(fc.array(fc.tuple(edgeKey, fc.oneof(scalar, redoTimestamp)), { maxLength: 4 }).map(objectOf), { nil: undefined }),
  )
  .map(([ids, must, email, profile, customFields]) => {
    const c: JsonObject = { ...ids, ...profile };
    if (c.id === undefined && c.email === undefined && c.phoneNumber === undefined)
      c[must === "email" ? "email" : must] =
        must === "email" ? email : must === "id" ? "665f1a2b3c4d5e6f7a8b9c0d" : "+11234567890";
    if (customFields !== undefined) c.customFields = customFields;
    return c;
  });

const names = fc.oneof(
  fc.constantFrom(...EVENT_NAME_TABLE.map((r) => r.redo)),
  fc.constantFrom("Purchase Milestone Reached", "order completed", "User Registered", "Loyalty Reward Earned"),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** A valid Redo custom event (`custom-event-request.schema`, within Redo's limits). */
export const redoEvent: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      eventName: names,
      customer: redoCustomer,
      eventTimestamp: redoTimestamp,
      value: edgeNumber,
      valueCurrency: fc.oneof(currency, edgeString),
      uniqueId: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constant("u".repeat(255)), fc.constant("🛒".repeat(127))),
      top: fc.option(
        fc.array(
          fc.tuple(
            edgeKey.filter((k) => k !== "$extra"),
            scalar,
          ),
          { maxLength: 5 },
        ),
        { nil: undefined },
      ),
      extra: fc.option(fc.array(extraEntry, { maxLength: 5 }), { nil: undefined }),
      envelope: fc.array(
        fc.tuple(
          edgeKey.filter((k) => !TOP.has(k)),
          jsonValue,
        ),
        { maxLength: 2 },
      ),
      marker: fc.boolean(),
    },
    { requiredKeys: ["eventName", "customer", "envelope", "marker"] },
  )
  .map(({ top, extra, envelope, marker, ...fields }) => {
    const out: JsonObject = {};
    for (const [k, v] of envelope) setOwn(out, k, v);
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
    if (top !== undefined || extra !== undefined) {
      const data = objectOf(top ?? []);
      if (extra !== undefined) data.$extra = objectOf(extra);
      out.data = data;
    }
    // sometimes: the event's value is the order total, as the encoder writes it
    const $extra = (out.data as JsonObject | undefined)?.$extra as JsonObject | undefined;
    const order = $extra?.order as JsonObject | undefined;
    if (marker && order !== null && typeof order === "object" && !Array.isArray(order) && typeof order.total === "number") {
      out.value = order.total;
      if (typeof order.currency === "string") out.valueCurrency = order.currency;
      else delete out.valueCurrency;
      setOwn($extra as JsonObject, "$value", "order.total");
    }
    // a JSON round trip, as a parser would hand it over (-0 becomes 0, keys stay own keys)
    return JSON.parse(JSON.stringify(out)) as JsonObject;
  });

/** A valid bulk request: 1 to 5 events. */
export const redoBulk: fc.Arbitrary<JsonObject> = fc
  .array(redoEvent, { minLength: 1, maxLength: 5 })
  .map((events) => ({ events }));

// ---------------------------------------------------------------------------------------------
// canonical events Redo can encode
// ---------------------------------------------------------------------------------------------

/** Property keys that meet the codec's own keys in `data` and `data.$extra`. */
const POOL = ["a", "Order Id", "order", "products", "identity", "page", "$value", "$extra", "__proto__", "constructor"] as const;

const poolValue: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  fc.constantFrom(0, "", null, "order.total", true),
  jsonValue,
  fc.constantFrom(...PARTS).chain(partShaped),
);

/** `extensions.redo` as a decoder writes it, and near-misses (stale, redundant or impossible entries). */
const redoExtension: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      envelope: fc
        .array(fc.tuple(fc.oneof(edgeKey, fc.constantFrom("data", "uniqueId", "source")), jsonValue), { maxLength: 3 })
        .map(objectOf),
      placement: fc
        .array(fc.tuple(fc.constantFrom(...POOL), fc.constantFrom("data", "extra", "elsewhere", 1)), { maxLength: 3 })
        .map(objectOf),
      extra: fc.array(fc.tuple(fc.constantFrom(...POOL), poolValue), { maxLength: 3 }).map(objectOf),
      noValue: fc.constantFrom(true, false, 1),
      other: jsonValue,
    },
    { requiredKeys: [] },
  )
  .map((r) => r as JsonObject);

const ID_KEYS = ["email", "phone", "redoCustomerId"] as const;

/**
 * Canonical events Redo can encode: the shared canonical arbitrary with valid identifiers (one at
 * least), non-empty ids, plus `extensions.redo` and properties under keys the codec itself uses.
 */
export const encodableCanonical: fc.Arbitrary<CanonicalEvent> = fc
  .tuple(
    canonicalEvent(),
    fc.record({ email: redoEmail, phone: redoPhone, redoCustomerId: redoCustomerId }, { requiredKeys: [] }),
    fc.constantFrom(...ID_KEYS),
    redoEmail,
    fc.option(redoExtension, { nil: undefined }),
    fc.option(fc.array(fc.tuple(fc.constantFrom(...POOL), poolValue), { maxLength: 4 }), { nil: undefined }),
    fc.boolean(),
  )
  .map(([event, ids, must, email, ext, reserved, zeros]) => {
    const e = { ...event } as JsonObject;
    const identity: JsonObject = { ...(event.identity ?? {}) };
    for (const k of ID_KEYS) if (typeof identity[k] === "string") delete identity[k];
    Object.assign(identity, ids);
    if (!ID_KEYS.some((k) => typeof identity[k] === "string"))
      identity[must] = must === "email" ? email : must === "phone" ? "+15550100" : "665f1a2b3c4d5e6f7a8b9c0d";
    e.identity = identity;
    if (e.id === "") e.id = "x";
    if (ext !== undefined) {
      const extensions: JsonObject = {};
      const old = event.extensions as JsonObject | undefined;
      if (old !== undefined) for (const k in old) setOwn(extensions, k, old[k]);
      extensions.redo = ext;
      e.extensions = extensions;
    }
    if (reserved !== undefined) {
      const props: JsonObject = {};
      const old = event.properties as JsonObject | undefined;
      if (old !== undefined) for (const k in old) setOwn(props, k, old[k]);
      for (const [k, v] of reserved) setOwn(props, k, v);
      e.properties = props;
    }
    if (zeros) {
      e.order = { ...((event.order as JsonObject | undefined) ?? {}), total: 0, discount: 0, shipping: 0 };
      e.products = [
        { id: "free", price: 0, quantity: 0, discount: 0 },
        ...((event.products as Array<unknown> | null | undefined) ?? []),
      ];
    }
    return e as unknown as CanonicalEvent;
  });
