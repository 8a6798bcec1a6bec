import { fc, it as prop } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../src/core/json.js";
import { ITEM_FIELDS, ITEM_KEYS, PRODUCT_LIFT } from "../../../src/formats/attribuly/fields.js";
import { CLOCK_FAILED, itemSlot, liftProductField, writeItemFields } from "../../../src/formats/attribuly/writers.generated.js";

/** Values a validated item may hold in a scalar slot or product field, and some it may not. */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom("", "ünïcødé ☃", "__proto__", "2024-03-10 02:30:00"),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN),
  fc.constant(null),
  fc.constant(undefined),
);

/**
 * The oracle: the decoder's generic loop the generated writer replaced — each scalar field in the
 * table's order, a wall-clock string read by `clock` (skipped when it fails), stored at its path.
 */
const oracle = (slots: ReadonlyArray<unknown>, clock: (v: string, i: number) => unknown) => {
  const e: JsonObject = {};
  let ok = true;
  ITEM_FIELDS.forEach((f, i) => {
    let v = slots[ITEM_KEYS.indexOf(f.wire)];
    if (v === undefined) return;
    if (f.kind === "wallClock" && typeof v === "string") {
      v = clock(v, i);
      if (v === CLOCK_FAILED) {
        ok = false;
        return;
      }
    }
    if (f.path.length === 1) e[f.path[0] as string] = v;
    else ((e[f.path[0] as string] ??= {}) as JsonObject)[f.path[1] as string] = v;
  });
  return { e, ok };
};

describe("the generated attribuly writers", () => {
  it("should give each item key its place in the table, and -1 to any other key", () => {
    for (const [i, key] of ITEM_KEYS.entries()) expect(itemSlot(key)).toBe(i);
    for (const key of ["", "__proto__", "constructor", "Products", "event_id ", "toString"]) expect(itemSlot(key)).toBe(-1);
  });

  prop.prop([fc.array(value, { minLength: ITEM_KEYS.length, maxLength: ITEM_KEYS.length }), fc.boolean()], { numRuns: 500 })(
    "should write the scalar fields as the generic loop would, in the table's order, and fail where the clock fails",
    (slots, clockFails) => {
      const clock = (v: string, i: number) => (clockFails ? CLOCK_FAILED : `${v}@${i}`);
      const want = oracle(slots, clock);
      const e: JsonObject = {};
      const ok = writeItemFields(slots, e, undefined, (v, i) => clock(v, i));
      expect(ok).toBe(want.ok);
      expect(JSON.stringify(Object.entries(e))).toBe(JSON.stringify(Object.entries(want.e)));
      expect(e).toEqual(want.e);
    },
  );

  for (const f of PRODUCT_LIFT) {
    prop.prop([value], { numRuns: 100 })(
      `should lift product ${f.wire} to ${f.dotted} as the table's ${f.kind} rule says, and leave money to the decoder`,
      (v) => {
        const out: JsonObject = {};
        const want = v === null || f.kind === "string" || (f.kind === "integer" && Number.isSafeInteger(v));
        expect(liftProductField(f.wire, v, out)).toBe(want);
        expect(Object.entries(out)).toEqual(want ? [[f.dotted, v]] : []);
      },
    );
  }

  prop.prop([fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "id", "name", "price ")), value])(
    "should leave a key that is not a product field to the decoder, writing nothing",
    (key, v) => {
      fc.pre(!PRODUCT_LIFT.some((f) => f.wire === key));
      const out: JsonObject = {};
      expect(liftProductField(key, v, out)).toBe(false);
      expect(Object.getOwnPropertyNames(out)).toEqual([]);
    },
  );
});
