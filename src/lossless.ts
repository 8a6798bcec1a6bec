/**
 * Lossless mode: what a destination cannot represent travels in its free-form area under one
 * reserved key, `commerce_rosetta`, and is restored when that destination is decoded again.
 *
 * The stash is a patch between the canonical event and what the destination reads back from its own
 * output (one extra decode, in lossless mode only): `[path, value]` sets a canonical path back to its
 * value, `[path]` removes what decoding adds there. Decoding the destination and applying the patch
 * therefore gives back the canonical event to the letter. Free-form areas: Customer.io / Segment
 * `context`, Redo `data.$extra`, Omnisend `properties`. Attribuly has none.
 *
 * @since 0.1.0
 */
import type { CanonicalEvent } from "./canonical/model.js";
import type { FormatId } from "./core/codec.js";
import { isObject, type JsonObject, jsonDiff, setOwn } from "./core/json.js";

/**
 * The reserved key of lossless mode in every free-form area.
 *
 * @example
 * import { LOSSLESS_KEY } from "commerce-rosetta"
 * LOSSLESS_KEY // "commerce_rosetta"
 *
 * @category lossless
 * @since 0.1.0
 */
export const LOSSLESS_KEY = "commerce_rosetta";

/** The version of the stash format. */
const STASH_VERSION = 1;

/**
 * Where each format's free-form area is, as a key path from the top of a wire record.
 *
 * @example
 * import { FREE_FORM_AREAS } from "commerce-rosetta"
 * FREE_FORM_AREAS.redo // ["data", "$extra"]
 *
 * @category lossless
 * @since 0.1.0
 */
export const FREE_FORM_AREAS: Readonly<Partial<Record<FormatId, ReadonlyArray<string>>>> = {
  customerio: ["context"],
  segment: ["context"],
  redo: ["data", "$extra"],
  omnisend: ["properties"],
};

/**
 * What `coerce` changed in the record as its source sent it: the source format and the undo steps
 * (`[path, original]`, applied in order to that format's clean record). Carried in a stash so that
 * going back to the source format gives the record back as it was sent.
 *
 * @example
 * import type { CoercedOrigin } from "commerce-rosetta"
 * const o: CoercedOrigin = { from: "segment", undo: [["$.properties.price", "19"]] }
 *
 * @category lossless
 * @since 0.2.0
 */
export interface CoercedOrigin {
  readonly from: string;
  readonly undo: ReadonlyArray<readonly [string, unknown]>;
}

/** One patch step: set a canonical path to a value, or (no value) remove it. */
export type PatchStep = readonly [path: string] | readonly [path: string, value: unknown];

/**
 * Parses a JSONPath written by the codecs (`$.a.b[0]["odd key"]`) into its segments.
 *
 * @example
 * import { parsePath } from "commerce-rosetta"
 * parsePath('$.products[0]["image url"]') // ["products", 0, "image url"]
 *
 * @category lossless
 * @since 0.1.0
 */
export const parsePath = (path: string): Array<string | number> | undefined => {
  if (!path.startsWith("$")) return undefined;
  const out: Array<string | number> = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(path.slice(i + 1));
      if (m === null) return undefined;
      out.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === "[") {
      if (path[i + 1] === '"') {
        // a JSON string literal: find its end, honouring escapes
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === "\\" ? 2 : 1;
        if (path[j + 1] !== "]") return undefined;
        out.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        i = j + 2;
      } else {
        const m = /^(\d+)\]/.exec(path.slice(i + 1));
        if (m === null) return undefined;
        out.push(Number(m[1]));
        i += 2 + (m[1] as string).length;
      }
    } else {
      return undefined;
    }
  }
  return out;
};

/**
 * The patch that turns `after` back into `before`: for every path where they differ (see
 * `jsonDiff`), set `before`'s value, or remove the path when `before` has none there.
 *
 * @example
 * import { patchBetween } from "commerce-rosetta"
 * patchBetween({ a: 1 }, { a: 2, b: 3 }) // [["$.a", 1], ["$.b"]]
 *
 * @category lossless
 * @since 0.1.0
 */
export const patchBetween = (before: unknown, after: unknown): Array<PatchStep> => {
  const steps: Array<PatchStep> = [];
  for (const path of jsonDiff(before, after)) {
    const segments = parsePath(path) ?? [];
    let node: unknown = before;
    for (const seg of segments) {
      if (typeof node !== "object" || node === null) node = undefined;
      else node = Object.hasOwn(node, seg) ? (node as Record<string | number, unknown>)[seg] : undefined;
    }
    steps.push(node === undefined ? [path] : [path, node]);
  }
  return steps;
};

const clone = (u: unknown): unknown => (u === undefined ? undefined : JSON.parse(JSON.stringify(u)));

/**
 * Applies a patch to a canonical event (a fresh copy; the input is not changed).
 *
 * @example
 * import { applyPatch } from "commerce-rosetta"
 * applyPatch({ type: "custom", name: "x" }, [["$.review.body", "Great"]]) // { …, review: { body: "Great" } }
 *
 * @category lossless
 * @since 0.1.0
 */
export const applyPatch = (event: CanonicalEvent, patch: ReadonlyArray<PatchStep>): CanonicalEvent => {
  const root = clone(event) as JsonObject;
  for (const step of patch) {
    const segments = parsePath(step[0]);
    if (segments === undefined || segments.length === 0) continue;
    let node: unknown = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const seg = segments[i] as string | number;
      const next = segments[i + 1];
      const container = node as JsonObject & Array<unknown>;
      let child = Object.hasOwn(container, seg) ? (container as Record<string | number, unknown>)[seg] : undefined;
      if (typeof child !== "object" || child === null) {
        if (step.length === 1) {
          child = undefined;
          break;
        }
        child = typeof next === "number" ? [] : {};
        if (typeof seg === "number") container[seg] = child;
        else setOwn(container, seg, child);
      }
      node = child;
    }
    if (node === undefined) continue;
    const last = segments[segments.length - 1] as string | number;
    const target = node as JsonObject & Array<unknown>;
    if (step.length === 1) {
      if (Array.isArray(target) && typeof last === "number") target.length = Math.min(target.length, last);
      else if (isObject(target)) delete target[last as string];
    } else if (typeof last === "number" && Array.isArray(target)) {
      target[last] = clone(step[1]);
    } else {
      setOwn(target, String(last), clone(step[1]));
    }
  }
  return root as unknown as CanonicalEvent;
};

/**
 * Puts a patch into a wire record's free-form area (copying the containers on the way), or
 * returns `undefined` when the format has none.
 *
 * @example
 * import { stash } from "commerce-rosetta"
 * stash("omnisend", { eventName: "x" }, [["$.review.body", "Great"]])
 * // { eventName: "x", properties: { commerce_rosetta: { v: 1, patch: [["$.review.body", "Great"]] } } }
 *
 * @category lossless
 * @since 0.1.0
 */
export const stash = (
  format: FormatId,
  value: unknown,
  patch: ReadonlyArray<PatchStep>,
  coerced?: CoercedOrigin | undefined,
): unknown => {
  const area = FREE_FORM_AREAS[format];
  if (area === undefined || !isObject(value)) return undefined;
  const top: JsonObject = { ...value };
  let node = top;
  // how many containers of the area the stash creates, so unstash can take them away again
  let created = 0;
  for (const key of area) {
    const existing = node[key];
    if (existing !== undefined && !isObject(existing)) return undefined;
    if (existing === undefined) created++;
    const copy: JsonObject = isObject(existing) ? { ...existing } : {};
    setOwn(node, key, copy);
    node = copy;
  }
  const body: JsonObject = created === 0 ? { v: STASH_VERSION, patch } : { v: STASH_VERSION, patch, created };
  if (coerced !== undefined) body.coerced = coerced;
  setOwn(node, LOSSLESS_KEY, body);
  return top;
};

/**
 * Takes a stash out of a wire record: the record without it (containers copied, the input is not
 * changed) and the patch, or `undefined` when the record carries none.
 *
 * @example
 * import { unstash } from "commerce-rosetta"
 * unstash("omnisend", { eventName: "x", properties: { commerce_rosetta: { v: 1, patch: [] } } })
 * // { value: { eventName: "x", properties: {} }, patch: [] }
 *
 * @category lossless
 * @since 0.1.0
 */
export const unstash = (
  format: FormatId,
  value: unknown,
): { readonly value: unknown; readonly patch: ReadonlyArray<PatchStep>; readonly coerced?: CoercedOrigin } | undefined => {
  const area = FREE_FORM_AREAS[format];
  if (area === undefined || !isObject(value)) return undefined;
  // most records carry no stash: look before building anything (this runs on every decode)
  let holder: JsonObject = value;
  for (let i = 0; i < area.length; i++) {
    const next = holder[area[i] as string];
    if (!isObject(next)) return undefined;
    holder = next;
  }
  if (!Object.hasOwn(holder, LOSSLESS_KEY)) return undefined;
  const chain: Array<JsonObject> = [value];
  for (const key of area) chain.push((chain[chain.length - 1] as JsonObject)[key] as JsonObject);
  const s = holder[LOSSLESS_KEY];
  if (!isObject(s) || s.v !== STASH_VERSION || !Array.isArray(s.patch)) return undefined;
  const created = s.created === undefined ? 0 : s.created;
  if (typeof created !== "number" || !Number.isInteger(created) || created < 0 || created > area.length) return undefined;
  const patch = s.patch as ReadonlyArray<unknown>;
  if (!patch.every((p) => Array.isArray(p) && (p.length === 1 || p.length === 2) && typeof p[0] === "string")) return undefined;
  // rebuild the chain without the reserved key
  let rebuilt: JsonObject | undefined = {};
  for (const k in holder) if (k !== LOSSLESS_KEY) setOwn(rebuilt, k, holder[k]);
  // containers the stash created go away again (they must hold nothing else)
  if (created > 0 && Object.keys(rebuilt).length === 0) rebuilt = undefined;
  for (let i = area.length - 1; i >= 0; i--) {
    const parent: JsonObject = {};
    const src = chain[i] as JsonObject;
    for (const k in src) {
      if (k !== area[i]) setOwn(parent, k, src[k]);
      else if (rebuilt !== undefined) setOwn(parent, k, rebuilt);
    }
    rebuilt = i > area.length - created && Object.keys(parent).length === 0 ? undefined : parent;
  }
  if (rebuilt === undefined) return undefined;
  const c = s.coerced;
  if (isObject(c) && typeof c.from === "string" && Array.isArray(c.undo))
    return { value: rebuilt, patch: patch as ReadonlyArray<PatchStep>, coerced: c as unknown as CoercedOrigin };
  return { value: rebuilt, patch: patch as ReadonlyArray<PatchStep> };
};
