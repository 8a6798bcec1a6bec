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
  // the last string found valid: a translation checks the same timestamp when decoding and again
  // when encoding, and comparing it with itself is a pointer comparison
  if (s === lastTimestamp) return true;
  if (!scanDateTime(s, false)) return false;
  lastTimestamp = s;
  return true;
};

/** The last strings `isTimestamp` and `isRfc3339DateTime` found valid. */
let lastTimestamp: string | undefined;
let lastRfc3339: string | undefined;

const isDigitAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * The two ASCII digits at `i` as a number, or -1.
 *
 * @internal
 */
export const digits2 = (s: string, i: number): number =>
  isDigitAt(s, i) && isDigitAt(s, i + 1) ? (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48) : -1;

/**
 * Whether `s` begins `YYYY-MM-DD?HH:mm`, `?` being `sepA` or `sepB` (character codes), and names a
 * real calendar date, hour and minute: the part every date-time check here shares.
 *
 * @internal
 */
export const isDateHourMinuteAt = (s: string, sepA: number, sepB: number): boolean => {
  const t = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== sepA && t !== sepB) || s.charCodeAt(13) !== 58) return false;
  const hi = digits2(s, 0);
  const lo = digits2(s, 2);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  if (hi < 0 || lo < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return false;
  return isCalendarDate(hi * 100 + lo, month, day) && hour <= 23 && minute <= 59;
};

/**
 * One pass, no regex or match array (a hot path of every codec), over
 * `^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d(?::\d\d(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d\d:?\d\d)$` with every part in range;
 * `rfc3339` requires the seconds and allows only `.` before a fraction (ajv-formats' `date-time`).
 */
const scanDateTime = (s: string, rfc3339: boolean): boolean => {
  const n = s.length;
  if (n < (rfc3339 ? 20 : 17) || !isDateHourMinuteAt(s, 84, 116)) return false;
  let i = 16;
  if (s.charCodeAt(i) === 58) {
    const second = digits2(s, i + 1);
    if (second < 0 || second > 59) return false;
    i += 3;
    const mark = s.charCodeAt(i);
    if (mark === 46 || (mark === 44 && !rfc3339)) {
      const start = ++i;
      while (i < n && isDigitAt(s, i)) i++;
      if (i === start || i - start > 9) return false;
    }
  } else if (rfc3339) return false;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) return i + 1 === n;
  if (z !== 43 && z !== 45) return false;
  const oh = digits2(s, i + 1);
  const j = s.charCodeAt(i + 3) === 58 ? i + 4 : i + 3;
  const om = digits2(s, j);
  return oh >= 0 && om >= 0 && j + 2 === n && oh <= 23 && om <= 59;
};

/**
 * Records a timestamp built from parts already checked — `YYYY-MM-DDTHH:mm:ssZ` from a real UTC wall
 * clock — as the last one {@link isTimestamp} and {@link isRfc3339DateTime} accepted, so an encoder's
 * check of the same string is a comparison. Only for strings both accept: a wrong note lets an
 * invalid timestamp through (a test holds its one caller, `utcTimestamp`, to that).
 *
 * @example
 * noteValidTimestamp("2026-03-01T00:10:15Z") // "2026-03-01T00:10:15Z"
 *
 * @category time
 * @internal
 */
export const noteValidTimestamp = (s: string): string => {
  lastTimestamp = s;
  lastRfc3339 = s;
  return s;
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
  if (s === lastRfc3339) return true;
  // a string isTimestamp just accepted (a decoder's, now being encoded) is RFC 3339 exactly when it
  // has seconds (`:` at 16) and no `,` before a fraction (at 19): the scanner's only two differences
  const ok = s === lastTimestamp ? s.charCodeAt(16) === 58 && s.charCodeAt(19) !== 44 : scanDateTime(s, true);
  if (ok) {
    lastRfc3339 = s;
    // RFC 3339 is a subset of what isTimestamp accepts: the encoder that checks it next compares
    lastTimestamp = s;
  }
  return ok;
};

/** An ISO-8601 date-time as `isTimestamp` reads it, its parts apart: date and minutes, seconds, fraction, offset. */
const LOOSE_DATE_TIME = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2})(:\d{2})?(?:[.,](\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * Respells an ISO-8601 date-time that `isTimestamp` accepts as an RFC 3339 `date-time` of the same
 * instant (`…T08:00Z` → `…T08:00:00Z`, `,123` → `.123`), or `undefined` when it cannot.
 *
 * @example
 * toDateTime("2024-02-01T08:00+05:30") // "2024-02-01T08:00:00+05:30"
 *
 * @category time
 * @internal
 */
export const toDateTime = (s: string): string | undefined => {
  if (!isTimestamp(s)) return undefined;
  const m = LOOSE_DATE_TIME.exec(s);
  if (m === null) return undefined;
  const out = `${m[1]}${m[2] ?? ":00"}${m[3] === undefined ? "" : `.${m[3]}`}${m[4]}`;
  return isRfc3339DateTime(out) ? out : undefined;
};
