import { describe, expect, it } from "vitest";
import { EVENT_TYPES, eventHeadIssues, isEventType } from "../../src/canonical/event-types.js";
import type { CanonicalEvent } from "../../src/canonical/model.js";
import { encodeCustomerio } from "../../src/formats/customerio/codec.js";
import { encodeRedo } from "../../src/formats/redo/codec.js";

describe("isEventType", () => {
  it("should accept exactly the canonical types", () => {
    for (const t of EVENT_TYPES) expect(isEventType(t)).toBe(true);
    for (const u of ["Order Completed", "", "__proto__", "toString", null, undefined, 1, {}]) expect(isEventType(u)).toBe(false);
  });
});

describe("eventHeadIssues", () => {
  it("should find nothing wrong with a type and a non-empty name", () => {
    expect(eventHeadIssues({ type: "custom", name: "Signed Up" })).toBeUndefined();
  });
  it("should name every problem of the head with its JSONPath", () => {
    expect(eventHeadIssues({ type: "bogus", name: "" })?.map((i) => i.path)).toEqual(["$.type", "$.name"]);
    expect(eventHeadIssues({ type: null, name: "Order Completed" })?.map((i) => i.path)).toEqual(["$.type"]);
    for (const u of [null, "x", 1, []]) expect(eventHeadIssues(u)?.map((i) => i.path)).toEqual(["$"]);
  });
});

// fast-check counterexamples of property-tests/encoders.property.test.ts: each threw a TypeError before
describe("encoders given events that break the model", () => {
  const who = { userId: "u", email: "pat@example.com" };
  const broken = (e: Record<string, unknown>) => e as unknown as CanonicalEvent;
  it("should answer a type or name of the wrong kind with issues (customerio, redo)", () => {
    for (const encode of [encodeCustomerio, encodeRedo]) {
      const r = encode(broken({ type: null, name: null, identity: who }));
      expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(["$.type", "$.name"]);
      const notAnEvent = encode(broken(null as never));
      expect(notAnEvent.ok ? [] : notAnEvent.errors.map((e) => e.path)).toEqual(["$"]);
    }
  });
  it("should report a null customer, value or order to redo instead of throwing", () => {
    for (const [part, why] of [
      ["customer", "not an object"],
      ["value", "not an object"],
    ] as const) {
      const r = encodeRedo(broken({ type: "product_list_viewed", name: "Product List Viewed", identity: who, [part]: null }));
      expect(r.ok && r.value.losses.filter((l) => l.path === `$.${part}`).map((l) => l.reason)).toEqual([why]);
    }
    const r = encodeRedo(broken({ type: "product_list_viewed", name: "Product List Viewed", identity: who, order: null }));
    // a null order is carried as it is in data.$extra, and read back as a custom property: reported so
    expect(r.ok && r.value.losses.filter((l) => l.path === "$.order").map((l) => [l.kind, "to" in l ? l.to : undefined])).toEqual(
      [["moved", "$.properties.order"]],
    );
  });
});
