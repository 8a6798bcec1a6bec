/**
 * Field kinds shared by the codecs' mapping tables: what each kind admits (`fitsKind`) and how it is
 * named in issues and loss reasons (`kindName`). Each codec's `fields.ts` decides what `null` fits
 * (Redo keeps nulls in `$extra`, Customer.io reads them only for lenient fields, the seed Omnisend
 * schema types nothing as nullable); the kinds themselves mean the same everywhere.
 *
 * The `email` and `uri` checks are those of ajv-formats' "full" mode (MIT licence); `timestamp` is an
 * RFC 3339 `date-time` with a real calendar date and time (`isRfc3339DateTime`).
 *
 * @since 0.2.0
 */
import { isRfc3339DateTime } from "../canonical/time.js";
import { isEmail, isUri } from "../core/formats.js";
import { isObject } from "../core/json.js";

/**
 * A field kind of a mapping table.
 *
 * @example
 * import type { FieldKind } from "commerce-rosetta"
 * const k: FieldKind = "currency"
 *
 * @category mappings
 * @since 0.2.0
 */
export type FieldKind =
  | "string"
  | "number"
  | "integer"
  | "quantity"
  | "boolean"
  | "currency"
  | "email"
  | "uri"
  | "timestamp"
  | "strings"
  | "objects"
  | "products"
  | "object";

/** An ISO 4217 currency code as the mapping tables check it. */
export const CURRENCY = /^[A-Z]{3}$/;

const isString = (x: unknown): boolean => typeof x === "string";

/**
 * Whether a non-null value is of a kind (`null` fits no kind here: each codec says where it may stand).
 *
 * @example
 * import { fitsKind } from "commerce-rosetta"
 * fitsKind("quantity", 2) // true
 * fitsKind("quantity", 0) // false
 *
 * @category mappings
 * @since 0.2.0
 */
export const fitsKind = (kind: FieldKind, v: unknown): boolean => {
  switch (kind) {
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "quantity":
      return typeof v === "number" && Number.isSafeInteger(v) && v >= 1;
    case "boolean":
      return typeof v === "boolean";
    case "currency":
      return typeof v === "string" && CURRENCY.test(v);
    case "email":
      return typeof v === "string" && isEmail(v);
    case "uri":
      return typeof v === "string" && isUri(v);
    case "timestamp":
      return typeof v === "string" && isRfc3339DateTime(v);
    case "strings":
      return Array.isArray(v) && v.every(isString);
    case "objects":
    case "products":
      return Array.isArray(v) && v.every(isObject);
    case "object":
      return isObject(v);
  }
};

/**
 * Names a field kind in words, for issues and loss reasons.
 *
 * @example
 * import { kindName } from "commerce-rosetta"
 * kindName("currency") // "ISO 4217 currency code matching ^[A-Z]{3}$"
 *
 * @category mappings
 * @since 0.2.0
 */
export const kindName = (kind: FieldKind): string => {
  switch (kind) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "integer":
      return "integer";
    case "quantity":
      return "integer ≥ 1";
    case "boolean":
      return "boolean";
    case "currency":
      return "ISO 4217 currency code matching ^[A-Z]{3}$";
    case "email":
      return "email address";
    case "uri":
      return "absolute URI";
    case "timestamp":
      return "RFC 3339 date-time with a real calendar date (seconds and zone included)";
    case "strings":
      return "array of strings";
    case "objects":
      return "array of objects";
    case "products":
      return "array of product objects";
    case "object":
      return "object";
  }
};
