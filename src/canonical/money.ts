/**
 * Exact money: conversion between major units (`27.5` USD) and integer minor units (`2750`) by
 * decimal string arithmetic and the ISO 4217 exponent table in `mappings/currencies.json` — never
 * `x * 100` in floating point (`139.99 * 100 === 13998.999999999998`).
 *
 * @since 0.1.0
 */
import currencies from "../../mappings/currencies.json" with { type: "json" };
import { fail, issue, type Result, succeed } from "../core/result.js";

const EXPONENTS: Readonly<Record<string, number>> = currencies.exponents;

/**
 * The ISO 4217 minor-unit exponent of a currency code (`USD` 2, `JPY` 0, `KWD` 3), or `undefined`
 * for a code not in the table.
 *
 * @example
 * import { currencyExponent } from "commerce-rosetta"
 * currencyExponent("KWD") // 3
 *
 * @category money
 * @since 0.1.0
 */
export const currencyExponent = (currency: string): number | undefined =>
  Object.hasOwn(EXPONENTS, currency) ? EXPONENTS[currency] : undefined;

/** Splits a finite number into an exact decimal digit string and a power-of-ten exponent. */
const toDecimal = (n: number): { sign: string; digits: string; exp: number } => {
  const s = String(n);
  const sign = s[0] === "-" ? "-" : "";
  const body = sign ? s.slice(1) : s;
  const e = body.indexOf("e");
  const mantissa = e === -1 ? body : body.slice(0, e);
  let exp = e === -1 ? 0 : Number(body.slice(e + 1));
  const dot = mantissa.indexOf(".");
  let digits = mantissa;
  if (dot !== -1) {
    digits = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    exp -= mantissa.length - dot - 1;
  }
  digits = digits.replace(/^0+(?=\d)/, "");
  return { sign, digits, exp };
};

/**
 * Shifts a decimal number by a power of ten exactly: the result is the shortest decimal with that
 * value, or an issue when it is not an integer (for `toInteger`) or not a safe integer.
 */
const shift = (n: number, by: number, toInteger: boolean, path: string): Result<number> => {
  if (!Number.isFinite(n)) return fail([issue(path, "a finite number", n)]);
  if (n === 0) return succeed(Object.is(n, -0) ? 0 : 0);
  const { sign, digits, exp } = toDecimal(n);
  const e = exp + by;
  let text: string;
  if (e >= 0) {
    text = digits + "0".repeat(e);
  } else {
    const cut = digits.length + e;
    const intPart = cut > 0 ? digits.slice(0, cut) : "0";
    const frac = cut > 0 ? digits.slice(cut) : "0".repeat(-cut) + digits;
    if (toInteger && /[1-9]/.test(frac)) {
      return fail([
        issue(
          path,
          `an amount with at most ${by} decimal places`,
          n,
          `${path}: ${n} has more decimal places than the currency's ${by}`,
        ),
      ]);
    }
    text = /[1-9]/.test(frac) ? `${intPart}.${frac.replace(/0+$/, "")}` : intPart;
  }
  const out = Number(sign + text);
  if (toInteger && !Number.isSafeInteger(out)) return fail([issue(path, "an amount within ±2^53 minor units", n)]);
  return succeed(out);
};

/**
 * Converts an amount in major units to integer minor units of its currency, exactly:
 * `27.5 USD → 2750`, `500 JPY → 500`, `1.234 KWD → 1234`. Fails (never rounds) when the amount has
 * more decimal places than the currency allows, or the currency is unknown.
 *
 * @example
 * import { moneyToMinorUnits } from "commerce-rosetta"
 * moneyToMinorUnits(139.99, "USD") // { ok: true, value: 13999 }
 *
 * @category money
 * @since 0.1.0
 */
export const moneyToMinorUnits = (amount: number, currency: string, path = "$"): Result<number> => {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return fail([issue(path, "an ISO 4217 currency code", currency)]);
  return shift(amount, exponent, true, path);
};

/**
 * Converts integer minor units of a currency to major units, exactly: `2750 USD → 27.5`.
 *
 * @example
 * import { minorUnitsToMoney } from "commerce-rosetta"
 * minorUnitsToMoney(2750, "USD") // { ok: true, value: 27.5 }
 *
 * @category money
 * @since 0.1.0
 */
export const minorUnitsToMoney = (minor: number, currency: string, path = "$"): Result<number> => {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return fail([issue(path, "an ISO 4217 currency code", currency)]);
  if (!Number.isSafeInteger(minor)) return fail([issue(path, "an integer amount of minor units", minor)]);
  const major = shift(minor, -exponent, false, path);
  if (!major.ok) return major;
  // a double holds about 15–17 significant digits: refuse what it cannot hold exactly
  const back = shift(major.value, exponent, true, path);
  if (!back.ok || back.value !== minor) {
    return fail([
      issue(
        path,
        "an amount a double holds exactly in major units",
        minor,
        `${path}: ${minor} minor units of ${currency} have no exact major-unit number`,
      ),
    ]);
  }
  return major;
};
