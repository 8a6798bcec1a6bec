import { fc, it as prop } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { JsonObject } from "../../../src/core/json.js";
import { type Field, fits, type Meter, PARTS, quickBound } from "../../../src/formats/redo/fields.js";
import { type Fits, PART_WRITERS } from "../../../src/formats/redo/writers.generated.js";

/**
 * The oracle: the generic writer the generated ones replaced — the table fields present among the
 * object's keys, written in the table's order, the entry's `quickBound` and whether every value fits.
 */
const oracle = (fields: ReadonlyArray<Field>, o: JsonObject, depth: number) => {
  const present = new Set<string>();
  for (const key in o) present.add(key);
  const out: JsonObject = {};
  let bound = 2;
  let matches = true;
  for (const f of fields) {
    if (!present.has(f.canonical)) continue;
    const x = o[f.canonical];
    if (x === undefined) continue;
    out[f.wire] = x;
    if (bound >= 0) {
      const b = quickBound(x, depth + 1);
      bound = b < 0 ? -1 : bound + 6 * f.wire.length + 4 + b;
    }
    matches &&= fits(f.kind, x);
  }
  return { out, bound, matches };
};

const value = fc.oneof(
  fc.string(),
  fc.constantFrom("", "ünïcødé ☃", "__proto__", "x".repeat(3000)),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1.5, Number.NaN),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.array(fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

describe("the generated redo part writers", () => {
  for (const part of PARTS) {
    /** Mostly values of the field's kind (so one misfit does not hide the next), sometimes anything. */
    const ofKind = (f: Field): fc.Arbitrary<unknown> => {
      const typed =
        f.kind === "string"
          ? fc.string()
          : f.kind === "number"
            ? fc.double({ noNaN: true, noDefaultInfinity: true })
            : f.kind === "integer"
              ? fc.oneof(fc.integer(), fc.constantFrom(1.5, -0.25))
              : f.kind === "strings"
                ? fc.array(fc.string(), { maxLength: 3 })
                : f.kind === "objects"
                  ? fc.array(fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }), { maxLength: 2 })
                  : fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 });
      return fc.oneof({ arbitrary: typed, weight: 4 }, { arbitrary: value, weight: 1 });
    };
    const object = fc
      .tuple(
        fc.tuple(
          ...part.fields.map((f) =>
            fc.option(
              ofKind(f).map((v) => [f.canonical, v] as const),
              { nil: undefined },
            ),
          ),
        ),
        fc.array(fc.tuple(fc.oneof(fc.string(), fc.constant("__proto__")), value), { maxLength: 2 }),
      )
      .map(([picked, extra]) => {
        const o: JsonObject = {};
        for (const [k, v] of extra)
          Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        for (const kv of picked) if (kv !== undefined) o[kv[0]] = kv[1];
        return o;
      });
    prop.prop([object, fc.constantFrom(0, 1, 2, 62, 63, 64)], { numRuns: 200 })(
      `should write and measure a ${part.key} entry as the generic writer would, in the table's order`,
      (o, depth) => {
        const writer = PART_WRITERS[part.key];
        expect(writer).toBeDefined();
        const m: Meter = { bound: undefined, matches: undefined };
        const out = writer?.(o, depth, m, quickBound, fits as Fits);
        const want = oracle(part.fields, o, depth);
        expect(JSON.stringify(Object.entries(out ?? {}))).toBe(JSON.stringify(Object.entries(want.out)));
        expect(out).toEqual(want.out);
        expect(m).toEqual({ bound: want.bound, matches: want.matches });
      },
    );
  }
});
