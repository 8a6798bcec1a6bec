/**
 * Results, issues and losses: the values every codec returns instead of throwing.
 *
 * A decode or encode either succeeds with a value (and, for encodes, the losses it incurred) or fails
 * with issues, each naming the JSON path where the input went wrong, what was expected there and what
 * was found.
 *
 * @since 0.1.0
 */

/**
 * One problem with an input: where it is, what was expected, and what was found.
 *
 * @example
 * import type { Issue } from "commerce-rosetta"
 * const issue: Issue = { _tag: "Issue", path: "$.properties.price", expected: "number", actual: "19", message: "expected number, got string" }
 *
 * @category errors
 * @since 0.1.0
 */
export interface Issue {
  readonly _tag: "Issue";
  /** JSONPath of the offending value, `$` being the record. */
  readonly path: string;
  /** The shape that was expected there, in words (`"number"`, `"non-empty string"`, …). */
  readonly expected: string;
  /** The value found (absent when the key was missing). */
  readonly actual?: unknown;
  /** A one-line human-readable reason. */
  readonly message: string;
}

/**
 * What an encode did to a part of the canonical event that the destination cannot hold as it is.
 *
 * - `dropped`: the destination has no place for it; it is not in the output.
 * - `coerced`: it is in the output, changed (upper-cased currency, renamed event, …).
 * - `moved`: it is in the output, but decoding the output puts it at another canonical path.
 * - `renamed`: the event name is spelled the destination's way (same type, same meaning).
 * - `truncated` / `defaulted`: cut to fit a limit / filled in (by the encoder or a caller's resolver).
 *
 * @example
 * import type { LossKind } from "commerce-rosetta"
 * const kind: LossKind = "dropped"
 *
 * @category losses
 * @since 0.1.0
 */
export type LossKind = "dropped" | "coerced" | "moved" | "renamed" | "truncated" | "defaulted";

/**
 * One loss: the canonical path that did not survive the encode unchanged, what happened and the value.
 *
 * @example
 * import type { Loss } from "commerce-rosetta"
 * const loss: Loss = { path: "$.review.body", kind: "dropped", value: "Great", reason: "customerio Order Completed has no review" }
 *
 * @category losses
 * @since 0.1.0
 */
export interface Loss {
  /** Canonical JSONPath (`$.order.total`, `$.products[1]`, `$.properties.gift`). */
  readonly path: string;
  readonly kind: LossKind;
  /** The canonical value at that path before the encode. */
  readonly value: unknown;
  readonly reason: string;
  /** For `moved` and `coerced`: where or what it became. */
  readonly to?: unknown;
}

/**
 * The outcome of a decode, encode or translation: a value, or the issues that prevented it.
 *
 * @example
 * import type { Result } from "commerce-rosetta"
 * const r: Result<number> = { ok: true, value: 1 }
 *
 * @category models
 * @since 0.1.0
 */
export type Result<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly errors: ReadonlyArray<Issue> };

/**
 * An encoded value together with the losses the encode reported.
 *
 * @example
 * import type { Encoded } from "commerce-rosetta"
 * const e: Encoded = { value: { event: "Order Completed" }, losses: [] }
 *
 * @category models
 * @since 0.1.0
 */
export interface Encoded<A = unknown> {
  readonly value: A;
  readonly losses: ReadonlyArray<Loss>;
}

/**
 * Builds an {@link Issue}.
 *
 * @example
 * import { issue } from "commerce-rosetta"
 * issue("$.event", "non-empty string", "")
 *
 * @category constructors
 * @since 0.1.0
 */
export function issue(
  path: string,
  expected: string,
  ...found: [] | [actual: unknown] | [actual: unknown, message: string]
): Issue {
  if (found.length === 0) return { _tag: "Issue", path, expected, message: `${path}: expected ${expected}, found nothing` };
  const actual = found[0];
  const message = found[1] ?? `${path}: expected ${expected}, found ${describe(actual)}`;
  return actual === undefined ? { _tag: "Issue", path, expected, message } : { _tag: "Issue", path, expected, actual, message };
}

/**
 * Builds a {@link Loss} (one without a `to`; see {@link lossTo}).
 *
 * Every codec builds its losses here, as an empty object filled key by key rather than as an object
 * literal: callers keep losses, and V8 can pretenure a literal's allocation site once many of its
 * objects are kept, slowing every later translation in the process; an empty object filled key by
 * key avoids that (see bench/README.md#why-the-code-looks-like-this).
 *
 * @example
 * import { lossOf } from "commerce-rosetta"
 * lossOf("$.review.body", "dropped", "Great", "customerio Order Completed has no review")
 * // { path: "$.review.body", kind: "dropped", value: "Great", reason: "customerio Order Completed has no review" }
 *
 * @category constructors
 * @since 0.1.0
 */
export const lossOf = (path: string, kind: LossKind, value: unknown, reason: string): Loss => {
  const loss = {} as { path: string; kind: LossKind; value: unknown; reason: string };
  loss.path = path;
  loss.kind = kind;
  loss.value = value;
  loss.reason = reason;
  return loss;
};

/**
 * An empty list for an encoder's losses. Not `[]`: an array literal's allocation site can be
 * pretenured as an object literal's can (see {@link lossOf}); `new Array()` is not (see
 * bench/README.md#why-the-code-looks-like-this).
 *
 * @example
 * import { lossList, lossOf } from "commerce-rosetta"
 * const losses = lossList()
 * losses.push(lossOf("$.review", "dropped", {}, "no place"))
 *
 * @category constructors
 * @since 0.1.0
 */
// biome-ignore lint/style/useArrayLiterals: see above
export const lossList = (): Array<Loss> => new Array<Loss>();

/**
 * Builds a {@link Loss} with the value it became (`coerced`, `moved`, `renamed`, `defaulted`), keys
 * in the order `path, kind, value, to, reason`; built like {@link lossOf}.
 *
 * @example
 * import { lossTo } from "commerce-rosetta"
 * lossTo("$.order.currency", "coerced", "usd", "USD", "omnisend currency codes are upper-case")
 *
 * @category constructors
 * @since 0.1.0
 */
export const lossTo = (path: string, kind: LossKind, value: unknown, to: unknown, reason: string): Loss => {
  const loss = {} as { path: string; kind: LossKind; value: unknown; to: unknown; reason: string };
  loss.path = path;
  loss.kind = kind;
  loss.value = value;
  loss.to = to;
  loss.reason = reason;
  return loss;
};

/**
 * Builds a successful {@link Result}.
 *
 * @example
 * import { succeed } from "commerce-rosetta"
 * succeed(42)
 *
 * @category constructors
 * @since 0.1.0
 */
export const succeed = <A>(value: A): Result<A> => ({ ok: true, value });

/**
 * Builds a failed {@link Result}.
 *
 * @example
 * import { fail, issue } from "commerce-rosetta"
 * fail([issue("$", "object", 1)])
 *
 * @category constructors
 * @since 0.1.0
 */
export const fail = <A = never>(errors: ReadonlyArray<Issue>): Result<A> => ({ ok: false, errors });

/**
 * Describes a value's JSON type in a few words, for messages.
 *
 * @example
 * import { describe } from "commerce-rosetta"
 * describe("19") // 'string "19"'
 *
 * @category utils
 * @since 0.1.0
 */
export const describe = (value: unknown): string => {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `array (length ${value.length})`;
  switch (typeof value) {
    case "string": {
      const s = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `string ${JSON.stringify(s)}`;
    }
    case "number":
      return `number ${value}`;
    case "boolean":
      return `boolean ${value}`;
    case "object":
      return "object";
    default:
      return typeof value;
  }
};
