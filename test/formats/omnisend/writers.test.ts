import { fc, it as prop } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { JsonObject } from "../../../src/core/json.js";
import { CONTACT_FIELDS, type Field, fits, LINE_ITEM_FIELDS, ORDER_FIELDS } from "../../../src/formats/omnisend/fields.js";
import {
  liftContactField,
  liftLineItemField,
  liftOrderField,
  writeContactField,
  writeLineItemField,
  writeOrderField,
} from "../../../src/formats/omnisend/writers.generated.js";

type Writer = (key: string, v: unknown, out: JsonObject) => boolean;

/** Values of every kind the table knows (valid and not: emails, URIs, currencies, quantities, dates). */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom("", "ünïcødé ☃", "__proto__", "USD", "usd", "JPY ", "pat@example.com", "not an email"),
  fc.constantFrom(
    "https://shop.example.com/p/1?x=y#z",
    "shop.example.com",
    "http://",
    "2024-02-01T08:00:00Z",
    "2024-02-30T08:00:00Z",
  ),
  fc.webUrl(),
  fc.emailAddress(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

/** The oracle: the table's rule, as the generic loops applied it (`strings` stay with the codec). */
const expected = (f: Field | undefined, v: unknown): boolean => f !== undefined && f.kind !== "strings" && fits(f.kind, v);

const TABLES: ReadonlyArray<readonly [string, ReadonlyArray<Field>, Writer, Writer]> = [
  ["contact", CONTACT_FIELDS, liftContactField, writeContactField],
  ["order", ORDER_FIELDS, liftOrderField, writeOrderField],
  ["line item", LINE_ITEM_FIELDS, liftLineItemField, writeLineItemField],
];

describe("the generated omnisend writers", () => {
  for (const [name, fields, lift, write] of TABLES) {
    for (const f of fields) {
      prop.prop([value], { numRuns: 150 })(
        `should lift ${name} ${f.wire} to ${f.canonical} exactly when the table's ${f.kind} kind accepts the value`,
        (v) => {
          const out: JsonObject = {};
          const wrote = lift(f.wire, v, out);
          expect(wrote).toBe(expected(f, v));
          expect(Object.entries(out)).toEqual(wrote ? [[f.canonical, v]] : []);
        },
      );
      prop.prop([value], { numRuns: 150 })(
        `should write ${name} ${f.canonical} as ${f.wire} exactly when the table's ${f.kind} kind accepts the value`,
        (v) => {
          const out: JsonObject = {};
          const wrote = write(f.canonical, v, out);
          expect(wrote).toBe(expected(f, v));
          expect(Object.entries(out)).toEqual(wrote ? [[f.wire, v]] : []);
        },
      );
    }
    const known = new Set(fields.flatMap((f) => [f.wire, f.canonical]));
    const unknownKey = fc
      .oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "toString", "", "ID", "Email"))
      .filter((k) => !known.has(k));
    prop.prop([unknownKey, value], { numRuns: 300 })(
      `should leave a key that is not in the ${name} table to the codec, writing nothing`,
      (k, v) => {
        const out: JsonObject = {};
        expect(lift(k, v, out)).toBe(false);
        expect(write(k, v, out)).toBe(false);
        expect(Object.getOwnPropertyNames(out)).toEqual([]);
      },
    );
  }
});
