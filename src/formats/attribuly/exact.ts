/**
 * Fast paths for the Attribuly codec's hot conversions (minor ↔ major units, `event_at` in UTC).
 * Each answers only when its result is provably the one the general routine in `canonical/` gives,
 * and defers to that routine otherwise (and for every failure, so issues and messages stay its own).
 *
 * @since 0.1.0
 */
import { currencyExponent, minorUnitsToMoney, moneyToMinorUnits } from "../../canonical/money.js";
import { digits2, isDateHourMinuteAt, noteValidTimestamp } from "../../canonical/time.js";
import { type Result, succeed } from "../../core/result.js";

/** Powers of ten a double holds exactly. */
const POW10: ReadonlyArray<number> = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Below this a decimal has at most 15 significant digits, so a double's shortest spelling gives it back exactly. */
const EXACT_DIGITS = 1e15;

// currency codes come from the input: bound the cache
const EXPONENTS = new Map<string, number | undefined>();

/** `currencyExponent`, memoized. */
const exponentOf = (currency: string): number | undefined => {
  const e = EXPONENTS.get(currency);
  if (e !== undefined || EXPONENTS.has(currency)) return e;
  const found = currencyExponent(currency);
  if (EXPONENTS.size < 512) EXPONENTS.set(currency, found);
  return found;
};

/**
 * `minorUnitsToMoney(minor, currency)` as a number, or `undefined` where it fails. `minor / 10^e`
 * is the double nearest the exact decimal (both operands exact, division correctly rounded), and
 * with at most 15 significant digits that double spells back to the same decimal: the read-back
 * check cannot fail.
 */
export const minorToMajor = (minor: number, currency: string): number | undefined => {
  const e = exponentOf(currency);
  if (e === undefined || !Number.isSafeInteger(minor)) return undefined;
  if (minor === 0) return 0;
  if (e < POW10.length && minor < EXACT_DIGITS && minor > -EXACT_DIGITS) return minor / (POW10[e] as number);
  const r = minorUnitsToMoney(minor, currency);
  return r.ok ? r.value : undefined;
};

/**
 * `moneyToMinorUnits(amount, currency)`. The nearest integer `r` to `amount · 10^e` is the answer
 * exactly when `r / 10^e` is `amount` again: then the decimal `r · 10^-e` (at most 15 significant
 * digits) is the shortest spelling of `amount`, which is what the general routine shifts.
 */
export const majorToMinor = (amount: number, currency: string): Result<number> => {
  const e = exponentOf(currency);
  if (e !== undefined && e < POW10.length && Number.isFinite(amount)) {
    if (amount === 0) return succeed(0);
    const p = POW10[e] as number;
    const r = Math.round(amount * p);
    if (r < EXACT_DIGITS && r > -EXACT_DIGITS && r / p === amount) return succeed(r);
  }
  return moneyToMinorUnits(amount, currency);
};

/**
 * Whether the first 19 characters are `YYYY-MM-DD?HH:mm:ss` with `sep` for `?`, naming a real date
 * and time: the checks of `parseWallClock` and `timestampInstant`, by hand (hot path; the tests keep
 * the regexes as the oracle).
 */
const isClock = (text: string, sep: number): boolean => {
  if (!isDateHourMinuteAt(text, sep, sep) || text.charCodeAt(16) !== 58) return false;
  const second = digits2(text, 17);
  return second >= 0 && second <= 59;
};

/** Whether `parseWallClock` accepts a text. */
export const isWallClock = (text: string): boolean => text.length === 19 && isClock(text, 32);

/**
 * `wallClockToTimestamp(text, "UTC")` when it succeeds, else `undefined`: in UTC a real wall clock
 * names exactly one instant, spelled with the same digits and `Z` (a four-digit year is always in
 * 0000–9999). The timestamp is noted as valid (`noteValidTimestamp`): the encoder that writes it
 * next checks it with a comparison instead of a scan.
 */
export const utcTimestamp = (text: string): string | undefined =>
  isWallClock(text) ? noteValidTimestamp(`${text.slice(0, 10)}T${text.slice(11)}Z`) : undefined;

/**
 * `timestampToWallClock(ts, "UTC")` for a UTC timestamp to the second or finer
 * (`YYYY-MM-DDTHH:mm:ss[.fraction]Z`), else `undefined` (then the general routine decides): such a
 * timestamp shows its own digits on UTC clocks; the fraction is dropped, as there.
 */
export const utcWallClock = (ts: string): string | undefined => {
  const n = ts.length;
  if (n < 20 || n > 30) return undefined;
  const z = ts.charCodeAt(n - 1);
  if (z !== 90 && z !== 122) return undefined;
  if (n > 20) {
    // a fraction of 1 to 9 digits after `.` or `,`
    const mark = ts.charCodeAt(19);
    if ((mark !== 46 && mark !== 44) || n === 21) return undefined;
    for (let i = 20; i < n - 1; i++) {
      const c = ts.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
    }
  }
  const t = ts.charCodeAt(10);
  if (!isClock(ts, t === 116 ? 116 : 84)) return undefined;
  return `${ts.slice(0, 10)} ${ts.slice(11, 19)}`;
};
