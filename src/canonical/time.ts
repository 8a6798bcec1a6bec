/**
 * Strict timestamps: ISO-8601 / RFC 3339 date-times are checked against the calendar (no
 * `2026-02-29`, no month 13, no hour 24) and kept exactly as spelled, so a round trip to the same
 * format gives back the same string, offset and precision included.
 *
 * @since 0.1.0
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

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
  const m = ISO.exec(s);
  if (m === null) return false;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  if (!isCalendarDate(y, mo, d)) return false;
  if (+m[4]! > 23 || +m[5]! > 59) return false;
  if (m[6] !== undefined && +m[6] > 59) return false;
  if (m[10] !== undefined && (+m[10] > 23 || +m[11]! > 59)) return false;
  return true;
};
