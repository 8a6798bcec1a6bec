import { describe, expect, expectTypeOf, it } from "vitest";
import { type BatchOf, batchLimit, toBatches } from "../src/batch.js";
import type { CanonicalEvent } from "../src/canonical/model.js";
import type { EncodedItem, FormatId } from "../src/core/codec.js";
import { encode } from "../src/translate.js";
import type { AttribulyResponse, RedoBulkRequest, TrackBatch } from "../src/types.js";

const event = (i: number, orderId = `o-${i}`): CanonicalEvent => ({
  type: "order_completed",
  name: "Order Completed",
  id: `e-${i}`,
  identity: { userId: `u-${i}`, email: `pat${i}@example.com` },
  order: { id: orderId, total: 10 + i, currency: "USD" },
});
const items = (format: FormatId, n: number, orderId?: string): Array<EncodedItem> =>
  Array.from({ length: n }, (_, i) => {
    const e = event(i, orderId);
    const r = encode(format, e);
    if (!r.ok) throw new Error(r.errors[0]?.message);
    return { value: r.value, event: e };
  });

describe("batching for every destination", () => {
  it("groups Customer.io / Segment calls into { batch } envelopes of at most the size", () => {
    for (const f of ["customerio", "segment"] as const) {
      const r = toBatches(f, items(f, 5), 2);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expectTypeOf(r.value).toEqualTypeOf<ReadonlyArray<TrackBatch>>();
      expect(r.value.map((b) => b.batch.length)).toEqual([2, 2, 1]);
    }
    expect(batchLimit("customerio")).toBe(10_000);
  });

  it("groups Redo events into bulk requests of at most 100, and refuses a larger size", () => {
    const r = toBatches("redo", items("redo", 101));
    if (!r.ok) throw new Error(r.errors[0]?.message);
    expectTypeOf(r.value).toEqualTypeOf<ReadonlyArray<RedoBulkRequest>>();
    expect(r.value.map((b) => b.events.length)).toEqual([100, 1]);
    expect(batchLimit("redo")).toBe(100);
    const over = toBatches("redo", items("redo", 1), 101);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.errors[0]?.message).toMatch(/1 to 100/);
  });

  it("groups Attribuly items into response pages, one order's journey per page", () => {
    const r = toBatches("attribuly", items("attribuly", 3, "o-1"), 2);
    if (!r.ok) throw new Error(r.errors[0]?.message);
    expectTypeOf(r.value).toEqualTypeOf<ReadonlyArray<AttribulyResponse>>();
    expect(r.value.map((p) => p.data.events.length)).toEqual([2, 1]);
    expect(r.value.every((p) => p.code === 1 && p.data.order_id === "o-1")).toBe(true);
  });

  it("says a format without a bulk envelope sends one by one, and names an unknown format", () => {
    expect(batchLimit("omnisend")).toBeUndefined();
    expect(batchLimit("canonical")).toBeUndefined();
    const r = toBatches("omnisend", items("omnisend", 2));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toBe("format: omnisend has no bulk envelope; send its records one by one");
    const u = toBatches("shopify" as FormatId, []);
    expect(u.ok === false && u.errors[0]?.message).toMatch(/unknown format "shopify"/);
    expectTypeOf<BatchOf<"omnisend">>().toEqualTypeOf<unknown>();
  });

  it("gives nothing for no items", () => {
    const r = toBatches("redo", []);
    expect(r).toEqual({ ok: true, value: [] });
  });
});
