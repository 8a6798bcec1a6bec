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
