/**
 * Strict timestamps: ISO-8601 / RFC 3339 date-times are checked against the calendar (no
 * `2026-02-29`, no month 13, no hour 24) and kept exactly as spelled, so a round trip to the same
 * format gives back the same string, offset and precision included.
 *
 * @since 0.1.0
 */

/**
 * Whether a year is a leap year in the proleptic Gregorian calendar.
 *
 * @example
 * import { isLeapYear } from "commerce-rosetta"
 * isLeapYear(2024) // true
 *
 * @category time
 * @since 0.1.0
 */
export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The number of days in a month (1–12) of a year.
 *
 * @example
 * import { daysInMonth } from "commerce-rosetta"
 * daysInMonth(2026, 2) // 28
 *
 * @category time
 * @since 0.1.0
 */
export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/**
 * Whether a year, month and day name a real calendar date.
 *
 * @example
 * import { isCalendarDate } from "commerce-rosetta"
 * isCalendarDate(2026, 2, 29) // false
 *
 * @category time
 * @since 0.1.0
 */
export const isCalendarDate = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);

/**
 * Whether a string is an ISO-8601 date-time with a zone (`Z` or an offset) whose every part exists:
 * `2024-02-01T08:00:00Z`, `2024-02-01T08:00+05:30`, `2024-02-01T08:00:00.123456Z`.
 *
 * @example
 * import { isTimestamp } from "commerce-rosetta"
 * isTimestamp("2024-02-29T00:00:00Z") // true
 * isTimestamp("2025-02-29T00:00:00Z") // false
 *
 * @category time
 * @since 0.1.0
 */
export const isTimestamp = (s: string): boolean => {
  // `^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d(?::\d\d(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d\d:?\d\d)$` with every part
  // in range, in one pass without a regex or a match array (a hot path of every codec)
  const n = s.length;
  if (n < 17) return false;
  const year = digits4(s, 0);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return false;
  const t = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116) || s.charCodeAt(13) !== 58) return false;
  let i = 16;
  if (s.charCodeAt(i) === 58) {
    const second = digits2(s, i + 1);
    if (second < 0 || second > 59) return false;
    i += 3;
    const dot = s.charCodeAt(i);
    if (dot === 46 || dot === 44) {
      const start = ++i;
      while (i < n && isDigitAt(s, i)) i++;
      if (i === start || i - start > 9) return false;
    }
  }
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== n) return false;
  } else if (z === 43 || z === 45) {
    const oh = digits2(s, i + 1);
    const j = s.charCodeAt(i + 3) === 58 ? i + 4 : i + 3;
    const om = digits2(s, j);
    if (oh < 0 || om < 0 || j + 2 !== n || oh > 23 || om > 59) return false;
  } else return false;
  return isCalendarDate(year, month, day) && hour <= 23 && minute <= 59;
};

const isDigitAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** The two ASCII digits at `i` as a number, or -1. */
const digits2 = (s: string, i: number): number =>
  isDigitAt(s, i) && isDigitAt(s, i + 1) ? (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48) : -1;

/** The four ASCII digits at `i` as a number, or -1. */
const digits4 = (s: string, i: number): number => {
  const hi = digits2(s, i);
  const lo = digits2(s, i + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
};

/**
 * Whether a string is an RFC 3339 date-time with a real calendar date and time: exactly
 * `isRfc3339Shape(s) && isTimestamp(s)`, in one pass without a regex (the hot path of decoding and
 * encoding `eventTimestamp`).
 *
 * @example
 * import { isRfc3339DateTime } from "commerce-rosetta"
 * isRfc3339DateTime("2026-04-02T12:00:00Z") // true
 * isRfc3339DateTime("2026-02-30T12:00:00Z") // false
 *
 * @category time
 * @since 0.1.0
 */
export const isRfc3339DateTime = (s: string): boolean => {
  // `^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:?\d\d)$` (ajv-formats) with at most
  // nine fraction digits and every part in range (`isTimestamp`), in one pass without a regex: hot path
  const n = s.length;
  if (n < 20) return false;
  const year = digits4(s, 0);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  const second = digits2(s, 17);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return false;
  const t = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116)) return false;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < n && isDigitAt(s, i)) i++;
    if (i === start || i - start > 9) return false;
  }
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== n) return false;
  } else if (z === 43 || z === 45) {
    const oh = digits2(s, i + 1);
    const j = s.charCodeAt(i + 3) === 58 ? i + 4 : i + 3;
    const om = digits2(s, j);
    if (oh < 0 || om < 0 || j + 2 !== n || oh > 23 || om > 59) return false;
  } else return false;
  return isCalendarDate(year, month, day) && hour <= 23 && minute <= 59 && second <= 59;
};
