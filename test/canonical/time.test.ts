import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { timestamp } from "../../property-tests/arbitraries/common.js";
import { isRfc3339DateTime, isTimestamp } from "../../src/canonical/time.js";

describe("timestamps", () => {
  it("accepts ISO-8601 date-times with offsets, any precision, no seconds", () => {
    for (const s of [
      "2024-02-01T08:00:00Z",
      "2024-02-01T08:00Z",
      "2024-02-29T00:00:00.123456789+05:30",
      "2024-12-31T23:59:59-0800",
      "2000-02-29T12:00:00z",
    ]) {
      expect(isTimestamp(s), s).toBe(true);
    }
  });
  it("rejects impossible dates and times instead of rolling them over", () => {
    for (const s of [
      "2026-02-29T00:00:00Z",
      "2025-13-01T00:00:00Z",
      "2024-04-31T00:00:00Z",
      "1900-02-29T00:00:00Z",
      "2024-01-01T24:00:00Z",
      "2024-01-01T10:60:00Z",
      "2024-01-01T10:00:61Z",
      "2024-01-01T10:00:00+24:00",
    ]) {
      expect(isTimestamp(s), s).toBe(false);
    }
  });
  it("rejects zone-less, date-only and non-ISO strings", () => {
    for (const s of ["2024-02-01T08:00:00", "2024-02-01", "2024-02-01 08:00:00Z", "Feb 1 2024", ""])
      expect(isTimestamp(s), s).toBe(false);
  });
  test.prop([timestamp])("should accept every date-time the arbitrary builds from real calendar dates", (s) => {
    expect(isTimestamp(s)).toBe(true);
    expect(Number.isNaN(Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")))).toBe(false);
  });
  test.prop([fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })])(
    "should agree with the calendar on which dates exist",
    (y, m, d) => {
      const s = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T00:00:00Z`;
      const date = new Date(Date.UTC(y, m - 1, d));
      date.setUTCFullYear(y);
      const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
      expect(isTimestamp(s)).toBe(real);
    },
  );
});

/** The regex form of `isTimestamp` (its first implementation), kept as the oracle of the one-pass scanner. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const isTimestampByRegex = (s: string): boolean => {
  const m = ISO.exec(s);
  if (m === null) return false;
  const [, y, mo, d, h, mi, sec, , , , oh, om] = m.map((x) => (x === undefined ? undefined : Number(x)));
  const days = [
    31,
    (y as number) % 4 === 0 && ((y as number) % 100 !== 0 || (y as number) % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  if ((mo as number) < 1 || (mo as number) > 12 || (d as number) < 1 || (d as number) > (days[(mo as number) - 1] as number))
    return false;
  if ((h as number) > 23 || (mi as number) > 59 || (sec !== undefined && sec > 59)) return false;
  return oh === undefined || ((oh as number) <= 23 && (om as number) <= 59);
};

/** Timestamps with a few characters replaced, inserted or removed: near misses of every part. */
const nearTimestamp = fc
  .tuple(
    timestamp,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("replace", "insert", "remove"), fc.constantFrom(..."0123456789-:TtZz+.,9 x")), {
      maxLength: 3,
    }),
  )
  .map(([s, edits]) => {
    let out = s;
    for (const [at, op, c] of edits) {
      const i = at % (out.length + 1);
      out =
        op === "insert"
          ? out.slice(0, i) + c + out.slice(i)
          : op === "replace"
            ? out.slice(0, i) + c + out.slice(i + 1)
            : out.slice(0, i) + out.slice(i + 1);
    }
    return out;
  });

describe("the one-pass timestamp scanner", () => {
  test.prop([nearTimestamp], { numRuns: 2000 })("should agree with the regex form on timestamps and their near misses", (s) => {
    expect(isTimestamp(s)).toBe(isTimestampByRegex(s));
  });
  it("agrees with the regex form on the shapes it branches on", () => {
    for (const s of [
      "2024-02-01T08:00:00,5Z",
      "2024-02-01T08:00.5Z",
      "2024-02-01T08:00:00.Z",
      "2024-02-01T08:00:00.1234567890Z",
      "2024-02-01T08:00+0530",
      "2024-02-01T08:00+05:3",
      "2024-02-01T08:00:00+05:30x",
      "2024-02-01T08:00:00Zz",
      "2024-02-01T08:0000Z",
      "0000-02-29T00:00Z",
    ])
      expect(isTimestamp(s), s).toBe(isTimestampByRegex(s));
  });
});

describe("RFC 3339 date-times", () => {
  it("accepts RFC 3339 with seconds and a real date, rejects what it does not", () => {
    for (const s of [
      "2026-04-02T12:00:00Z",
      "2024-02-29T23:59:59.123456789+05:30",
      "2024-02-29t00:00:00z",
      "2024-01-01T00:00:00-0800",
    ])
      expect(isRfc3339DateTime(s), s).toBe(true);
    for (const s of [
      "2026-02-30T12:00:00Z",
      "2024-02-01T08:00Z",
      "2024-02-01T08:00:00,5Z",
      "2024-02-01T08:00:00.1234567890Z",
      "2024-02-01 08:00:00Z",
      "2024-02-01T24:00:00Z",
    ])
      expect(isRfc3339DateTime(s), s).toBe(false);
  });
  test.prop([timestamp])("should equal the RFC 3339 shape check and isTimestamp together", (s) => {
    const shape = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(s);
    expect(isRfc3339DateTime(s)).toBe(shape && isTimestamp(s));
  });
});

describe("the last-valid caches", () => {
  const RFC3339_SHAPE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
  test.prop([fc.array(fc.tuple(fc.oneof(nearTimestamp, timestamp), fc.boolean()), { minLength: 2, maxLength: 12 })], {
    numRuns: 1000,
  })("should answer every string of a sequence as the scanner's oracle does, whatever came before, in either order", (steps) => {
    for (const [s, rfcFirst] of steps) {
      const rfc = () => expect(isRfc3339DateTime(s), s).toBe(RFC3339_SHAPE.test(s) && isTimestampByRegex(s));
      if (rfcFirst) rfc();
      expect(isTimestamp(s), s).toBe(isTimestampByRegex(s));
      if (!rfcFirst) rfc();
    }
  });
  it("should reject a near miss right after the valid string it came from", () => {
    expect(isTimestamp("2024-02-29T00:00:00Z")).toBe(true);
    expect(isTimestamp("2025-02-29T00:00:00Z")).toBe(false);
    expect(isRfc3339DateTime("2024-02-29T00:00:00Z")).toBe(true);
    expect(isRfc3339DateTime("2024-02-29T00:00Z")).toBe(false);
    expect(isTimestamp(["2024-02-29", "00:00:00Z"].join("T"))).toBe(true);
  });
  it.each([
    ["2024-02-01T08:00:00,5Z", false], // a `,` before the fraction: ISO 8601, not RFC 3339
    ["2024-02-01T08:00Z", false], // no seconds
    ["2024-02-01T08:00+05:30", false],
    ["2024-02-01T08:00:00.5Z", true],
    ["2024-02-01T08:00:00+0530", true],
  ])("should read %j, just accepted by isTimestamp, as RFC 3339: %s", (s, want) => {
    expect(isTimestamp(s)).toBe(true);
    expect(isRfc3339DateTime(s)).toBe(want);
  });
});
