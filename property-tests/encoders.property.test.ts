/**
 * Every encoder against canonical events that break the model: each part may be `null`, a scalar, an
 * array, or an object of junk, and product lists may hold `null`, scalars and arrays. The API types
 * an encoder's input as a `CanonicalEvent`, but JavaScript callers and hand-built events do not have
 * to follow the types: an encoder answers with a result (losses) or issues that carry a JSONPath,
 * never a throw.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { EVENT_TYPES } from "../src/canonical/event-types.js";
import type { CanonicalEvent } from "../src/canonical/model.js";
import type { FormatId } from "../src/core/codec.js";
import { codecOf } from "../src/formats/index.js";
import { jsonValue } from "./arbitraries/common.js";

const FORMATS: ReadonlyArray<FormatId> = ["customerio", "segment", "omnisend", "redo", "attribuly", "canonical"];
const PARTS = [
  "customer",
  "order",
  "list",
  "search",
  "promotion",
  "checkout",
  "coupon",
  "wishlist",
  "share",
  "review",
  "value",
  "page",
  "device",
  "attribution",
  "properties",
  "extensions",
] as const;

/** A part that may be anything: missing, `null`, a scalar, an array, an object of junk. */
const junk = fc.oneof(jsonValue, fc.constant(null), fc.array(jsonValue, { maxLength: 3 }));
/** A product list with holes: `null`, scalars and arrays among product-like objects. */
const products = fc.oneof(
  junk,
  fc.array(
    fc.oneof(
      fc.constant(null),
      jsonValue,
      fc.record({ id: fc.oneof(fc.string(), jsonValue), price: fc.oneof(fc.double(), jsonValue) }, { requiredKeys: [] }),
    ),
    { maxLength: 4 },
  ),
);

const brokenEvent = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom(...EVENT_TYPES), jsonValue),
      name: fc.oneof(fc.constantFrom("Order Completed", "Product Viewed", "x"), jsonValue),
      id: jsonValue,
      occurredAt: jsonValue,
      identity: fc.oneof(fc.constant({ userId: "u", anonymousId: "a", email: "pat@example.com", omnisendContactId: "c" }), junk),
      products,
      parts: fc.array(fc.tuple(fc.constantFrom(...PARTS), junk), { maxLength: 5 }),
    },
    { requiredKeys: ["type", "name", "identity", "parts"] },
  )
  .map(({ parts, ...e }) => {
    const event: Record<string, unknown> = { ...e };
    for (const [key, v] of parts) event[key] = v;
    return event as unknown as CanonicalEvent;
  });

describe("encoders on events that break the canonical model", () => {
  for (const format of FORMATS) {
    test.prop(
      [fc.oneof({ arbitrary: brokenEvent, weight: 9 }, { arbitrary: jsonValue as fc.Arbitrary<CanonicalEvent>, weight: 1 })],
      {
        numRuns: 300,
      },
    )(`should answer ${format} with a result or issues carrying a JSONPath, never a throw`, (event) => {
      const codec = codecOf(format);
      if (codec === undefined) throw new Error(`no codec ${format}`);
      const r = codec.encode(event, {});
      if (r.ok) expect(() => JSON.stringify(r.value.value)).not.toThrow();
      else for (const e of r.errors) expect(e.path.startsWith("$")).toBe(true);
    });
  }
});
