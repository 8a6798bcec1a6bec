/**
 * Golden fixtures of the `omnisend-api` format. One Events API body per recommended event (written
 * after the examples in Omnisend's docs, `recommended-events.json`, completed where the docs cut them
 * off): each `<name>.wire.json` is valid under its event schema, decodes to exactly
 * `<name>.canonical.json`, and encodes back to exactly the body with no losses. Segment events of every
 * family (`segment/*.json`) translate to `<name>.omnisend-api.json`: valid under the custom-event (or
 * recommended) schema, nothing dropped, and read back to the same canonical event.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { apiSchemaErrors } from "../../../property-tests/arbitraries/omnisend-api.js";
import type { CanonicalEvent } from "../../../src/canonical/model.js";
import { canonical } from "../../../src/formats/canonical/codec.js";
import { customerio } from "../../../src/formats/customerio/codec.js";
import { decodeOmnisendApi, encodeOmnisendApi } from "../../../src/formats/omnisend-api/index.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/omnisend-api/golden");
const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
const names = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".wire.json"))
  .map((f) => f.slice(0, -".wire.json".length))
  .sort();

describe("omnisend-api golden fixtures", () => {
  it("should cover every recommended event", () => {
    expect(names).toEqual([
      "added-product-to-cart",
      "order-canceled",
      "order-fulfilled",
      "order-refunded",
      "ordered-product",
      "paid-for-order",
      "placed-order",
      "started-checkout",
      "viewed-product",
    ]);
  });

  describe.each(names)("%s", (name) => {
    const payload = read(`${name}.wire.json`);
    const golden = read(`${name}.canonical.json`) as CanonicalEvent;

    it("should be valid under its event schema", () => {
      expect(apiSchemaErrors(payload)).toEqual([]);
    });

    it("should decode to the golden canonical event, valid under the canonical schema", () => {
      const r = decodeOmnisendApi(payload);
      if (!r.ok) expect.unreachable(JSON.stringify(r.errors));
      expect(r.value).toStrictEqual(golden);
      const c = canonical.decode({ value: golden, path: "$" }, {});
      if (!c.ok) expect.unreachable(JSON.stringify(c.errors));
    });

    it("should encode the golden canonical event back to the body with no losses", () => {
      const r = encodeOmnisendApi(golden);
      if (!r.ok) expect.unreachable(JSON.stringify(r.errors));
      expect(r.value.value).toEqual(payload);
      expect(r.value.losses).toEqual([]);
    });
  });
});

const segmentDir = path.join(dir, "segment");
const segmentNames = fs
  .readdirSync(segmentDir)
  .filter((f) => f.endsWith(".segment.json"))
  .map((f) => f.slice(0, -".segment.json".length))
  .sort();

describe("Segment events of every family in omnisend-api", () => {
  it("should cover every Segment event family", () => {
    for (const n of ["browsing", "promotions", "ordering", "coupons", "wishlisting", "sharing", "reviewing"])
      expect(
        segmentNames.some((s) => s.startsWith(n)),
        n,
      ).toBe(true);
  });

  describe.each(segmentNames)("%s", (name) => {
    const input = read(path.join("segment", `${name}.segment.json`));
    const expected = read(path.join("segment", `${name}.omnisend-api.json`));

    it("should translate to the golden body, valid under its schema, with nothing dropped", () => {
      const d = customerio.decode({ value: input, path: "$" }, {});
      if (!d.ok) expect.unreachable(JSON.stringify(d.errors));
      const e = encodeOmnisendApi(d.value);
      if (!e.ok) expect.unreachable(JSON.stringify(e.errors));
      expect(e.value.value).toStrictEqual(expected);
      expect(apiSchemaErrors(e.value.value)).toEqual([]);
      expect(e.value.losses.filter((l) => l.kind === "dropped")).toEqual([]);
    });

    it("should read every Segment field back from the body", () => {
      const d = customerio.decode({ value: input, path: "$" }, {});
      if (!d.ok) expect.unreachable(JSON.stringify(d.errors));
      const back = decodeOmnisendApi(expected);
      if (!back.ok) expect.unreachable(JSON.stringify(back.errors));
      const { name: _a, extensions: _b, ...sent } = d.value as CanonicalEvent & { extensions?: unknown };
      const { name: _c, extensions: _d, ...got } = back.value as CanonicalEvent & { extensions?: unknown };
      expect(got).toStrictEqual(sent);
    });
  });
});
