import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { fc, it as prop } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import table from "../../../mappings/customerio.json" with { type: "json" };
import type { EventType } from "../../../src/canonical/model.js";
import { isObject, type JsonObject } from "../../../src/core/json.js";
import {
  accepts,
  CONTEXT_FIELDS,
  eventFields,
  type Field,
  PRODUCT_BY_KEY,
  PRODUCT_FIELDS,
} from "../../../src/formats/customerio/fields.js";
import { liftProductKey, writeContextFields, writeProductFields } from "../../../src/formats/customerio/writers.generated.js";

const script = fileURLToPath(new URL("../../../scripts/generate-writers.mjs", import.meta.url));
const TYPES = Object.keys(table.events) as Array<EventType>;

/** What the writers do with a field's value: written under a key, or handed to `slow` (field index, value). */
type Step = readonly ["write", string, unknown] | readonly ["slow", number, unknown];

/**
 * The oracle: the generic loop the generated writers replaced — every field of the table in order,
 * its value read by path (`products.0.x` from the first product), written when it is of the field's
 * kind, else given to the table's rule.
 */
const readPath = (e: JsonObject, path: ReadonlyArray<string>): unknown => {
  const head = e[path[0] as string];
  if (path.length === 1 || head === undefined || head === null) return path.length === 1 ? head : undefined;
  if (path[0] === "products") {
    // a first product that is not an object has no fields (the old loop threw a TypeError on `null`)
    const first = (head as ReadonlyArray<unknown>)[0];
    return isObject(first) ? first[path[2] as string] : undefined;
  }
  return (head as JsonObject)[path[1] as string];
};
const ofKind = (f: Field, v: unknown): boolean =>
  f.kind === "string"
    ? typeof v === "string"
    : f.kind === "number"
      ? typeof v === "number" && Number.isFinite(v)
      : f.kind === "integer" && typeof v === "number" && Number.isInteger(v);
const oracle = (fields: ReadonlyArray<Field>, read: (f: Field) => unknown, shadowed: (i: number) => boolean): Array<Step> => {
  const steps: Array<Step> = [];
  fields.forEach((f, i) => {
    const v = read(f);
    if (v === undefined) return;
    steps.push(!shadowed(i) && ofKind(f, v) ? ["write", f.key, v] : ["slow", i, v]);
  });
  return steps;
};

/** Runs a writer with a `slow` that records its calls (and writes nothing), in the order things happen. */
const record = (run: (out: JsonObject, slow: (i: number, v: unknown) => number) => number) => {
  const steps: Array<Step> = [];
  let seen = 0;
  const out: JsonObject = {};
  const flush = () => {
    const entries = Object.entries(out);
    for (; seen < entries.length; seen++) steps.push(["write", ...(entries[seen] as [string, unknown])]);
  };
  const n = run(out, (i, v) => {
    flush();
    steps.push(["slow", i, v]);
    return 0;
  });
  flush();
  return { steps, n };
};

/** Values of every kind the tables know, and the ones that must go to `slow`. */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom("", "ünïcødé ☃", "__proto__"),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.array(fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

/** An object holding some of `keys` (and other keys, `__proto__` among them) with any values. */
const partOf = (keys: ReadonlyArray<string>) =>
  fc
    .tuple(
      fc.subarray([...keys]),
      fc.array(fc.tuple(fc.oneof(fc.string(), fc.constant("__proto__")), value), { maxLength: 2 }),
      fc.infiniteStream(value),
    )
    .map(([picked, extra, values]) => {
      const o: JsonObject = {};
      const it = values[Symbol.iterator]();
      for (const [k, v] of extra) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      for (const k of picked) o[k] = it.next().value;
      return o;
    });

/** A part as the encoder may meet it: missing, `null`, not an object, or an object of its keys. */
const partValue = (keys: ReadonlyArray<string>) =>
  fc.oneof(
    { arbitrary: partOf(keys), weight: 6 },
    { arbitrary: fc.constantFrom(undefined, null, "not an object", 0), weight: 1 },
  );

const PRODUCT_KEYS = PRODUCT_FIELDS.map((f) => f.dotted);

/** A canonical-looking event for a type: each part its fields live in, and products. */
const eventFor = (type: EventType) => {
  const fields = eventFields(type).fields;
  const parts = new Map<string, Array<string>>();
  for (const f of fields) {
    if (f.path.length !== 2) continue;
    const keys = parts.get(f.path[0] as string) ?? [];
    keys.push(f.path[1] as string);
    parts.set(f.path[0] as string, keys);
  }
  const top = fields.filter((f) => f.path.length === 1 && f.path[0] !== "products").map((f) => f.path[0] as string);
  return fc
    .record({
      parts: fc.tuple(...[...parts].map(([part, keys]) => partValue(keys).map((v) => [part, v] as const))),
      top: partOf(top),
      products: fc.oneof(
        fc.constantFrom(undefined, null),
        fc.array(partOf(PRODUCT_KEYS), { maxLength: 3 }),
        fc.array(value, { maxLength: 2 }),
      ),
    })
    .map(({ parts, top, products }) => {
      const e: JsonObject = { type, name: type, ...top };
      for (const [part, v] of parts) if (v !== undefined) e[part] = v;
      if (products !== undefined) e.products = products;
      return e;
    });
};

describe("the generated customerio writers", () => {
  it("should be what scripts/generate-writers.mjs makes of the mapping tables (both generated files)", () => {
    const r = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("should have a writer for every event type of the table", () => {
    for (const type of TYPES) expect(typeof eventFields(type).write).toBe("function");
  });

  for (const type of TYPES) {
    prop.prop([eventFor(type)], { numRuns: 60 })(
      `should write and hand to slow what the generic field loop would, in its order (${type})`,
      (e) => {
        const spec = eventFields(type);
        const got = record((out, slow) => spec.write(e, out, 0, 0, (i, v) => slow(i, v)));
        const want = oracle(
          spec.fields,
          (f) => readPath(e, f.path),
          () => false,
        );
        expect(got.steps).toEqual(want);
        expect(got.n).toBe(want.filter((s) => s[0] === "write").length);
      },
    );
  }

  prop.prop(
    [
      partOf(PRODUCT_KEYS),
      fc.constantFrom(
        new Uint8Array(PRODUCT_FIELDS.length),
        ...TYPES.map((t) => eventFields(t).productShadow),
        Uint8Array.from(PRODUCT_FIELDS, () => 1),
      ),
    ],
    { numRuns: 300 },
  )("should write a product's fields as the generic loop would, shadowed ones to slow", (p, shadow) => {
    const got = record((out, slow) => writeProductFields(p, out, shadow, 0, 0, (i, v) => slow(i, v)));
    const want = oracle(
      PRODUCT_FIELDS,
      (f) => p[f.dotted],
      (i) => shadow[i] === 1,
    );
    expect(got.steps).toEqual(want);
  });

  it("should mark as shadowed exactly the product keys a flat product's event also has", () => {
    for (const type of TYPES) {
      const spec = eventFields(type);
      expect([...spec.productShadow]).toEqual(PRODUCT_FIELDS.map((f) => (spec.byKey.has(f.key) ? 1 : 0)));
    }
  });

  /** The decoder's rule for a property or product key (the generic path: table lookup, `accepts`, set by path). */
  const FAST_KINDS = new Set(["string", "number", "integer"]);
  const liftedByRule = (f: Field | undefined, v: unknown): boolean =>
    f !== undefined && FAST_KINDS.has(f.kind) && f.path[0] !== "products" && accepts(f, v);

  for (const type of TYPES) {
    const keys = eventFields(type).fields.map((f) => f.key);
    const key = keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), fc.string(), fc.constant("__proto__")) : fc.string();
    prop.prop([key, value, fc.constantFrom(undefined, {})], { numRuns: 150 })(
      `should lift a ${type} property exactly when the table maps and accepts it, at its canonical path`,
      (k, v, existing) => {
        const spec = eventFields(type);
        const f = spec.byKey.get(k);
        const e: JsonObject = { type, name: type };
        // the part may already exist (an earlier property created it)
        if (existing !== undefined && f !== undefined && f.path.length === 2) e[f.path[0] as string] = { kept: 1 };
        const before = JSON.stringify(e);
        const lifted = spec.lift(k, v, e);
        expect(lifted).toBe(liftedByRule(f, v));
        if (!lifted) expect(JSON.stringify(e)).toBe(before);
        else expect(readPath(e, f?.path ?? [])).toBe(v);
      },
    );
  }

  prop.prop([fc.oneof(fc.constantFrom(...PRODUCT_FIELDS.map((f) => f.key)), fc.string(), fc.constant("__proto__")), value], {
    numRuns: 600,
  })("should lift a product key exactly when the table maps and accepts it", (k, v) => {
    const f = PRODUCT_BY_KEY.get(k);
    const out: JsonObject = {};
    const lifted = liftProductKey(k, v, out);
    expect(lifted).toBe(f !== undefined && FAST_KINDS.has(f.kind) && accepts(f, v));
    expect(Object.entries(out)).toEqual(lifted ? [[f?.dotted, v]] : []);
  });

  const CONTEXT_PARTS = [...new Set(CONTEXT_FIELDS.map((f) => f.canonical[0]))] as Array<string>;
  prop.prop(
    [
      fc.tuple(
        ...CONTEXT_PARTS.map((part) =>
          partValue(CONTEXT_FIELDS.filter((f) => f.canonical[0] === part).map((f) => f.canonical[1])).map(
            (v) => [part, v] as const,
          ),
        ),
      ),
    ],
    { numRuns: 400 },
  )("should write the context as the generic loop does into a fresh context, in the table's order", (parts) => {
    const e: JsonObject = { type: "custom", name: "x" };
    for (const [part, v] of parts) if (v !== undefined) e[part] = v;
    // the oracle: the generic loop on a fresh context (each group created by its first field)
    const want: JsonObject = {};
    let wrote = 0;
    for (const f of CONTEXT_FIELDS) {
      const v = readPath(e, f.canonical);
      if (v === undefined) continue;
      const [a, b] = f.wire as [string, string | undefined];
      if (b === undefined) want[a] = v;
      else ((want[a] ??= {}) as JsonObject)[b] = v;
      wrote++;
    }
    const got: JsonObject = {};
    expect(writeContextFields(e, got)).toBe(wrote);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    expect(got).toEqual(want);
  });

  it("should tell slow whether a product field is shadowed", () => {
    const shadow = Uint8Array.from(PRODUCT_FIELDS, (_, i) => (i === 1 ? 1 : 0));
    const calls: Array<[number, boolean]> = [];
    writeProductFields({ id: "p", sku: "s", price: "not a number" }, {}, shadow, 0, 0, (i, _v, _o, shadowed) => {
      calls.push([i, shadowed]);
      return 0;
    });
    expect(calls).toEqual([
      [1, true],
      [6, false],
    ]);
  });
});
