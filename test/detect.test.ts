/**
 * `detectFormat`: every real fixture is recognised as its format with a reason, junk and mixtures
 * are answered with their candidates and a reason, and every generated payload of a format is
 * recognised as that format (laws over the shared arbitraries).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { attribulyItem, attribulyResponse } from "../property-tests/arbitraries/attribuly.js";
import { canonicalEvent } from "../property-tests/arbitraries/canonical.js";
import { trackCall } from "../property-tests/arbitraries/customerio.js";
import { omnisendPayload } from "../property-tests/arbitraries/omnisend.js";
import { redoBulk, redoEvent } from "../property-tests/arbitraries/redo.js";
import type { FormatId } from "../src/core/codec.js";
import { type DetectResult, detectFormat } from "../src/detect.js";

const FIXTURES = new URL("./fixtures/", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, FIXTURES), "utf8");
const json = (path: string): unknown => JSON.parse(read(path));
const list = (dir: string, suffix: string): Array<string> =>
  readdirSync(new URL(dir, FIXTURES))
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => `${dir}${f}`);
/** The parseable lines of an NDJSON fixture, with their line numbers. */
const lines = (path: string): Array<readonly [number, unknown]> =>
  read(path)
    .split("\n")
    .flatMap((line, i): Array<readonly [number, unknown]> => {
      if (line.trim() === "") return [];
      try {
        return [[i + 1, JSON.parse(line)]];
      } catch {
        return [];
      }
    });

const expectFormat = (r: DetectResult, format: FormatId, shape?: string): void => {
  if (!r.ok) expect.fail(`expected ${format}, got candidates [${r.candidates.join(", ")}]: ${r.reason}`);
  expect(r.format).toBe(format);
  if (shape !== undefined) expect(r.shape).toBe(shape);
  expect(r.reason.length).toBeGreaterThan(0);
};

const expectRejected = (r: DetectResult, candidates: ReadonlyArray<FormatId>, reason?: RegExp): void => {
  if (r.ok) expect.fail(`expected a rejection, got ${r.format} (${r.shape}): ${r.reason}`);
  expect([...r.candidates].sort()).toEqual([...candidates].sort());
  expect(r.reason.length).toBeGreaterThan(0);
  if (reason !== undefined) expect(r.reason).toMatch(reason);
};

describe("detectFormat over the real fixtures", () => {
  const ndjson: Array<readonly [string, FormatId, string]> = [
    ["conformance/customerio.ndjson", "customerio", "customerio track call"],
    ["conformance/redo.ndjson", "redo", "redo custom event"],
    ["conformance/omnisend.ndjson", "omnisend", "omnisend event"],
    ["customerio/spec-examples.ndjson", "customerio", "customerio track call"],
    ["customerio/segment-spec-examples.ndjson", "customerio", "customerio track call"],
  ];
  for (const [path, format, shape] of ndjson)
    it(`recognises every line of ${path} as ${format}`, () => {
      const records = lines(path);
      expect(records.length).toBeGreaterThan(0);
      for (const [line, value] of records) {
        const r = detectFormat(value);
        expect(r, `${path}:${line}`).toMatchObject({ ok: true, format, shape });
      }
    });

  it("recognises the track calls of customerio-invalid.ndjson (invalid, but Customer.io) and rejects the string", () => {
    const records = lines("conformance/customerio-invalid.ndjson");
    expect(records.length).toBe(6); // the first line is not JSON at all
    for (const [line, value] of records) {
      const r = detectFormat(value);
      if (typeof value === "string") expectRejected(r, [], /a string is not a record/);
      else expect(r, `line ${line}`).toMatchObject({ ok: true, format: "customerio", shape: "customerio track call" });
    }
    // a track call with no userId or anonymousId is still a track call, and the reason says what is missing
    const anonymous = detectFormat(records[0]?.[1]);
    expectFormat(anonymous, "customerio");
    expect(anonymous.ok && anonymous.reason).toMatch(/no userId or anonymousId/);
  });

  it("recognises an NDJSON file parsed as one array as an array of its format", () => {
    const values = lines("conformance/redo.ndjson").map(([, v]) => v);
    const r = detectFormat(values);
    expectFormat(r, "redo", "array of redo custom event");
    expect(r.ok && r.reason).toMatch(new RegExp(`all ${values.length} element`));
  });

  const redo: Array<readonly [string, string]> = [
    ["redo/full_example.json", "redo custom event"],
    ["redo/medium_example.json", "redo custom event"],
    ["redo/minimal.json", "redo custom event"],
    ["redo/mixed_events.json", "redo bulk request {events:[…]}"],
  ];
  for (const [path, shape] of redo)
    it(`recognises ${path} as redo (${shape})`, () => {
      expectFormat(detectFormat(json(path)), "redo", shape);
    });

  const omnisend = list("omnisend/", ".omnisend.json");
  const canonical = list("omnisend/", ".canonical.json");
  it("finds the Omnisend fixture pairs", () => {
    expect(omnisend.length).toBeGreaterThanOrEqual(10);
    expect(canonical.length).toBe(omnisend.length);
  });
  for (const path of omnisend)
    it(`recognises ${path} as omnisend`, () => {
      expectFormat(detectFormat(json(path)), "omnisend", "omnisend event");
    });
  for (const path of canonical)
    it(`recognises ${path} as canonical`, () => {
      expectFormat(detectFormat(json(path)), "canonical", "canonical event");
    });

  const attribuly = [...list("attribuly/", ".json"), "conformance/attribuly-response.json"];
  for (const path of attribuly)
    it(`recognises ${path} as an attribuly response, and each of its items as an attribuly item`, () => {
      const doc = json(path) as { data: { events: Array<unknown> } };
      const r = detectFormat(doc);
      expectFormat(r, "attribuly", "attribuly response");
      expect(r.ok && r.reason).toMatch(/code is a number \(1\) and data\.events is an array/);
      expect(doc.data.events.length).toBeGreaterThan(0);
      for (const item of doc.data.events) expectFormat(detectFormat(item), "attribuly", "attribuly journey item");
      expectFormat(detectFormat(doc.data.events), "attribuly", "array of attribuly journey item");
    });

  it("recognises a Customer.io batch envelope of the spec examples", () => {
    const batch = lines("customerio/spec-examples.ndjson").map(([, v]) => v);
    const r = detectFormat({ batch, sentAt: "2024-01-01T00:00:00Z" });
    expectFormat(r, "customerio", "customerio batch envelope {batch:[…]}");
    expect(r.ok && r.reason).toMatch(new RegExp(`array of ${batch.length} track call`));
  });
});

describe("detectFormat on junk, mixtures and near misses", () => {
  it("rejects values that are not records, naming what they are", () => {
    expectRejected(detectFormat("just a string"), [], /a string is not a record/);
    expectRejected(detectFormat(42), [], /a number is not a record/);
    expectRejected(detectFormat(true), [], /a boolean is not a record/);
    expectRejected(detectFormat(null), [], /null is not a record/);
    expectRejected(detectFormat(undefined), [], /undefined is not a record/);
  });

  it("rejects objects with no signature, with the near misses in the reason", () => {
    expectRejected(detectFormat({}), [], /matches no format's signature/);
    expectRejected(detectFormat({ foo: 1, bar: [2] }), [], /matches no format's signature/);
    expectRejected(detectFormat({ type: "identify", userId: "u", traits: {} }), [], /no format's signature/);
    expectRejected(detectFormat({ type: "Order Completed", name: "x" }), [], /not a canonical event type/);
    expectRejected(detectFormat({ type: "order_completed" }), [], /name is absent/);
    expectRejected(detectFormat({ eventName: "x" }), [], /no format's signature/);
    expectRejected(detectFormat({ eventName: "x", customer: "pat@example.com" }), []);
    expectRejected(detectFormat({ batch: [{ type: "identify", userId: "u" }] }), [], /\$\.batch\[0\] is not a track call/);
    expectRejected(detectFormat({ events: [] }), [], /events is an empty array/);
    expectRejected(detectFormat({ events: [{ eventName: "x", contact: {} }] }), [], /\$\.events\[0\]/);
    expectRejected(detectFormat({ code: "1", data: { events: [] } }), [], /code is a string/);
    expectRejected(detectFormat({ code: 0, message: "failed", data: null }), [], /data\.events is absent/);
    expectRejected(detectFormat({ email: "pat@example.com" }), [], /email is a string, not what an Attribuly item holds/);
  });

  it("rejects a record carrying both Redo's customer and Omnisend's contact with nothing else to tell them apart", () => {
    const r = detectFormat({ eventName: "x", customer: { email: "a@b.co" }, contact: { email: "a@b.co" } });
    expectRejected(r, ["redo", "omnisend"], /sharing eventName.*no key only one of them uses decides it/);
  });

  it("rejects such a record when each side also has keys only it uses", () => {
    const r = detectFormat({ eventName: "x", customer: {}, contact: {}, uniqueId: "u", eventID: "e" });
    expectRejected(r, ["redo", "omnisend"], /each has keys only it uses/);
  });

  it("decides such a record by the top-level keys only one format uses, and says so", () => {
    const redo = detectFormat({ eventName: "x", customer: { email: "a@b.co" }, contact: 1, uniqueId: "u" });
    expectFormat(redo, "redo"); // contact is no object: no Omnisend signature at all
    const both = detectFormat({ eventName: "x", customer: { email: "a@b.co" }, contact: { note: 1 }, eventTimestamp: "t" });
    expectFormat(both, "redo", "redo custom event");
    expect(both.ok && both.reason).toMatch(/also fits omnisend by eventName alone, but only redo keys \(eventTimestamp\)/);
    const omni = detectFormat({ eventName: "x", customer: { id: 1 }, contact: { email: "a@b.co" }, lineItems: [] });
    expectFormat(omni, "omnisend", "omnisend event");
    expect(omni.ok && omni.reason).toMatch(/only omnisend keys \(lineItems\)/);
  });

  it("rejects objects mixing signatures of different formats with every candidate", () => {
    expectRejected(detectFormat({ type: "track", event: "x", eventName: "y", customer: {} }), ["customerio", "redo"]);
    expectRejected(detectFormat({ type: "order_completed", name: "n", eventName: "y", contact: {}, eventID: "e" }), [
      "canonical",
      "omnisend",
    ]);
    expectRejected(detectFormat({ type: "track", event: "x", event_id: "e" }), ["customerio", "attribuly"]);
    const r = detectFormat({ batch: [], eventName: "x", customer: {} });
    expectRejected(r, ["customerio", "redo"], /customerio \(customerio batch envelope.*redo \(redo custom event/);
  });

  it("lets a strong signature outweigh generic Attribuly keys, and says so", () => {
    const r = detectFormat({ type: "product_viewed", name: "Product Viewed", products: [{ id: "p" }] });
    expectFormat(r, "canonical", "canonical event");
    expect(r.ok && r.reason).toMatch(/weaker evidence than the canonical signature/);
    // alone, generic keys of the right kinds are (weak) Attribuly evidence
    const item = detectFormat({ products: [{ product_id: "p" }], ad: null });
    expectFormat(item, "attribuly", "attribuly journey item");
    expect(item.ok && item.reason).toMatch(/weak evidence/);
  });

  it("treats the codecs' own tie-breaks as they do: event makes a batch a call, event_id a response an item, code events a response", () => {
    expectFormat(detectFormat({ type: "track", event: "x", userId: "u", batch: [] }), "customerio", "customerio track call");
    expectFormat(detectFormat({ code: 1, data: { events: [] }, event_id: "e" }), "attribuly", "attribuly journey item");
    // a code makes an events array part of a response, never a Redo bulk request (Redo's bulk holds only events)
    const res = detectFormat({ code: 1, data: { events: [] }, events: [{ eventName: "x", customer: {} }] });
    expectFormat(res, "attribuly", "attribuly response");
  });

  it("rejects arrays that are empty, nested, or whose elements disagree", () => {
    expectRejected(detectFormat([]), [], /empty array/);
    expectRejected(detectFormat([[{ type: "track", event: "x" }]]), [], /\$\[0\] is an array inside an array/);
    const track = { type: "track", event: "x", userId: "u" };
    const redo = { eventName: "x", customer: { email: "a@b.co" } };
    expectRejected(
      detectFormat([track, redo]),
      ["customerio", "redo"],
      /elements disagree: \$\[0\] is customerio, \$\[1\] is redo/,
    );
    expectRejected(detectFormat([track, "junk", track]), ["customerio"], /\$\[1\]: a string is not a record/);
    const mixed = { eventName: "x", customer: {}, contact: {} };
    expectRejected(detectFormat([redo, mixed]), ["redo", "omnisend"], /\$\[1\]: matches several signatures/);
  });

  it("recognises an array of one format's different shapes", () => {
    const r = detectFormat([{ eventName: "x", customer: {} }, { events: [{ eventName: "y", customer: {} }] }]);
    expectFormat(r, "redo", "array of redo records (redo custom event, redo bulk request {events:[…]})");
  });

  it("never reports segment: Segment calls are customerio", () => {
    const r = detectFormat({ type: "track", anonymousId: "a", event: "Products Searched", properties: { query: "q" } });
    expectFormat(r, "customerio");
    expect(r.ok && r.reason).toMatch(/segment shares this codec/);
  });
});

describe("detectFormat laws over generated payloads", () => {
  const recognised = (value: unknown, format: FormatId, shape: string): boolean => {
    const r = detectFormat(value);
    if (!r.ok || r.format !== format || r.shape !== shape)
      throw new Error(`expected ${format} (${shape}), got ${JSON.stringify(r)} for ${JSON.stringify(value)}`);
    return true;
  };

  test.prop([trackCall], { numRuns: 300 })("should recognise every generated track call as customerio", (call) =>
    recognised(call, "customerio", "customerio track call"),
  );
  test.prop([fc.array(trackCall, { maxLength: 4 }), fc.option(fc.constantFrom("2024-01-01T00:00:00Z"), { nil: undefined })], {
    numRuns: 100,
  })("should recognise every batch envelope of generated track calls as customerio", (batch, sentAt) =>
    recognised(sentAt === undefined ? { batch } : { sentAt, batch }, "customerio", "customerio batch envelope {batch:[…]}"),
  );
  test.prop([redoEvent], { numRuns: 300 })("should recognise every generated Redo event as redo", (event) =>
    recognised(event, "redo", "redo custom event"),
  );
  test.prop([redoBulk], { numRuns: 100 })("should recognise every generated Redo bulk request as redo", (bulk) =>
    recognised(bulk, "redo", "redo bulk request {events:[…]}"),
  );
  test.prop([omnisendPayload], { numRuns: 300 })("should recognise every generated Omnisend payload as omnisend", (payload) =>
    recognised(payload, "omnisend", "omnisend event"),
  );
  test.prop([attribulyItem()], { numRuns: 300 })("should recognise every generated Attribuly item as attribuly", (item) =>
    recognised(item, "attribuly", "attribuly journey item"),
  );
  test.prop([attribulyResponse()], { numRuns: 100 })("should recognise every generated Attribuly response as attribuly", (res) =>
    recognised(res, "attribuly", "attribuly response"),
  );
  test.prop([canonicalEvent()], { numRuns: 300 })("should recognise every generated canonical event as canonical", (event) =>
    recognised(event, "canonical", "canonical event"),
  );
  test.prop([fc.array(redoEvent, { minLength: 1, maxLength: 4 })], { numRuns: 50 })(
    "should recognise every array of generated Redo events as redo",
    (events) => recognised(events, "redo", "array of redo custom event"),
  );
  test.prop([trackCall, omnisendPayload], { numRuns: 50 })(
    "should reject every array mixing generated track calls and Omnisend payloads with both candidates",
    (call, payload) => {
      const r = detectFormat([call, payload]);
      return !r.ok && r.candidates.includes("customerio") && r.candidates.includes("omnisend") && /disagree/.test(r.reason);
    },
  );
  test.prop([redoEvent, omnisendPayload], { numRuns: 100 })(
    "should never guess a record grafting an Omnisend contact onto a Redo event without Redo-only keys",
    (event, payload) => {
      const mixed: Record<string, unknown> = { eventName: event.eventName, customer: event.customer, contact: payload.contact };
      const r = detectFormat(mixed);
      return !r.ok && r.candidates.length === 2;
    },
  );
});
