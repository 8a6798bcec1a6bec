/**
 * fast-check arbitraries for Attribuly: journey items valid under the spec (every section, every
 * channel type, `null`s, absent keys, several non-null sections, null products, unknown keys with
 * unicode and `__proto__`, amounts that do and do not convert), `event_at` wall clocks that exist in
 * a given zone (found with an Intl oracle, independent of the code under test), whole API responses,
 * and canonical events of the types Attribuly carries.
 */
import fc from "fast-check";
import table from "../../mappings/attribuly.json" with { type: "json" };
import type { CanonicalEvent, EventType } from "../../src/canonical/model.js";
import { type JsonObject, setOwn } from "../../src/core/json.js";
import { canonicalEvent } from "./canonical.js";
import { edgeKey, edgeString, jsonObject, jsonValue, objectOf } from "./common.js";

/** The canonical types an Attribuly item can carry. */
export const ATTRIBULY_TYPES: ReadonlyArray<EventType> = [
  ...table.kinds.map(([, type]) => type as EventType),
  table.productsOnly as EventType,
  table.touchpoint as EventType,
];

/** Zones with and without DST, whole-hour and half-hour offsets. */
export const ZONES = [
  "UTC",
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "Pacific/Chatham",
] as const;

const ITEM_KEYS = new Set<string>(table.item);
const SECTIONS = table.sections as Readonly<Record<string, Readonly<Record<string, string>>>>;

// --- wall clocks that exist in a zone, by an oracle independent of src/canonical/zone.ts ---
const ORACLE = new Map<string, Intl.DateTimeFormat>();
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
/** The wall clock (`YYYY-MM-DD HH:mm:ss`) a zone shows at an instant, as Intl shows it. */
export const oracleWallClock = (epochMs: number, zone: string): string => {
  let f = ORACLE.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    ORACLE.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(epochMs)) p[part.type] = part.value;
  return `${pad(+p.year!, 4)}-${pad(+p.month!)}-${pad(+p.day!)} ${pad(+p.hour!)}:${pad(+p.minute!)}:${pad(+p.second!)}`;
};

/** A wall clock that exists in `zone` (so decoding it never meets a DST gap). */
export const eventAt = (zone: string): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.integer({ min: Date.UTC(1971, 0, 1) / 1000, max: Date.UTC(2090, 0, 1) / 1000 }),
      // around the DST changes of 2024 in the northern and southern hemispheres
      fc.integer({ min: Date.UTC(2024, 2, 8) / 1000, max: Date.UTC(2024, 3, 9) / 1000 }),
      fc.integer({ min: Date.UTC(2024, 9, 4) / 1000, max: Date.UTC(2024, 10, 5) / 1000 }),
    )
    .map((s) => oracleWallClock(s * 1000, zone));

// --- values ---
const integer: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1000, max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2750, 500, 1234, 9_007_199_254_740_992, 1e21, -5) },
);
const currencyCode: fc.Arbitrary<string> = fc.constantFrom("USD", "EUR", "JPY", "KWD", "BHD", "GBP", "usd", "XYZ", "");
const fieldValue = (key: string, kind: string): fc.Arbitrary<unknown> => {
  const base = kind === "integer" ? integer : key === "currency" ? currencyCode : edgeString;
  return fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) });
};

/** Unknown keys (never one the object's schema defines), unicode and `__proto__` included. */
const unknownKeys = (known: ReadonlySet<string>, max = 2): fc.Arbitrary<ReadonlyArray<readonly [string, unknown]>> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.tuple(
          edgeKey.filter((k) => !known.has(k)),
          jsonValue,
        ),
        { maxLength: max },
      ),
    },
  );

/** An object of a section: any subset of its fields, each fitting its kind or null, plus unknown keys. */
const sectionObject = (section: string): fc.Arbitrary<JsonObject> => {
  const fields = SECTIONS[section] as Readonly<Record<string, string>>;
  const known = new Set(Object.keys(fields));
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, kind] of Object.entries(fields)) parts[key] = fieldValue(key, kind);
  return fc.tuple(fc.record(parts, { requiredKeys: [] }), unknownKeys(known)).map(([o, extra]) => {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(o)) out[k] = v;
    for (const [k, v] of extra) setOwn(out, k, v);
    return out;
  });
};

/** Absent (undefined), null, or an object. */
const nullableSection = (section: string, nullWeight = 3): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: nullWeight, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: sectionObject(section) },
  );

const products: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constant(null) },
  {
    weight: 3,
    arbitrary: fc.array(
      fc.oneof({ weight: 6, arbitrary: sectionObject("products") }, { weight: 1, arbitrary: fc.constant(null) }),
      {
        maxLength: 3,
      },
    ),
  },
);

const channel: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...table.channels, "ad"), edgeString);

/**
 * A journey item valid under the spec whose `event_at` exists in `zone`: any subset of keys, any
 * section non-null (several at once too), unknown keys.
 */
export const attribulyItem = (zone = "UTC"): fc.Arbitrary<JsonObject> => {
  const str = fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 4, arbitrary: edgeString },
  );
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [wire, , kind] of table.fields) {
    fields[wire as string] =
      kind === "wallClock"
        ? fc.oneof(
            { weight: 5, arbitrary: eventAt(zone) },
            { weight: 1, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.constant(undefined) },
          )
        : wire === "event_type"
          ? fc.oneof({ weight: 5, arbitrary: channel }, { weight: 1, arbitrary: fc.constant(null) })
          : str;
  }
  for (const [wire] of table.details) fields[wire as string] = nullableSection(wire as string);
  fields.products = products;
  for (const [section] of table.kinds) fields[section as string] = nullableSection(section as string, 8);
  return fc.tuple(fc.record(fields), unknownKeys(ITEM_KEYS, 3)).map(([o, extra]) => {
    const out: JsonObject = {};
    for (const key of table.item) if (o[key] !== undefined) out[key] = o[key];
    for (const [k, v] of extra) setOwn(out, k, v);
    return out;
  });
};

/** A successful API response holding 1–5 items of one page, with unknown fields at both levels. */
export const attribulyResponse = (zone = "UTC", page = 1): fc.Arbitrary<JsonObject> =>
  fc
    .record({
      message: edgeString,
      order_id: fc.option(edgeString, { nil: undefined }),
      shop_currency: fc.option(fc.oneof(currencyCode, fc.constant(null)), { nil: undefined }),
      total: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
      page_size: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
      events: fc.array(attribulyItem(zone), { minLength: 1, maxLength: 5 }),
      dataExtra: unknownKeys(new Set(["order_id", "shop_currency", "total", "page", "page_size", "events"])),
      topExtra: unknownKeys(new Set(["code", "message", "data", "event_id", "event_at"])),
    })
    .map(({ message, order_id, shop_currency, total, page_size, events, dataExtra, topExtra }) => {
      const data: JsonObject = {};
      if (order_id !== undefined) data.order_id = order_id;
      if (shop_currency !== undefined) data.shop_currency = shop_currency;
      if (total !== undefined) data.total = total;
      data.page = page;
      if (page_size !== undefined) data.page_size = page_size;
      for (const [k, v] of dataExtra) setOwn(data, k, v);
      data.events = events;
      const out: JsonObject = { code: 1, message, data };
      for (const [k, v] of topExtra) setOwn(out, k, v);
      return out;
    });

/** A response whose code is not 1 (Attribuly reports failures with HTTP 200). */
export const failedResponse: fc.Arbitrary<JsonObject> = fc
  .record({
    code: fc.integer().filter((c) => c !== 1),
    message: fc.string({ minLength: 1 }),
    data: fc.oneof(fc.constant(null), jsonObject(2)),
  })
  .map((r) => ({ ...r }));

/** Canonical events of the types Attribuly carries (or of every type), from the shared arbitrary. */
export const canonicalForAttribuly = (types: ReadonlyArray<EventType> = ATTRIBULY_TYPES): fc.Arbitrary<CanonicalEvent> =>
  canonicalEvent({ types });

/**
 * Canonical events decoded from items, with parts of another canonical event (or junk) grafted on:
 * they exercise `extensions.attribuly` next to canonical content that contradicts it.
 */
export const graft = (
  decoded: CanonicalEvent,
  other: CanonicalEvent,
  keys: ReadonlyArray<string>,
  junk: unknown,
): CanonicalEvent => {
  const out: JsonObject = { ...(decoded as JsonObject) };
  for (const key of keys) {
    if (key === "ext.item" || key === "ext.section" || key === "ext.products" || key === "ext.absent" || key === "ext.response") {
      const ext: JsonObject = { ...((out.extensions as JsonObject | undefined)?.attribuly as JsonObject | undefined) };
      setOwn(ext, key.slice(4), junk);
      out.extensions = objectOf([["attribuly", ext]]);
      continue;
    }
    const v = (other as JsonObject)[key];
    if (v === undefined) delete out[key];
    else out[key] = v;
  }
  return out as unknown as CanonicalEvent;
};

/** Keys `graft` may replace. */
export const GRAFT_KEYS = [
  "type",
  "name",
  "id",
  "occurredAt",
  "identity",
  "order",
  "products",
  "search",
  "page",
  "device",
  "attribution",
  "coupon",
  "properties",
  "ext.item",
  "ext.section",
  "ext.products",
  "ext.absent",
  "ext.response",
] as const;
