/**
 * The invariants of the `omnisend` format as properties: the format round trip on every payload the
 * seed schema accepts, the exactness of the loss report on the canonical round trip, schema-valid
 * output, and bad input that yields issues with JSONPaths instead of throwing.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { CanonicalEvent } from "../src/canonical/model.js";
import { isObject, type JsonObject, jsonDiff, setOwn } from "../src/core/json.js";
import { canonical } from "../src/formats/canonical/codec.js";
import { decodeOmnisend, encodeOmnisend } from "../src/formats/omnisend/index.js";
import { canonicalEvent } from "./arbitraries/canonical.js";
import { jsonValue } from "./arbitraries/common.js";
import { canonicalForOmnisend, jsonDifferences, omnisendPayload, schemaErrors, uncovered } from "./arbitraries/omnisend.js";

const RUNS = { numRuns: 300 };

describe("omnisend → canonical → omnisend", () => {
  test.prop([omnisendPayload], RUNS)("should generate only payloads valid under the seed schema", (p) => {
    expect(schemaErrors(p)).toEqual([]);
  });

  test.prop([omnisendPayload], RUNS)("should give back the input after decode then encode", (p) => {
    const decoded = decodeOmnisend(p);
    if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
    const encoded = encodeOmnisend(decoded.value);
    if (!encoded.ok) expect.unreachable(JSON.stringify(encoded.errors));
    expect(jsonDifferences(encoded.value.value, p)).toEqual([]);
    expect(encoded.value.losses).toEqual([]);
  });

  test.prop([omnisendPayload], RUNS)("should decode into events valid under the canonical schema, also after JSON", (p) => {
    const decoded = decodeOmnisend(p);
    if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
    const json = JSON.parse(JSON.stringify(decoded.value));
    const validated = canonical.decode({ value: json, path: "$" }, {});
    if (!validated.ok) expect.unreachable(JSON.stringify(validated.errors));
    const encoded = encodeOmnisend(validated.value);
    if (!encoded.ok) expect.unreachable(JSON.stringify(encoded.errors));
    expect(jsonDifferences(encoded.value.value, p)).toEqual([]);
  });

  test.prop([omnisendPayload], RUNS)("should keep __proto__ keys as data and never touch Object.prototype", (p) => {
    const decoded = decodeOmnisend(p);
    expect(decoded.ok).toBe(true);
    expect(({} as JsonObject).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe("canonical → omnisend → canonical", () => {
  test.prop([canonicalForOmnisend({ encodable: true })], RUNS)(
    "should give back the canonical event minus exactly the reported losses",
    (c) => {
      const encoded = encodeOmnisend(c);
      if (!encoded.ok) expect.unreachable(JSON.stringify(encoded.errors));
      const decoded = decodeOmnisend(encoded.value.value);
      if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
      const diffs = jsonDiff(c, decoded.value);
      expect(uncovered(diffs, encoded.value.losses)).toEqual({ unreported: [], overreported: [] });
    },
  );

  test.prop([canonicalForOmnisend()], RUNS)(
    "should either refuse with issues at the identity, currency or quantity, or report its losses exactly",
    (c) => {
      const encoded = encodeOmnisend(c);
      if (!encoded.ok) {
        for (const e of encoded.errors) expect(e.path).toMatch(/^\$\.(identity|order\.currency|products\[\d+\]\.quantity)$/);
        return;
      }
      const decoded = decodeOmnisend(encoded.value.value);
      if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
      expect(uncovered(jsonDiff(c, decoded.value), encoded.value.losses)).toEqual({ unreported: [], overreported: [] });
    },
  );

  test.prop([canonicalForOmnisend()], RUNS)("should only write payloads valid under the seed schema", (c) => {
    const encoded = encodeOmnisend(c);
    if (encoded.ok) expect(schemaErrors(encoded.value.value)).toEqual([]);
  });

  test.prop([canonicalForOmnisend({ encodable: true })], RUNS)(
    "should report no more losses when encoding what it decoded from its own output",
    (c) => {
      const first = encodeOmnisend(c);
      if (!first.ok) expect.unreachable(JSON.stringify(first.errors));
      const decoded = decodeOmnisend(first.value.value);
      if (!decoded.ok) expect.unreachable(JSON.stringify(decoded.errors));
      const second = encodeOmnisend(decoded.value);
      if (!second.ok) expect.unreachable(JSON.stringify(second.errors));
      expect(jsonDifferences(second.value.value, first.value.value)).toEqual([]);
      expect(second.value.losses).toEqual([]);
    },
  );

  test.prop([canonicalEvent()], RUNS)("should refuse to encode an event without a contact identifier", (c) => {
    const event = { ...(c as unknown as JsonObject) };
    const identity = isObject(event.identity) ? { ...event.identity } : {};
    delete identity.omnisendContactId;
    delete identity.email;
    delete identity.phone;
    event.identity = identity;
    const encoded = encodeOmnisend(event as unknown as CanonicalEvent);
    expect(encoded.ok).toBe(false);
    if (!encoded.ok)
      expect(encoded.errors.some((e) => e.path === "$.identity" && /contact identifier/.test(e.message))).toBe(true);
  });

  test.prop([canonicalForOmnisend({ encodable: true }), fc.integer({ min: -1000, max: 0 })], RUNS)(
    "should refuse a line-item quantity below 1 instead of writing 1",
    (c, q) => {
      const event = c as unknown as JsonObject;
      const products = [{ id: "p1", quantity: q }, ...(Array.isArray(event.products) ? event.products : [])];
      const encoded = encodeOmnisend({ ...event, products } as unknown as CanonicalEvent);
      expect(encoded.ok).toBe(false);
      if (!encoded.ok) expect(encoded.errors.map((e) => e.path)).toContain("$.products[0].quantity");
    },
  );
});

/** Paths of typed fields in a payload, with a value of the wrong type for each. */
const WRONG: ReadonlyArray<readonly [ReadonlyArray<string | number>, unknown]> = [
  [["eventName"], 1],
  [["eventName"], ""],
  [["eventTime"], "2026-02-29T00:00:00Z"],
  [["eventTime"], "yesterday"],
  [["eventID"], 7],
  [["origin"], null],
  [["contact"], "pat@example.com"],
  [["contact", "email"], "not an email"],
  [["contact", "contactID"], null],
  [["properties"], []],
  [["order"], []],
  [["order", "totalPrice"], "27.5"],
  [["order", "currency"], "usd"],
  [["order", "cartRecoveryURL"], "not a uri"],
  [["lineItems"], {}],
  [["lineItems", 0], "p1"],
  [["lineItems", 0, "quantity"], 0],
  [["lineItems", 0, "quantity"], 1.5],
  [["lineItems", 0, "price"], null],
  [
    ["lineItems", 0, "categoryIDs"],
    ["a", 1],
  ],
  [["lineItems", 0, "productUrl"], "/relative"],
];

const pathOf = (segments: ReadonlyArray<string | number>): string =>
  `$${segments.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("")}`;

describe("bad input", () => {
  test.prop([omnisendPayload, fc.constantFrom(...WRONG)], RUNS)(
    "should name the JSONPath of a wrongly typed field",
    (p, [segments, value]) => {
      const payload = structuredClone(p);
      if (segments[0] === "lineItems" && segments.length > 1) payload.lineItems = [{ productID: "p1" }];
      if (segments[0] === "contact" && segments.length > 1) payload.contact = { phone: "+14155550100" };
      if (segments[0] === "order" && segments.length > 1 && !isObject(payload.order)) payload.order = {};
      let target = payload as unknown as Record<string | number, unknown>;
      for (const s of segments.slice(0, -1)) target = target[s] as Record<string | number, unknown>;
      target[segments[segments.length - 1] as string | number] = value;
      const decoded = decodeOmnisend(payload);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.errors.map((e) => e.path)).toContain(pathOf(segments));
    },
  );

  test.prop([jsonValue], RUNS)("should return issues, never throw, for any JSON value", (v) => {
    const decoded = decodeOmnisend(v);
    if (!decoded.ok) for (const e of decoded.errors) expect(e.path.startsWith("$")).toBe(true);
  });

  test.prop([omnisendPayload, fc.constantFrom("eventName", "contact", "lineItems", "order", "properties"), jsonValue], RUNS)(
    "should return a value or issues, never throw, when any top-level field is replaced",
    (p, key, v) => {
      const payload = structuredClone(p);
      setOwn(payload, key, v);
      const decoded = decodeOmnisend(payload);
      if (decoded.ok) expect(encodeOmnisend(decoded.value).ok).toBe(true);
      else for (const e of decoded.errors) expect(e.path.startsWith("$")).toBe(true);
    },
  );

  test.prop([jsonValue], RUNS)("should return issues or a value, never throw, when encoding any JSON value", (v) => {
    const r = encodeOmnisend(v as CanonicalEvent);
    if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
  });
});
