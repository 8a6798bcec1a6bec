/**
 * Laws of the `omnisend-api` codec:
 * - omnisend-api → canonical → omnisend-api is the identity on bodies valid under the event schemas
 *   (unknown keys, nulls, zeros, `productSKU` as a number and as a string), with no losses;
 * - canonical → omnisend-api gives a body valid under its event's schema (or an identity error), and
 *   reading it back gives the event minus exactly the reported losses;
 * - what is reported dropped is only what `properties` could not carry: a `null` where the schemas
 *   type the key, an empty object, another format's extension, a key already taken.
 */
import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { CanonicalEvent } from "../src/canonical/model.js";
import { isObject, type JsonObject, setOwn } from "../src/core/json.js";
import type { Loss } from "../src/core/result.js";
import { decodeOmnisendApi, encodeOmnisendApi } from "../src/formats/omnisend-api/index.js";
import { parsePath } from "../src/lossless.js";
import { apiSchemaErrors, canonicalForOmnisendApi, omnisendApiPayload } from "./arbitraries/omnisend-api.js";

const RUNS = { numRuns: 300 };

/** Removes the value at a canonical path (array elements become holes, filtered after). */
const removeAt = (o: JsonObject, path: string): void => {
  const segs = parsePath(path);
  if (segs === undefined || segs.length === 0) return;
  let at: unknown = o;
  for (let i = 0; i < segs.length - 1; i++) {
    if (at === null || typeof at !== "object") return;
    at = (at as Record<string | number, unknown>)[segs[i] as string | number];
  }
  if (at !== null && typeof at === "object")
    delete (at as Record<string | number, unknown>)[segs[segs.length - 1] as string | number];
};

const setAt = (o: JsonObject, path: string, v: unknown): void => {
  const segs = parsePath(path);
  if (segs === undefined) return;
  let at = o as Record<string | number, unknown>;
  for (let i = 0; i < segs.length - 1; i++) {
    const k = segs[i] as string | number;
    if (!Object.hasOwn(at, k) || at[k] === null || typeof at[k] !== "object") setOwn(at as JsonObject, String(k), {});
    at = at[k] as Record<string | number, unknown>;
  }
  setOwn(at as JsonObject, String(segs[segs.length - 1]), v);
};

/** Drops empty objects (a dropped field's emptied parent) and array holes, everywhere. */
const prune = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(prune);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const key of Object.keys(v)) {
    const x = prune(v[key]);
    if (x === undefined || (isObject(x) && Object.keys(x).length === 0 && key !== "properties")) continue;
    setOwn(out, key, x); // a "__proto__" key stays a key, not the prototype
  }
  return out;
};

/** The event as the destination should read it back: the losses applied. */
const expectedAfter = (event: CanonicalEvent, losses: ReadonlyArray<Loss>): unknown => {
  const e = structuredClone(event) as unknown as JsonObject;
  for (const l of losses) {
    if (l.kind === "dropped") removeAt(e, l.path);
    else if (l.kind === "coerced" || l.kind === "renamed") {
      if (l.path === "$.id") removeAt(e, "$.id");
      setAt(e, l.path, l.to);
    } else if (l.kind === "moved" && l.path.startsWith("$.properties")) {
      removeAt(e, l.path);
      setAt(e, l.to as string, l.value);
    }
  }
  delete e.extensions;
  return prune(e);
};

const withoutExtensions = (event: CanonicalEvent): unknown => {
  const { extensions: _, ...rest } = event as CanonicalEvent & { extensions?: unknown };
  return prune(rest);
};

/** Why a drop is allowed: there was no room in properties for it (or a null inside a value the schemas type). */
const ROOMLESS = [
  /not null$/,
  /^an empty object does not survive/,
  /extension|cannot carry \S+-only fields/,
  /already written|written under another key|already taken/,
  /null$/,
];

describe("omnisend-api", () => {
  test.prop([omnisendApiPayload], RUNS)(
    "omnisend-api → canonical → omnisend-api is the identity on schema-valid bodies",
    (payload) => {
      expect(apiSchemaErrors(payload)).toEqual([]);
      const d = decodeOmnisendApi(payload);
      if (!d.ok) expect.unreachable(JSON.stringify(d.errors));
      const e = encodeOmnisendApi(d.value);
      if (!e.ok) expect.unreachable(JSON.stringify(e.errors));
      expect(e.value.value).toEqual(payload);
      expect(e.value.losses).toEqual([]);
    },
  );

  test.prop([canonicalForOmnisendApi], RUNS)(
    "canonical → omnisend-api → canonical gives the event minus exactly the reported losses",
    (event) => {
      const e = encodeOmnisendApi(event);
      if (!e.ok) {
        expect(e.errors.map((i) => i.path)).toEqual(["$.identity"]);
        return;
      }
      expect(apiSchemaErrors(e.value.value)).toEqual([]);
      const back = decodeOmnisendApi(e.value.value);
      if (!back.ok) expect.unreachable(JSON.stringify(back.errors));
      expect(withoutExtensions(back.value)).toEqual(expectedAfter(event, e.value.losses));
      for (const l of e.value.losses)
        if (l.kind === "dropped")
          expect(
            ROOMLESS.some((r) => r.test(l.reason)) || (/requires/.test(l.reason) && JSON.stringify(l.value).includes("null")),
            `${l.path}: ${l.reason}`,
          ).toBe(true);
    },
  );
});
