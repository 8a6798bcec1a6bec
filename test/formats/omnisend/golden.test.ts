/**
 * Golden fixtures of the `omnisend` format: each `<name>.omnisend.json` decodes to exactly
 * `<name>.canonical.json`, which encodes back to exactly the Omnisend payload with no losses; both
 * sides validate (the seed JSON Schema, the canonical schema).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../../property-tests/arbitraries/omnisend.js";
import type { CanonicalEvent } from "../../../src/canonical/model.js";
import { canonical } from "../../../src/formats/canonical/codec.js";
import { decodeOmnisend, encodeOmnisend } from "../../../src/formats/omnisend/index.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/omnisend");
const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
const names = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".omnisend.json"))
  .map((f) => f.slice(0, -".omnisend.json".length))
  .sort();

describe("omnisend golden fixtures", () => {
  it("should cover every event the issue names", () => {
    for (const n of [
      "placed-order",
      "started-checkout",
      "added-product-to-cart",
      "viewed-product",
      "ordered-product",
      "order-refunded",
      "order-canceled",
      "custom-wishlist-reminder",
    ])
      expect(names).toContain(n);
  });

  describe.each(names)("%s", (name) => {
    const payload = read(`${name}.omnisend.json`);
    const golden = read(`${name}.canonical.json`) as CanonicalEvent;

    it("should be valid under the seed schema", () => {
      expect(schemaErrors(payload)).toEqual([]);
    });

    it("should decode to the golden canonical event", () => {
      const r = decodeOmnisend(payload);
      if (!r.ok) expect.unreachable(JSON.stringify(r.errors));
      expect(r.value).toStrictEqual(golden);
    });

    it("should decode to an event valid under the canonical schema", () => {
      const r = canonical.decode({ value: golden, path: "$" }, {});
      if (!r.ok) expect.unreachable(JSON.stringify(r.errors));
    });

    it("should encode the golden canonical event back to the payload with no losses", () => {
      const r = encodeOmnisend(golden);
      if (!r.ok) expect.unreachable(JSON.stringify(r.errors));
      expect(r.value.value).toStrictEqual(payload);
      expect(r.value.losses).toEqual([]);
    });
  });

  it("should keep __proto__ keys as own data without polluting prototypes", () => {
    const payload = read("custom-unknown-keys.omnisend.json") as Record<string, unknown>;
    const r = decodeOmnisend(payload);
    if (!r.ok) expect.unreachable(JSON.stringify(r.errors));
    const props = r.value.properties as Record<string, unknown>;
    expect(Object.hasOwn(props, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const e = encodeOmnisend(r.value);
    if (!e.ok) expect.unreachable(JSON.stringify(e.errors));
    const out = e.value.value as Record<string, unknown>;
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
