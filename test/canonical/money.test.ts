import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { currencyExponent, minorUnitsToMoney, moneyToMinorUnits } from "../../src/canonical/money.js";

describe("money", () => {
  it("converts major to minor units exactly, where float * 100 would not", () => {
    expect(1.005 * 1000).not.toBe(1005);
    expect(0.07 * 100).not.toBe(7);
    expect(moneyToMinorUnits(0.07, "USD")).toEqual({ ok: true, value: 7 });
    expect(moneyToMinorUnits(1.005, "KWD")).toEqual({ ok: true, value: 1005 });
    expect(moneyToMinorUnits(139.99, "USD")).toEqual({ ok: true, value: 13999 });
    expect(moneyToMinorUnits(27.5, "USD")).toEqual({ ok: true, value: 2750 });
    expect(moneyToMinorUnits(500, "JPY")).toEqual({ ok: true, value: 500 });
    expect(moneyToMinorUnits(1.234, "KWD")).toEqual({ ok: true, value: 1234 });
    expect(moneyToMinorUnits(0, "EUR")).toEqual({ ok: true, value: 0 });
    expect(moneyToMinorUnits(-0.01, "EUR")).toEqual({ ok: true, value: -1 });
    expect(moneyToMinorUnits(1e21, "USD").ok).toBe(false);
  });
  it("refuses to round: too many decimal places or an unknown currency is an issue", () => {
    const r = moneyToMinorUnits(10.5, "JPY", "$.order.total");
    expect(r.ok ? null : r.errors[0]?.path).toBe("$.order.total");
    expect(moneyToMinorUnits(1.001, "USD").ok).toBe(false);
    expect(moneyToMinorUnits(1, "XYZ").ok).toBe(false);
    expect(moneyToMinorUnits(1, "usd").ok).toBe(false);
  });
  it("converts minor to major units exactly", () => {
    expect(minorUnitsToMoney(2750, "USD")).toEqual({ ok: true, value: 27.5 });
    expect(minorUnitsToMoney(13999, "USD")).toEqual({ ok: true, value: 139.99 });
    expect(minorUnitsToMoney(1234, "KWD")).toEqual({ ok: true, value: 1.234 });
    expect(minorUnitsToMoney(5, "CLF")).toEqual({ ok: true, value: 0.0005 });
    expect(minorUnitsToMoney(1.5, "USD").ok).toBe(false);
  });
  it("refuses a minor amount whose major-unit number a double cannot hold (fast-check counterexample)", () => {
    const r = minorUnitsToMoney(-6540512389337889, "CLF");
    expect(r.ok).toBe(false);
  });
  it("knows 0-, 2-, 3- and 4-decimal currencies", () => {
    expect([currencyExponent("JPY"), currencyExponent("USD"), currencyExponent("BHD"), currencyExponent("CLF")]).toEqual([
      0, 2, 3, 4,
    ]);
    expect(currencyExponent("__proto__")).toBeUndefined();
  });
  test.prop([fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.constantFrom("USD", "JPY", "KWD", "CLF")])(
    "should give back the minor units after minor → major → minor, or refuse honestly",
    (minor, currency) => {
      const major = minorUnitsToMoney(minor, currency);
      if (major.ok) expect(moneyToMinorUnits(major.value, currency)).toEqual({ ok: true, value: minor });
      // everything below 10^15 minor units has an exact major-unit double
      if (Math.abs(minor) < 1e15) expect(major.ok).toBe(true);
    },
  );
});
