/**
 * The library never throws (issue 18): for any JSON-ish value — deep past the nesting limit, sparse
 * arrays, huge and odd numbers, odd keys, vendor records with a part replaced by any of those — and
 * any option object (missing, null, wrong types, a resolver that returns anything), `decode`,
 * `encode`, `translate`, `translateAll` and `detectFormat` return a result, every error carries a
 * path, and every successful value can be written as JSON.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { FORMAT_IDS } from "../src/formats/index.js";
import { decode, detectFormat, encode, translate, translateAll } from "../src/index.js";
import { canonicalEvent } from "./arbitraries/canonical.js";
import { edgeKey, jsonValue, objectOf } from "./arbitraries/common.js";
import { SOURCES } from "./arbitraries/sources.js";

/** A chain of objects and arrays `depth` levels deep. */
const nested = (depth: number, arrays: boolean): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays && i % 2 === 0 ? [v] : { a: v };
  return v;
};

const oddNumber = fc.oneof(
  fc.constantFrom(
    -0,
    2 ** 53 + 2,
    -(2 ** 60),
    1e308,
    -1e308,
    5e-324,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ),
  fc.bigInt().map((b) => Number(b)),
  fc.double(),
);

/** Values JSON can or cannot hold, as a caller might pass them. */
const hostile: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonValue,
    oddNumber,
    fc.integer({ min: 990, max: 3000 }).chain((d) => fc.boolean().map((arrays) => nested(d, arrays))),
    fc.sparseArray(tie("value"), { maxLength: 6 }),
    fc.array(fc.tuple(edgeKey, tie("value")), { maxLength: 4 }).map(objectOf),
    fc.constantFrom(undefined, null, () => 1, Symbol("s"), 10n, new Date(0), new Map()),
  ),
})).value;

/** A real record of some format with one of its keys set to a hostile value. */
const damagedRecord: fc.Arbitrary<unknown> = fc
  .tuple(fc.oneof(...SOURCES.map(([, arb]) => arb), canonicalEvent()), fc.nat(), hostile)
  .map(([record, at, value]) => {
    const copy = structuredClone(record) as Record<string, unknown>;
    const objects: Array<Record<string, unknown>> = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v !== null && typeof v === "object") {
        objects.push(v as Record<string, unknown>);
        Object.values(v).forEach(visit);
      }
    };
    visit(copy);
    const target = objects[at % objects.length] as Record<string, unknown>;
    const keys = Object.keys(target);
    const key = keys.length === 0 ? "x" : (keys[at % keys.length] as string);
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  });

const input = fc.oneof(hostile, damagedRecord);

const format = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FORMAT_IDS) }, fc.string(), fc.constant(undefined));

/** Any option object: missing, not an object, or with any value at every known key. */
const options: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, 0, "segment", []),
  fc.record(
    {
      from: format,
      to: format,
      zone: fc.oneof(fc.constantFrom("UTC", "America/New_York", "Not/AZone", ""), fc.anything()),
      moneyUnit: fc.oneof(fc.constantFrom("minor", "major"), fc.anything()),
      ambiguous: fc.oneof(fc.constantFrom("earlier", "later", "reject"), fc.anything()),
      lossless: fc.anything(),
      strict: fc.anything(),
      deriveIds: fc.anything(),
      names: fc.oneof(fc.constant({ order_completed: "Purchase" }), fc.anything()),
      identity: fc.oneof(fc.constant(undefined), fc.func(fc.oneof(fc.constant(undefined), hostile, fc.anything()))),
    },
    { requiredKeys: [] },
  ),
);

type AnyResult = { ok: boolean; errors?: ReadonlyArray<{ path?: unknown }>; value?: unknown };

/** A result: `ok` true with a value JSON can write, or false with errors that each carry a path. */
const expectResult = (r: unknown, writable = true): void => {
  const result = r as AnyResult;
  expect(typeof result.ok).toBe("boolean");
  if (result.ok) {
    if (writable) expect(() => JSON.stringify(result.value)).not.toThrow();
    return;
  }
  expect(result.errors?.length).toBeGreaterThan(0);
  for (const e of result.errors ?? []) {
    expect(typeof e.path).toBe("string");
    expect((e.path as string).length).toBeGreaterThan(0);
  }
};

describe("the library never throws", () => {
  test.prop([format, input, options], { numRuns: 300 })("decode returns a result for any input and options", (f, value, opts) => {
    expectResult(decode(f as never, value, opts as never));
  });

  test.prop([format, input, options], { numRuns: 300 })("encode returns a result for any event and options", (f, value, opts) => {
    expectResult(encode(f as never, value as never, opts as never));
  });

  test.prop([input, options], { numRuns: 300 })(
    "translate and translateAll return results for any input and options",
    (value, opts) => {
      expectResult(translate(value, opts as never));
      const all = translateAll(value, opts as never) as AnyResult;
      // the list holds one result per record (an error may quote a non-JSON input as found): each is checked
      expectResult(all, false);
      if (all.ok) for (const r of all.value as ReadonlyArray<{ path: string; result: unknown }>) expectResult(r.result);
    },
  );

  test.prop([input], { numRuns: 300 })("detectFormat answers for any value; a refusal for depth names the path", (value) => {
    const d = detectFormat(value);
    expect(typeof d.ok).toBe("boolean");
    if (!d.ok) expect(typeof d.reason).toBe("string");
  });
});
