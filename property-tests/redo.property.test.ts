/**
 * The invariants of DESIGN.md for the `redo` codec: format round trip, canonical round trip minus
 * exactly the reported losses, schema-valid output, and bad input answered with issues.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { CanonicalEvent } from "../src/canonical/model.js";
import { isEmail } from "../src/core/formats.js";
import { isObject, jsonEqual, pathIndex, pathKey } from "../src/core/json.js";
import type { Loss } from "../src/core/result.js";
import { redo } from "../src/formats/redo/codec.js";
import { isE164 } from "../src/formats/redo/fields.js";
import { canonicalEvent } from "./arbitraries/canonical.js";
import { jsonValue } from "./arbitraries/common.js";
import { encodableCanonical, redoBulk, redoEvent, validateRedoBulk, validateRedoEvent } from "./arbitraries/redo.js";
import { isValidCanonical } from "./laws.js";

/**
 * `jsonDiff` reading own keys only: the shared one reads `b["__proto__"]` through the prototype chain
 * when `b` has no such own key, and so misses a `__proto__` key present on one side only.
 */
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const ownDiff = (a: unknown, b: unknown, path = "$", out: Array<string> = []): Array<string> => {
  if (jsonEqual(a, b)) return out;
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) ownDiff(own(a, k), own(b, k), pathKey(path, k), out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) ownDiff(a[i], b[i], pathIndex(path, i), out);
    return out;
  }
  out.push(path);
  return out;
};
const related = (a: string, b: string): boolean =>
  a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
/** Every difference is covered by a loss (its path, or where a moved value went); every loss by a difference. */
const lossReportGaps = (before: unknown, after: unknown, losses: ReadonlyArray<Loss>) => {
  const diff = ownDiff(before, after);
  const reported = losses.flatMap((l) => (l.kind === "moved" && typeof l.to === "string" ? [l.path, l.to] : [l.path]));
  return {
    unexplained: diff.filter((d) => !reported.some((p) => related(d, p))),
    unfounded: losses.map((l) => l.path).filter((p) => !diff.some((d) => related(d, p))),
  };
};

const decode = (value: unknown, path = "$") => redo.decode({ value, path }, {});
const schemaErrors = (v: unknown) => (validateRedoEvent(v) ? [] : validateRedoEvent.errors);

describe("redo codec laws", () => {
  test.prop([redoEvent], { numRuns: 500 })("should give back the input after decode then encode", (event) => {
    expect(schemaErrors(event)).toEqual([]);
    const decoded = decode(event);
    expect(decoded.ok ? "ok" : decoded.errors).toBe("ok");
    if (!decoded.ok) return;
    const encoded = redo.encode(decoded.value, {});
    expect(encoded.ok ? "ok" : encoded.errors).toBe("ok");
    if (!encoded.ok) return;
    expect(encoded.value.losses).toEqual([]);
    expect(jsonEqual(encoded.value.value, event)).toBe(true);
  });

  test.prop([redoEvent], { numRuns: 200 })("should decode every valid event into a valid canonical event", (event) => {
    const decoded = decode(event);
    expect(decoded.ok && isValidCanonical(decoded.value)).toBe(true);
  });

  test.prop([redoBulk], { numRuns: 100 })("should give back a bulk request after explode, decode, encode and batch", (bulk) => {
    expect(validateRedoBulk(bulk)).toBe(true);
    const records = redo.explode(bulk, "$");
    expect(records.ok).toBe(true);
    if (!records.ok) return;
    const items = records.value.map((r) => {
      const d = redo.decode(r, {});
      if (!d.ok) throw new Error(JSON.stringify(d.errors));
      const e = redo.encode(d.value, {});
      if (!e.ok) throw new Error(JSON.stringify(e.errors));
      return { value: e.value.value, event: d.value };
    });
    const batches = redo.batch?.(items, 100);
    expect(batches?.ok).toBe(true);
    if (!batches?.ok) return;
    expect(batches.value.length).toBe(1);
    expect(jsonEqual(batches.value[0], bulk)).toBe(true);
    expect(validateRedoBulk(batches.value[0])).toBe(true);
  });

  test.prop([encodableCanonical], { numRuns: 600 })(
    "should give back the canonical event after encode then decode, minus exactly the reported losses",
    (event) => {
      expect(isValidCanonical(event)).toBe(true);
      const encoded = redo.encode(event, {});
      expect(encoded.ok ? "ok" : encoded.errors).toBe("ok");
      if (!encoded.ok) return;
      expect(schemaErrors(encoded.value.value)).toEqual([]);
      const back = decode(encoded.value.value);
      expect(back.ok ? "ok" : back.errors).toBe("ok");
      if (!back.ok) return;
      expect(lossReportGaps(event, back.value, encoded.value.losses)).toEqual({ unexplained: [], unfounded: [] });
    },
  );

  test.prop([encodableCanonical], { numRuns: 300 })(
    "should keep zero-valued prices, quantities and discounts through encode then decode",
    (event) => {
      const encoded = redo.encode(event, {});
      expect(encoded.ok).toBe(true);
      if (!encoded.ok) return;
      const back = decode(encoded.value.value);
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      // every zero amount of the input, at its path
      const zeros = (e: CanonicalEvent): Array<[string, unknown]> => [
        ...(["total", "discount", "shipping", "subtotal", "tax"] as const)
          .filter((k) => e.order?.[k] === 0)
          .map((k): [string, unknown] => [`$.order.${k}`, e.order?.[k]]),
        ...(e.products ?? []).flatMap((p, i) =>
          (["price", "quantity", "discount"] as const)
            .filter((k) => p[k] === 0)
            .map((k): [string, unknown] => [`$.products[${i}].${k}`, p[k]]),
        ),
      ];
      const at = (e: CanonicalEvent, path: string): unknown => {
        const m = /^\$\.(order|products)(?:\[(\d+)\])?\.(\w+)$/.exec(path);
        if (m === null) return undefined;
        const part = m[1] === "order" ? e.order : e.products?.[Number(m[2])];
        return (part as Record<string, unknown> | undefined)?.[m[3] as string];
      };
      for (const [path] of zeros(event)) {
        expect(encoded.value.losses.filter((l) => path.startsWith(l.path))).toEqual([]);
        expect([path, at(back.value, path)]).toEqual([path, 0]);
      }
      for (const p of back.value.products ?? [])
        if (p.id === "free") expect([p.price, p.quantity, p.discount]).toEqual([0, 0, 0]);
    },
  );

  test.prop([canonicalEvent()], { numRuns: 400 })(
    "should encode exactly the events that have a usable identifier and a valid id, dropping unusable identifiers as losses",
    (event) => {
      const identity = (event.identity ?? {}) as Record<string, unknown>;
      const ids = [
        ["email", identity.email, isEmail],
        ["phone", identity.phone, isE164],
        ["redoCustomerId", identity.redoCustomerId, (s: string) => s.length > 0],
      ] as const;
      const bad = ids.filter(([, v, ok]) => typeof v === "string" && !ok(v)).map(([k]) => `$.identity.${k}`);
      const usable = ids.some(([, v, ok]) => typeof v === "string" && ok(v));
      const badId = event.id === "";
      const encoded = redo.encode(event, {});
      expect(encoded.ok).toBe(usable && !badId);
      if (encoded.ok) {
        expect(schemaErrors(encoded.value.value)).toEqual([]);
        const dropped = encoded.value.losses.filter((l) => l.kind === "dropped").map((l) => l.path);
        for (const path of bad) expect(dropped).toContain(path);
        return;
      }
      for (const e of encoded.errors) expect(e.path).toMatch(/^\$\.(identity|id)\b/);
      if (!usable) expect(encoded.errors.some((e) => e.message.includes("customer identifier"))).toBe(true);
    },
  );

  test.prop([jsonValue], { numRuns: 300 })("should answer junk with issues that carry a JSONPath, never a throw", (junk) => {
    const r = decode(junk);
    if (!r.ok) {
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) expect(e.path.startsWith("$")).toBe(true);
    }
    const x = redo.explode(junk, "$");
    if (!x.ok) for (const e of x.errors) expect(e.path.startsWith("$")).toBe(true);
  });

  test.prop(
    [
      redoEvent,
      fc.constantFrom("eventName", "customer", "eventTimestamp", "value", "valueCurrency", "uniqueId", "data"),
      jsonValue,
    ],
    {
      numRuns: 300,
    },
  )("should reject a corrupted field with an issue at or under its path, or accept what is still valid", (event, key, junk) => {
    const bad = { ...event, [key]: junk };
    const r = decode(bad);
    if (validateRedoEvent(bad)) {
      // still schema-valid: only Redo's own stricter rules (E.164, non-empty ids, limits, calendar dates) may reject it
      if (!r.ok) for (const e of r.errors) expect(e.path.startsWith(`$.${key}`)).toBe(true);
      return;
    }
    expect(r.ok).toBe(false);
    if (!r.ok) for (const e of r.errors) expect(e.path.startsWith(`$.${key}`)).toBe(true);
  });

  test.prop([fc.anything()], { numRuns: 200 })("should never throw on any JavaScript value", (value) => {
    expect(() => decode(value)).not.toThrow();
    expect(() => redo.explode(value, "$")).not.toThrow();
  });
});
