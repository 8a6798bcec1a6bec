/**
 * The invariants of the `attribuly` format as properties: the item and response round trips on
 * every valid input (every zone and money unit), the exactness of the loss report on the canonical
 * round trip, refusal of the types Attribuly has no item for, and bad input that yields issues with
 * JSONPaths instead of throwing.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { type CanonicalEvent, EVENT_TYPES } from "../src/canonical/model.js";
import type { EncodedItem } from "../src/core/codec.js";
import { isObject, type JsonObject, jsonEqual, pathKey } from "../src/core/json.js";
import { type AttribulyOptions, attribuly, decodeAttribuly, encodeAttribuly } from "../src/formats/attribuly/index.js";
import {
  ATTRIBULY_TYPES,
  attribulyItem,
  attribulyResponse,
  canonicalForAttribuly,
  failedResponse,
  GRAFT_KEYS,
  graft,
  ZONES,
} from "./arbitraries/attribuly.js";
import { jsonValue } from "./arbitraries/common.js";
import { isValidCanonical, lossReportGaps } from "./laws.js";

const RUNS = { numRuns: 300 };

const options: fc.Arbitrary<AttribulyOptions> = fc.record({
  zone: fc.constantFrom(...ZONES),
  moneyUnit: fc.constantFrom("minor" as const, "major" as const),
  ambiguous: fc.constantFrom("earlier" as const, "later" as const),
});
const itemWithOptions = options.chain((o) => fc.tuple(attribulyItem(o.zone), fc.constant(o)));

/** Reads an encoded item back as `convert` does: through its response page when it has one. */
const readBack = (event: CanonicalEvent, value: unknown, o: AttribulyOptions) => {
  const pages = attribuly.batch?.([{ value, event }], 100);
  if (pages === undefined || !pages.ok) throw new Error("batch failed");
  const records = attribuly.explode(pages.value[0], "$");
  if (!records.ok) throw new Error(JSON.stringify(records.errors));
  const record = records.value[0];
  if (record === undefined) throw new Error("no record");
  const hasPage = isObject(event.extensions?.attribuly) && (event.extensions.attribuly as JsonObject).response !== undefined;
  return attribuly.decode(hasPage ? record : { value: record.value, path: "$" }, o);
};

describe("attribuly item → canonical → item", () => {
  test.prop([itemWithOptions], RUNS)(
    "should give back the item exactly, with no losses, in any zone and money unit",
    ([item, o]) => {
      const decoded = decodeAttribuly(item, o);
      if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
      expect(isValidCanonical(decoded.value)).toBe(true);
      const encoded = encodeAttribuly(decoded.value, o);
      if (!encoded.ok) expect.unreachable(JSON.stringify(encoded.errors));
      expect(encoded.value.losses).toEqual([]);
      expect(jsonEqual(encoded.value.value, item)).toBe(true);
    },
  );

  test.prop([attribulyItem()], RUNS)("should read the kind from the first non-null section in priority order", (item) => {
    const decoded = decodeAttribuly(item);
    if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
    const order = ["checkout_completed", "payment_info_submitted", "checkout_started", "cart_viewed", "search_submitted"];
    const types = ["order_completed", "payment_info_entered", "checkout_started", "cart_viewed", "products_searched"];
    const first = order.findIndex((k) => isObject(item[k]));
    const expected = first >= 0 ? types[first] : Array.isArray(item.products) ? "product_viewed" : "page_viewed";
    expect(decoded.value.type).toBe(expected);
  });

  test.prop([attribulyItem()], RUNS)("should keep __proto__ keys as data and never touch Object.prototype", (item) => {
    decodeAttribuly(item);
    expect(({} as JsonObject).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe("attribuly response → canonical → response", () => {
  const responses = options.chain((o) =>
    fc.tuple(
      fc
        .integer({ min: 1, max: 3 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => attribulyResponse(o.zone, i + 1)))),
      fc.constant(o),
    ),
  );
  test.prop([responses], { numRuns: 150 })(
    "should give back every response exactly after explode, decode, encode and batch 100",
    ([docs, o]) => {
      const items: Array<EncodedItem> = [];
      for (const doc of docs) {
        const records = attribuly.explode(doc, "$");
        if (!records.ok) expect.unreachable(JSON.stringify(records.errors));
        for (const record of records.value) {
          const decoded = attribuly.decode(record, o);
          if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
          const encoded = attribuly.encode(decoded.value, o);
          if (!encoded.ok) expect.unreachable(JSON.stringify(encoded.errors));
          expect(encoded.value.losses).toEqual([]);
          items.push({ value: encoded.value.value, event: decoded.value });
        }
      }
      const pages = attribuly.batch?.(items, 100);
      if (pages === undefined || !pages.ok) expect.unreachable("batch failed");
      expect(pages.value.length).toBe(docs.length);
      for (let i = 0; i < docs.length; i++) expect(jsonEqual(pages.value[i], docs[i])).toBe(true);
    },
  );

  test.prop([failedResponse], RUNS)("should reject a response whose code is not 1 with its message", (doc) => {
    const r = attribuly.explode(doc, "$");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.path).toBe("$.code");
      expect(r.errors[0]?.message).toContain(doc.message as string);
    }
  });
});

describe("canonical → attribuly → canonical", () => {
  test.prop([canonicalForAttribuly(), options], { numRuns: 500 })(
    "should give back the canonical event minus exactly the reported losses",
    (event, o) => {
      expect(isValidCanonical(event)).toBe(true);
      const encoded = encodeAttribuly(event, o);
      if (!encoded.ok) expect.unreachable(JSON.stringify(encoded.errors));
      const back = readBack(event, encoded.value.value, o);
      if (!back.ok) expect.unreachable(JSON.stringify(back.errors));
      expect(lossReportGaps(event, back.value, encoded.value.losses)).toEqual({ unexplained: [], unfounded: [] });
    },
  );

  const grafted = options.chain((o) =>
    fc.tuple(
      attribulyItem(o.zone),
      canonicalForAttribuly(),
      fc.subarray([...GRAFT_KEYS], { minLength: 1, maxLength: 4 }),
      fc.oneof(
        jsonValue,
        fc.constant([]),
        fc.constant({}),
        fc.constantFrom(["cart_viewed"], [null, {}], { checkout_started: {} }),
      ),
      fc.constant(o),
    ),
  );
  test.prop([grafted], { numRuns: 500 })(
    "should report exactly what does not come back when kept attribuly content meets other canonical content",
    ([item, other, keys, junk, o]) => {
      const decoded = decodeAttribuly(item, o);
      if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
      const event = graft(decoded.value, other, keys, junk);
      const encoded = encodeAttribuly(event, o);
      if (!encoded.ok) expect.unreachable(JSON.stringify(encoded.errors));
      const back = readBack(event, encoded.value.value, o);
      if (!back.ok) expect.unreachable(JSON.stringify(back.errors));
      expect(lossReportGaps(event, back.value, encoded.value.losses)).toEqual({ unexplained: [], unfounded: [] });
    },
  );

  test.prop([canonicalForAttribuly(EVENT_TYPES.filter((t) => !ATTRIBULY_TYPES.includes(t)))], RUNS)(
    "should refuse every type Attribuly has no item for, naming the type",
    (event) => {
      const encoded = encodeAttribuly(event);
      expect(encoded.ok).toBe(false);
      if (!encoded.ok) {
        expect(encoded.errors[0]?.path).toBe("$.type");
        expect(encoded.errors[0]?.message).toContain(event.type);
      }
    },
  );

  test.prop([canonicalForAttribuly(), options], RUNS)(
    "should report no losses when encoding what it decoded from its own output",
    (event, o) => {
      const first = encodeAttribuly(event, o);
      if (!first.ok) expect.unreachable(JSON.stringify(first.errors));
      const decoded = decodeAttribuly(first.value.value, o);
      if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
      const second = encodeAttribuly(decoded.value, o);
      if (!second.ok) expect.unreachable(JSON.stringify(second.errors));
      expect(second.value.losses).toEqual([]);
      expect(jsonEqual(second.value.value, first.value.value)).toBe(true);
    },
  );
});

describe("attribuly bad input", () => {
  // a field of a valid item set to a value of the wrong kind
  const scalarKeys = ["event_id", "event_at", "event_page_url", "event_type", "event_campaign"];
  const wrong = fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 1 }), fc.constant({}));
  test.prop([attribulyItem(), fc.constantFrom(...scalarKeys), wrong], RUNS)(
    "should name the JSONPath of a field of the wrong kind",
    (item, key, bad) => {
      const r = decodeAttribuly({ ...item, [key]: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(pathKey("$", key));
    },
  );

  const sectionKeys = ["cart_viewed", "checkout_started", "checkout_completed", "payment_info_submitted"];
  test.prop(
    [
      attribulyItem(),
      fc.constantFrom(...sectionKeys),
      fc.constantFrom("total_price", "shop_currency_total_price"),
      fc.oneof(fc.constant(1.5), fc.string()),
    ],
    RUNS,
  )("should name the JSONPath of a non-integer amount", (item, section, key, bad) => {
    const base = isObject(item[section]) ? (item[section] as JsonObject) : {};
    const r = decodeAttribuly({ ...item, [section]: { ...base, [key]: bad } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(`$.${section}.${key}`);
  });

  test.prop([jsonValue], RUNS)("should answer junk with issues that carry a JSONPath, never a throw", (junk) => {
    const r = decodeAttribuly(junk);
    if (!r.ok) for (const e of r.errors) expect(e.path.startsWith("$")).toBe(true);
    const x = attribuly.explode(junk, "$");
    if (!x.ok) for (const e of x.errors) expect(e.path.startsWith("$")).toBe(true);
  });

  test.prop([fc.anything(), options], { numRuns: 200 })("should never throw on any JavaScript value, either way", (value, o) => {
    expect(() => decodeAttribuly(value, o)).not.toThrow();
    expect(() => attribuly.explode(value, "$")).not.toThrow();
    expect(() =>
      encodeAttribuly({ type: "page_viewed", name: "Page Viewed", attribution: { creator: value } } as CanonicalEvent, o),
    ).not.toThrow();
    expect(() => encodeAttribuly(value as CanonicalEvent, o)).not.toThrow();
  });
});
