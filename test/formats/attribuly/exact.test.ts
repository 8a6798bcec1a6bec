/**
 * The attribuly codec's fast paths give exactly what the general routines give: money conversion
 * against `canonical/money`, wall clocks against the regex spellings and `canonical/zone`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorUnitsToMoney, moneyToMinorUnits } from "../../../src/canonical/money.js";
import { isCalendarDate, isRfc3339DateTime, isTimestamp } from "../../../src/canonical/time.js";
import { timestampToWallClock, wallClockToTimestamp } from "../../../src/canonical/zone.js";
import { isWallClock, majorToMinor, minorToMajor, utcTimestamp, utcWallClock } from "../../../src/formats/attribuly/exact.js";

const CURRENCIES = ["USD", "JPY", "KWD", "CLF", "XXX", "usd", ""];

const EDGES = [
  0,
  -0,
  1,
  -1,
  0.1,
  1.005,
  27.5,
  139.99,
  1e-7,
  1e15,
  1e15 - 1,
  -(1e15 - 1),
  2 ** 53 - 1,
  2 ** 53,
  1e21,
  1.5e300,
  90071992547409.91,
];

const amounts = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
);

// the spelling `parseWallClock` reads, kept as the oracle for the hand-written scan
const WALL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const oracleWallClock = (text: string): boolean => {
  const m = WALL.exec(text);
  if (m === null) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return isCalendarDate(y, mo, d) && h <= 23 && mi <= 59 && s <= 59;
};

// the UTC spellings utcWallClock reads; any other goes to the general routine
const UTC_FORM = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?[Zz]$/;

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const clocks = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
    )
    .map(([y, m, d, h, mi, s]) => `${pad(y, 4)}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`),
  fc.constantFrom(
    "2024-02-29 00:00:00",
    "2023-02-29 00:00:00",
    "2024-01-01 00:00:00\n",
    "2024-01-01T00:00:00",
    "2024-1-01 00:00:00",
  ),
  fc.string({ minLength: 19, maxLength: 19 }),
);

describe("attribuly fast paths", () => {
  it("minorToMajor is minorUnitsToMoney", () => {
    fc.assert(
      fc.property(amounts, fc.constantFrom(...CURRENCIES), (n, c) => {
        const r = minorUnitsToMoney(n, c);
        expect(Object.is(minorToMajor(n, c), r.ok ? r.value : undefined)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("majorToMinor is moneyToMinorUnits", () => {
    fc.assert(
      fc.property(amounts, fc.constantFrom(...CURRENCIES), (n, c) => {
        const a = majorToMinor(n, c);
        const b = moneyToMinorUnits(n, c);
        expect(a).toEqual(b);
        if (a.ok && b.ok) expect(Object.is(a.value, b.value)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("isWallClock is the regex spelling with a real date and time", () => {
    fc.assert(
      fc.property(clocks, (t) => {
        expect(isWallClock(t)).toBe(oracleWallClock(t));
      }),
      { numRuns: 5000 },
    );
  });

  it("utcTimestamp and utcWallClock are the zone routines in UTC", () => {
    fc.assert(
      fc.property(clocks, (t) => {
        const r = wallClockToTimestamp(t, "UTC");
        const fast = utcTimestamp(t);
        if (fast !== undefined) expect(r).toEqual({ ok: true, value: fast });
        else expect(r.ok).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it("utcTimestamp notes only timestamps both checks accept when they scan them", () => {
    // what it notes, isTimestamp and isRfc3339DateTime then accept by comparison; so each must be
    // one their scanners accept too: other strings (with a fraction utcTimestamp never writes) take
    // both one-entry caches first, so the checks below scan
    fc.assert(
      fc.property(clocks, (t) => {
        const ts = utcTimestamp(t);
        if (ts === undefined) return;
        expect(isTimestamp(ts) && isRfc3339DateTime(ts)).toBe(true); // the noted string
        expect(isTimestamp("1999-12-31T23:59:59.123456789Z")).toBe(true);
        expect(isRfc3339DateTime("1999-12-31T23:59:58.123456789Z")).toBe(true);
        expect(isRfc3339DateTime(ts), ts).toBe(true);
        expect(isTimestamp("1999-12-31T23:59:59.123456789Z")).toBe(true);
        expect(isTimestamp(ts), ts).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("utcWallClock is timestampToWallClock in UTC", () => {
    const tails = fc.constantFrom("Z", "z", ".1Z", ",123z", ".123456789Z", ".1234567890Z", ".Z", "+00:00", "-05:30", "Z ", "");
    const seps = fc.constantFrom("T", "t", " ");
    fc.assert(
      fc.property(clocks, seps, tails, (t, sep, tail) => {
        const ts = `${t.slice(0, 10)}${sep}${t.slice(11)}${tail}`;
        const w = utcWallClock(ts);
        if (w !== undefined) {
          expect(timestampToWallClock(ts, "UTC")).toEqual({ ok: true, value: w });
          expect(wallClockToTimestamp(w, "UTC")).toEqual({ ok: true, value: `${w.slice(0, 10)}T${w.slice(11)}Z` });
        } else if (UTC_FORM.test(ts)) expect(timestampToWallClock(ts, "UTC").ok).toBe(false);
      }),
      { numRuns: 10000 },
    );
  });
});
