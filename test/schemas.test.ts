/**
 * Every format's JSON Schema (generated from its mapping table) and Standard Schema validator (the
 * codec's own decoder) against the codecs: every record a codec accepts, and every record an encoder
 * writes, is valid under the format's JSON Schema; records both reject are named below; the
 * generated files match the mapping tables.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fc, test } from "@fast-check/vitest";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { canonicalEvent } from "../property-tests/arbitraries/canonical.js";
import { edgeString } from "../property-tests/arbitraries/common.js";
import { apiSchemaErrors, canonicalForOmnisendApi, omnisendApiPayload } from "../property-tests/arbitraries/omnisend-api.js";
import { SOURCES as COMMON_SOURCES, resolvedIdentity } from "../property-tests/arbitraries/sources.js";
import type { FormatId } from "../src/core/codec.js";
import { codecOf } from "../src/formats/index.js";
import { jsonSchemaOf, standardSchemaOf } from "../src/schemas.js";
import { translate } from "../src/translate.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
addFormats.default(ajv);

const VENDORS: ReadonlyArray<FormatId> = ["customerio", "segment", "omnisend", "omnisend-api", "redo", "attribuly"];
/** Every source format with an arbitrary of its valid payloads (the shared list, plus Omnisend's Events API). */
const SOURCES: ReadonlyArray<readonly [FormatId, fc.Arbitrary<unknown>]> = [
  ...COMMON_SOURCES,
  ["omnisend-api", omnisendApiPayload],
];
const compiled = new Map(
  [...VENDORS, "canonical" as const].map((f) => [f, ajv.compile(jsonSchemaOf(f) as Record<string, unknown>)]),
);
const problems = (format: FormatId, value: unknown): Array<string> => {
  const v = compiled.get(format);
  if (v === undefined) throw new Error(`no schema for ${format}`);
  return v(value)
    ? []
    : (v.errors ?? []).map((e: { instancePath?: string; message?: string }) => `${e.instancePath || "/"} ${e.message ?? ""}`);
};
/** A $defs entry of a format's schema as a schema of its own (bulk requests, responses). */
const defOf = (format: FormatId, name: string) =>
  ajv.compile({ ...(jsonSchemaOf(format) as Record<string, unknown>), $ref: `#/$defs/${name}` });
const accepts = (format: FormatId, value: unknown): boolean =>
  (codecOf(format)?.decode({ value, path: "$" }, {}).ok ?? false) === true;

describe("each format's JSON Schema holds what its codec reads", () => {
  for (const [from, arbitrary] of SOURCES) {
    test.prop([arbitrary], { numRuns: 150 })(`should accept every ${from} record the codec decodes`, (record) => {
      if (accepts(from, record)) expect(problems(from, record)).toEqual([]);
    });
  }

  it("should accept the fixtures the codecs decode", () => {
    const read = (p: string): unknown => JSON.parse(readFileSync(new URL(p, import.meta.url), "utf8"));
    let checked = 0;
    for (const f of readdirSync(new URL("fixtures/omnisend", import.meta.url)).filter((n) => n.endsWith(".omnisend.json"))) {
      const record = read(`fixtures/omnisend/${f}`);
      expect(accepts("omnisend", record), f).toBe(true);
      expect(problems("omnisend", record), f).toEqual([]);
      checked++;
    }
    for (const f of ["customerio/spec-examples.ndjson", "customerio/segment-spec-examples.ndjson"]) {
      for (const line of readFileSync(new URL(`fixtures/${f}`, import.meta.url), "utf8")
        .split("\n")
        .filter(Boolean)) {
        const record = JSON.parse(line);
        if (!accepts("customerio", record)) continue;
        expect(problems("customerio", record), line).toEqual([]);
        checked++;
      }
    }
    for (const f of readdirSync(new URL("fixtures/omnisend-api/golden", import.meta.url)).filter((n) =>
      n.endsWith(".wire.json"),
    )) {
      const record = read(`fixtures/omnisend-api/golden/${f}`);
      expect(accepts("omnisend-api", record), f).toBe(true);
      expect(problems("omnisend-api", record), f).toEqual([]);
      checked++;
    }
    const bulk = defOf("redo", "RedoBulkRequest");
    for (const f of readdirSync(new URL("fixtures/redo", import.meta.url))) {
      const doc = read(`fixtures/redo/${f}`) as { events?: Array<unknown> };
      const records = doc.events ?? [doc];
      for (const r of records) {
        expect(accepts("redo", r), f).toBe(true);
        expect(problems("redo", r), f).toEqual([]);
      }
      if (doc.events !== undefined) expect(bulk(doc), f).toBe(true);
      checked++;
    }
    const response = defOf("attribuly", "AttribulyResponse");
    for (const f of ["journey-response.json", "seed-response.json"]) {
      const doc = read(`fixtures/attribuly/${f}`) as { data: { events: Array<unknown> } };
      expect(response(doc), `${f}: ${JSON.stringify(response.errors)}`).toBe(true);
      for (const item of doc.data.events) if (accepts("attribuly", item)) expect(problems("attribuly", item)).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("each format's JSON Schema holds what its encoder writes", () => {
  for (const to of VENDORS) {
    test.prop([canonicalEvent()], { numRuns: 150 })(
      `should accept every ${to} record encoded from a canonical event`,
      (event) => {
        const r = translate(event, { from: "canonical", to, identity: resolvedIdentity });
        if (r.ok) expect(problems(to, r.value)).toEqual([]);
      },
    );
  }
  test.prop([canonicalForOmnisendApi], { numRuns: 150 })(
    "should write omnisend-api bodies valid under our schema and Omnisend's event schemas",
    (event) => {
      const r = translate(event, { from: "canonical", to: "omnisend-api", identity: resolvedIdentity });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(problems("omnisend-api", r.value)).toEqual([]);
      expect(apiSchemaErrors(r.value)).toEqual([]);
    },
  );
  for (const [from, arbitrary] of SOURCES.filter(([f]) => f !== "canonical")) {
    test.prop([arbitrary], { numRuns: 60 })(`should accept every vendor record translated from ${from}`, (record) => {
      for (const to of VENDORS) {
        const r = translate(record, { from, to, identity: resolvedIdentity, lossless: true });
        if (r.ok) expect(problems(to, r.value), to).toEqual([]);
      }
    });
  }
});

describe("omnisend-api: the schema and the decoder agree on the envelope", () => {
  const value = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    edgeString,
    fc.constantFrom("", "placed order", "2024-03-01T12:00:00Z", "2024-03-01 12:00:00+02:00", "2024-03-01T12:00Z"),
    fc.double(),
    fc.boolean(),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
  );
  /** Mostly a value the decoder takes, sometimes any value, so both outcomes come up often. */
  const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: value, weight: 1 });
  const contact = mostly(
    fc.record(
      { id: value, email: fc.oneof(fc.constant("pat@example.com"), value), phone: value, firstName: value, tags: value },
      { requiredKeys: [] },
    ),
  );
  const envelope = fc.record(
    {
      eventName: mostly(fc.string({ minLength: 1, maxLength: 8 })),
      eventID: mostly(fc.oneof(fc.uuid(), edgeString)),
      eventTime: mostly(
        fc.constantFrom("2024-03-01T12:00:00Z", "2024-03-01T12:00:00.123456789123+05:45", "2024-03-01 12:00:00+02:00"),
      ),
      eventVersion: mostly(edgeString),
      origin: mostly(edgeString),
      contact,
      properties: mostly(fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 4 })),
    },
    { requiredKeys: ["eventName", "contact"] },
  );
  const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  test.prop([envelope], { numRuns: 400 })("should accept exactly the bodies the codec decodes", (raw) => {
    const record = defined(raw);
    expect(problems("omnisend-api", record).length === 0).toBe(accepts("omnisend-api", record));
  });
  it("should generate bodies of both outcomes (the property above is not vacuous)", () => {
    const outcomes = fc.sample(envelope, { numRuns: 400, seed: 21 }).map((raw) => accepts("omnisend-api", defined(raw)));
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(10);
    expect(outcomes.filter((x) => !x).length).toBeGreaterThan(10);
  });
});

describe("records both the codec and the schema reject", () => {
  const CASES: ReadonlyArray<readonly [FormatId, string, unknown]> = [
    ["customerio", "no userId or anonymousId", { type: "track", event: "Order Completed" }],
    ["customerio", "an empty event name", { type: "track", userId: "u", event: "" }],
    [
      "customerio",
      "a string total on Order Completed",
      { type: "track", userId: "u", event: "Order Completed", properties: { total: "27.50" } },
    ],
    ["customerio", "a timestamp without a zone", { type: "track", userId: "u", event: "x", timestamp: "2024-03-01T12:00:00" }],
    ["omnisend", "no contact", { eventName: "placed order" }],
    ["omnisend", "a contact with no identifier", { eventName: "placed order", contact: { firstName: "Pat" } }],
    [
      "omnisend",
      "a quantity of 0",
      { eventName: "x", contact: { email: "a@example.com" }, lineItems: [{ productID: "p", quantity: 0 }] },
    ],
    ["omnisend", "a lowercase currency", { eventName: "x", contact: { email: "a@example.com" }, order: { currency: "usd" } }],
    ["omnisend-api", "no contact", { eventName: "placed order" }],
    ["omnisend-api", "a contact with an empty email only", { eventName: "placed order", contact: { email: "" } }],
    ["omnisend-api", "an empty event name", { eventName: "", contact: { email: "a@example.com" } }],
    [
      "omnisend-api",
      "an eventTime without seconds",
      { eventName: "x", contact: { email: "a@example.com" }, eventTime: "2024-03-01T12:00Z" },
    ],
    ["omnisend-api", "a numeric eventID", { eventName: "x", contact: { email: "a@example.com" }, eventID: 7 }],
    ["omnisend-api", "properties as an array", { eventName: "x", contact: { email: "a@example.com" }, properties: [] }],
    ["redo", "an unknown customer key", { eventName: "x", customer: { email: "a@example.com", nickname: "p" } }],
    ["redo", "a customer with no identifier", { eventName: "x", customer: { firstName: "Pat" } }],
    [
      "redo",
      "an object as a top-level data value",
      { eventName: "x", customer: { email: "a@example.com" }, data: { a: { b: 1 } } },
    ],
    ["redo", "a uniqueId of 256 characters", { eventName: "x", customer: { email: "a@example.com" }, uniqueId: "u".repeat(256) }],
    ["attribuly", "a numeric event_id", { event_id: 7 }],
    ["attribuly", "a string total_price", { event_id: "e", checkout_completed: { total_price: "12" } }],
  ];
  it.each(CASES)("%s: %s", (format, _name, record) => {
    expect(accepts(format, record)).toBe(false);
    expect(problems(format, record)).not.toEqual([]);
  });
});

describe("jsonSchemaOf and standardSchemaOf", () => {
  it("should give every format a draft 2020-12 schema, a fresh copy each time, and nothing for an unknown id", () => {
    for (const f of [...VENDORS, "canonical"])
      expect(jsonSchemaOf(f)?.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const a = jsonSchemaOf("omnisend") as Record<string, unknown>;
    a.title = "changed";
    expect(jsonSchemaOf("omnisend")?.title).toBe("Omnisend customer event");
    expect(jsonSchemaOf("shopify")).toBeUndefined();
    expect(jsonSchemaOf("__proto__")).toBeUndefined();
  });

  it("should validate with the codec's decoder: the record back, or the issues with their paths", () => {
    const omnisend = standardSchemaOf("omnisend");
    const good = { eventName: "placed order", contact: { email: "pat@example.com" }, extra: { kept: true } };
    expect(omnisend["~standard"].validate(good)).toEqual({ value: good });
    const bad = omnisend["~standard"].validate({
      eventName: "x",
      contact: { email: "a@example.com" },
      lineItems: [{ productID: "p", quantity: 0 }],
    });
    if (bad instanceof Promise) throw new Error("synchronous");
    expect(bad.issues?.map((i) => i.path)).toEqual([["lineItems", 0, "quantity"]]);
    expect(bad.issues?.[0]?.message).toMatch(/quantity/);
    expect(omnisend["~standard"].vendor).toBe("commerce-rosetta");
    expect(omnisend["~standard"].version).toBe(1);
  });

  it("should agree with the codec on every format, and pass codec options (Attribuly's zone)", () => {
    const item = { event_id: "e", event_at: "2024-03-10 02:30:00" }; // no such wall-clock time in New York
    expect(standardSchemaOf("attribuly", { zone: "UTC" })["~standard"].validate(item)).toEqual({ value: item });
    const ny = standardSchemaOf("attribuly", { zone: "America/New_York" })["~standard"].validate(item);
    expect("issues" in ny && ny.issues !== undefined).toBe(true);
  });

  it("should give its JSON Schema for draft 2020-12 only, and refuse an unknown format", () => {
    const s = standardSchemaOf("redo")["~standard"].jsonSchema;
    expect(s.input({ target: "draft-2020-12" }).title).toBe("Redo custom event");
    expect(s.output({ target: "draft-2020-12" })).toEqual(jsonSchemaOf("redo"));
    expect(() => s.input({ target: "draft-07" })).toThrow(/draft-2020-12/);
    expect(() => standardSchemaOf("shopify" as FormatId)).toThrow(/unknown format "shopify"/);
  });

  it("should match the mapping tables (npm run generate writes the files)", () => {
    expect(() =>
      execFileSync(process.execPath, ["scripts/generate-types.mjs", "--check"], { cwd: root, stdio: "pipe" }),
    ).not.toThrow();
  });
});
