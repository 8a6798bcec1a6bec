/**
 * The laws of reading loosely (`coerce`), for every source format:
 * - a valid payload with values planted in a coercible form (a number as a decimal string, a string
 *   id as a number, an RFC 3339 time as epoch seconds, a wall clock as an epoch number, one product
 *   as an object instead of a list of one) reads under `coerce` to the same canonical event as the
 *   clean payload, plus exactly one `coerced` loss per planted value (carrying the planted form);
 * - without `coerce`, each planted form alone is rejected with its path, and the reject says that
 *   `coerce` would read it;
 * - in lossless mode, the planted payload → B → source gives the planted payload back exactly;
 * - a valid payload reads under `coerce` to the same event, with no coerced losses.
 *
 * Which leaves are typed fields is found by planting: a form planted in a custom property is
 * accepted as it is (no coercion needed), so only forms the decoder rejects count as planted.
 */
import { test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { FormatId } from "../src/core/codec.js";
import { isObject, type JsonObject } from "../src/core/json.js";
import { FREE_FORM_AREAS, parsePath } from "../src/lossless.js";
import { translate } from "../src/translate.js";
import { resolvedIdentity, SOURCES } from "./arbitraries/sources.js";

type Path = ReadonlyArray<string | number>;
const RUNS = 60;

/** JSONPath of segments, as the codecs write them. */
const pathOf = (segments: Path): string =>
  segments.reduce<string>(
    (p, s) => (typeof s === "number" ? `${p}[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${p}.${s}` : `${p}[${JSON.stringify(s)}]`),
    "$",
  );

const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const RFC3339_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The coercible form of a clean value, or undefined when it has none that reads back to it exactly. */
const plantedForm = (v: unknown, key: string | number | undefined): unknown => {
  if (typeof v === "number") {
    if (Object.is(v, -0) || !Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v))) return undefined;
    const s = String(v);
    return DECIMAL.test(s) ? s : undefined;
  }
  if (typeof v === "string") {
    if (/^(?:0|[1-9]\d{0,14})$/.test(v)) return Number(v);
    const at = RFC3339_Z.test(v) ? Date.parse(v) : WALL_CLOCK.test(v) ? Date.parse(`${v.replace(" ", "T")}Z`) : Number.NaN;
    // epoch seconds of 10 digits (2001–2286); a wall clock as a number, an RFC 3339 time as a digit string
    if (Number.isFinite(at) && at >= 1e12 && at < 1e13) return RFC3339_Z.test(v) ? String(at / 1000) : at / 1000;
    return undefined;
  }
  if (Array.isArray(v) && v.length === 1 && isObject(v[0]) && (key === "products" || key === "lineItems")) return v[0];
  return undefined;
};

/** Every leaf (and one-product list) of a payload with its coercible form. */
const candidates = (root: unknown): Array<{ path: Path; clean: unknown; planted: unknown }> => {
  const out: Array<{ path: Path; clean: unknown; planted: unknown }> = [];
  const walk = (v: unknown, path: Array<string | number>): void => {
    const planted = plantedForm(v, path[path.length - 1]);
    if (planted !== undefined) out.push({ path: [...path], clean: v, planted });
    // inside a list of scalars (tags, category ids) a planted element is the list's coercion (a unit test holds it)
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (typeof v[i] === "object") walk(v[i], [...path, i]);
    } else if (isObject(v)) for (const k of Object.keys(v)) if (k !== "commerce_rosetta") walk(v[k], [...path, k]);
  };
  walk(root, []);
  return out;
};

const setAt = (root: unknown, path: Path, value: unknown): unknown => {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(root)) return root.map((x, i) => (i === head ? setAt(x, rest, value) : x));
  const out: JsonObject = {};
  for (const k of Object.keys(root as JsonObject)) {
    const v = (root as JsonObject)[k];
    if (k === head)
      Object.defineProperty(out, k, { value: setAt(v, rest, value), enumerable: true, writable: true, configurable: true });
    else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
};

const under = (a: Path, b: Path): boolean => a.length >= b.length && b.every((s, i) => a[i] === s);

/** The planted forms the decoder rejects alone (typed fields), none inside another. */
const typedPlantings = (from: FormatId, payload: unknown) => {
  const typed: Array<{ path: Path; clean: unknown; planted: unknown }> = [];
  for (const c of candidates(payload)) {
    if (typed.some((t) => under(c.path, t.path) || under(t.path, c.path))) continue;
    const alone = translate(setAt(payload, c.path, c.planted), { from, to: "canonical" });
    if (alone.ok) continue;
    // rejected with its path, and the reject says coerce would read it
    expect(alone.errors.map((e) => e.path)).toContain(pathOf(c.path));
    expect(alone.coercible).toBe(true);
    typed.push(c);
  }
  return typed;
};

describe("coerce", () => {
  for (const [from, arbitrary] of SOURCES) {
    const tally = { payloads: 0, planted: 0, carried: 0 };
    test.prop([arbitrary], { numRuns: RUNS })(
      `${from}: planted coercible forms read as the clean event plus exactly their coerced losses; alone each is rejected with its path`,
      (payload) => {
        const clean = translate(payload, { from, to: "canonical" });
        if (!clean.ok) return;
        // a valid payload: the same event under coerce, nothing coerced
        const same = translate(payload, { from, to: "canonical", coerce: true });
        expect(same.ok && same.event).toEqual(clean.event);
        expect(same.ok && same.losses.filter((l) => l.kind === "coerced")).toEqual([]);

        const typed = typedPlantings(from, payload);
        tally.payloads++;
        if (typed.length === 0) return;
        tally.planted += typed.length;
        let planted: unknown = payload;
        for (const t of typed) planted = setAt(planted, t.path, t.planted);
        const loose = translate(planted, { from, to: "canonical", coerce: true });
        expect(loose.ok ? "ok" : loose.errors).toBe("ok");
        if (!loose.ok) return;
        expect(loose.event).toEqual(clean.event);
        const losses = loose.losses.filter((l) => l.kind === "coerced").map((l) => [l.path, l.value, l.to]);
        const expected = typed.map((t) => [pathOf(t.path), t.planted, t.clean]);
        const byPath = (a: Array<unknown>, b: Array<unknown>) => String(a[0]).localeCompare(String(b[0]));
        // a wrapped product's coercion carries the object as sent; what it became is the list of the clean product
        expect(losses.map(([p, v]) => [p, v]).sort(byPath)).toEqual(expected.map(([p, v]) => [p, v]).sort(byPath));
        expect(loose.losses.filter((l) => l.kind !== "coerced")).toEqual([]);

        // lossless through every destination with a free-form area gives the planted payload back
        for (const to of ["customerio", "omnisend", "redo"] as const) {
          if (FREE_FORM_AREAS[to] === undefined) continue;
          const cleanThere = translate(payload, { from, to, identity: resolvedIdentity, lossless: true });
          if (!cleanThere.ok) continue;
          const cleanBack = translate(JSON.parse(JSON.stringify(cleanThere.value)), { from: to, to: from });
          if (!cleanBack.ok) continue;
          // what the clean payload comes back as (with the resolver's identifiers), with the planted forms in it
          let expectedBack: unknown = cleanBack.value;
          for (const t of typed) expectedBack = setAt(expectedBack, t.path, t.planted);
          const there = translate(planted, { from, to, identity: resolvedIdentity, lossless: true, coerce: true });
          expect(there.ok ? "ok" : there.errors).toBe("ok");
          if (!there.ok) continue;
          const back = translate(JSON.parse(JSON.stringify(there.value)), { from: to, to: from });
          expect(back.ok ? back.value : back.errors).toEqual(expectedBack);
          tally.carried++;
        }
      },
    );
    it(`${from}: the coerce law is not vacuous (forms were planted, and carried losslessly)`, () => {
      expect(tally.payloads).toBeGreaterThan(0);
      expect(tally.planted).toBeGreaterThan(tally.payloads / 2);
      expect(tally.carried).toBeGreaterThan(0);
    });
  }
});

describe("coerce paths", () => {
  it("writes JSONPaths the way the codecs do", () => {
    expect(pathOf(["properties", "products", 0, "price"])).toBe("$.properties.products[0].price");
    expect(parsePath(pathOf(["a b", 1]))).toEqual(["a b", 1]);
  });
});
