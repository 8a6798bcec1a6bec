/**
 * Shared fast-check arbitraries: JSON values with the edge cases every format must survive (zeros,
 * empty strings, `null`, unicode, `__proto__` and `constructor` keys), money in 0-, 2- and 3-decimal
 * currencies, and timestamps with offsets and any precision.
 */
import fc from "fast-check";
import { daysInMonth } from "../../src/canonical/time.js";
import { setOwn } from "../../src/core/json.js";

/** Strings with the edge cases: empty, unicode (astral, combining, RTL), whitespace. */
export const edgeString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "é", "日本語", "🛒🎁", "a\u0301", "مرحبا", "\u0000", "line\nbreak") },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
);

/** Object keys, including the ones that pollute prototypes when written carelessly. */
export const edgeKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", "a.b", "$extra"),
  },
);

/** Numbers that survive JSON: integers, decimals, zero (never -0, NaN or Infinity). */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.1, 139.99, 1e21, 5e-7, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((n) => (Object.is(n, -0) ? 0 : n)),
);

/** Builds an object from entries with own-data writes (so `__proto__` is a key, not a prototype). */
export const objectOf = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> => {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) setOwn(o, k, v);
  return o;
};

/** Any JSON value, with the edge cases, to a small depth. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    edgeNumber,
    edgeString,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.array(fc.tuple(edgeKey, tie("value")), { maxLength: 3 }).map(objectOf),
  ),
})).value;

/** A JSON object with edge-case keys and values. */
export const jsonObject = (maxKeys = 4): fc.Arbitrary<Record<string, unknown>> =>
  fc.array(fc.tuple(edgeKey, jsonValue), { maxLength: maxKeys }).map(objectOf);

/** A JSON object whose keys avoid a set of reserved names. */
export const jsonObjectWithout = (reserved: ReadonlySet<string>, maxKeys = 4): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .array(
      fc.tuple(
        edgeKey.filter((k) => !reserved.has(k)),
        jsonValue,
      ),
      { maxLength: maxKeys },
    )
    .map(objectOf);

/** Currencies with 0, 2 and 3 decimal places, plus a lower-case spelling. */
export const currency: fc.Arbitrary<string> = fc.constantFrom("USD", "EUR", "JPY", "KWD", "BHD", "CLP", "GBP");

/** An amount in major units with at most `decimals` decimal places (exactly representable as a decimal). */
export const amount = (decimals = 2): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(0, 139.99, 27.5, 0.01, 1_000_000),
    fc.integer({ min: 0, max: 10_000_000 }).map((minor) => Number((minor / 10 ** decimals).toFixed(decimals))),
  );

/** An ISO-8601 date-time with a real calendar date: any offset, with or without seconds and fractions. */
export const timestamp: fc.Arbitrary<string> = fc
  .record({
    y: fc.integer({ min: 1970, max: 2099 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    frac: fc.constantFrom("", ".0", ".000", ".123", ".123456", ".123456789"),
    secs: fc.boolean(),
    zone: fc.constantFrom("Z", "+00:00", "-05:00", "+05:30", "+14:00", "-0800", "+0545"),
  })
  .map(({ y, m, d, h, mi, s, frac, secs, zone }) => {
    const day = Math.min(d, daysInMonth(y, m));
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    const time = secs ? `${p(h)}:${p(mi)}:${p(s)}${frac}` : `${p(h)}:${p(mi)}`;
    return `${p(y, 4)}-${p(m)}-${p(day)}T${time}${zone}`;
  });

/** Makes some keys of a record optional (absent) and lets each present value be `null` sometimes. */
export const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(
  fields: T,
  nullable = true,
): fc.Arbitrary<Record<string, unknown>> => {
  const wrapped: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, a] of Object.entries(fields))
    wrapped[k] = nullable ? fc.oneof({ weight: 6, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) }) : a;
  return fc.record(wrapped, { requiredKeys: [] });
};
