/**
 * Issue 6, "A real client": the official Customer.io Node client (`@customerio/cdp-analytics-node`)
 * is pointed at a loopback server, sends every Customer.io semantic event (plus custom and anonymous
 * ones) through its real `track`, and what it actually POSTs must decode, round-trip exactly and
 * translate to every other registered format.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { Analytics, type TrackParams } from "@customerio/cdp-analytics-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../src/canonical/model.js";
import type { FormatId } from "../../../src/core/codec.js";
import { isObject, type JsonObject, jsonDiff, jsonEqual } from "../../../src/core/json.js";
import { CODECS } from "../../../src/formats/index.js";
import { decode, translate, translateAll } from "../../../src/translate.js";

// ---------------------------------------------------------------------------------------------
// Inputs: the event table and one known-user Spec example per semantic event.
// ---------------------------------------------------------------------------------------------

const readJson = (relative: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8"));

interface EventRow {
  readonly type: string;
  readonly customerio: string;
  readonly attribuly: string | null;
}

const ROWS = (readJson("../../../mappings/events.json") as { events: ReadonlyArray<EventRow> }).events;
/** The 28 Customer.io semantic events: the first 28 rows of the table. */
const SEMANTIC = ROWS.slice(0, 28);

const SPEC: ReadonlyArray<JsonObject> = readFileSync(
  fileURLToPath(new URL("../../fixtures/customerio/spec-examples.ndjson", import.meta.url)),
  "utf8",
)
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as JsonObject);

const specFor = (event: string, known: boolean): JsonObject => {
  const hit = SPEC.find((p) => p.event === event && (known ? p.userId !== undefined : p.anonymousId !== undefined));
  if (hit === undefined) throw new Error(`no ${known ? "known" : "anonymous"}-user Spec example for ${event}`);
  return hit;
};

const USER_ID = "user_12345";
const OWN_EMAIL = "cool.person@example.com";
const RESOLVED_EMAIL = "pat@example.com";
const WRITE_KEY = "rosetta-test-write-key";

/** What the test asks the client to send; `key` finds the posted message again. */
interface Sent {
  readonly key: string;
  readonly type: string;
  readonly params: TrackParams;
  /** The email the message carries in `context.traits`, if any. */
  readonly email: string | undefined;
  readonly properties: JsonObject;
}

const keyOf = (m: { event?: unknown; userId?: unknown; anonymousId?: unknown }): string =>
  `${String(m.event)}|${String(m.userId ?? m.anonymousId)}`;

const SENT: ReadonlyArray<Sent> = [
  // The 28 semantic events, known user; every other one carries the user's email in context.traits.
  ...SEMANTIC.map((row, i): Sent => {
    const properties = specFor(row.customerio, true).properties as JsonObject;
    const email = i % 2 === 0 ? OWN_EMAIL : undefined;
    return {
      key: keyOf({ event: row.customerio, userId: USER_ID }),
      type: row.type,
      email,
      properties,
      params: {
        userId: USER_ID,
        event: row.customerio,
        properties: structuredClone(properties),
        timestamp: new Date(Date.UTC(2024, 0, 15, 10, 30, i)),
        ...(email === undefined ? {} : { context: { traits: { email } } }),
      },
    };
  }),
  // An anonymous visitor (no identifier any vendor accepts), client-chosen timestamp.
  {
    key: keyOf({ event: "Product Viewed", anonymousId: "anon_abc123xyz" }),
    type: "product_viewed",
    email: undefined,
    properties: specFor("Product Viewed", false).properties as JsonObject,
    params: {
      anonymousId: "anon_abc123xyz",
      event: "Product Viewed",
      properties: structuredClone(specFor("Product Viewed", false).properties as JsonObject),
      context: { ip: "203.0.113.7", page: { url: "https://www.example.com/product/123", title: "Cool Shoes" } },
    },
  },
  // Two custom events.
  {
    key: keyOf({ event: "Gift Card Purchased", userId: USER_ID }),
    type: "custom",
    email: OWN_EMAIL,
    properties: { card_id: "gc_778", amount: 50, currency: "USD", recipient: "friend@example.com" },
    params: {
      userId: USER_ID,
      event: "Gift Card Purchased",
      properties: { card_id: "gc_778", amount: 50, currency: "USD", recipient: "friend@example.com" },
      context: { traits: { email: OWN_EMAIL, plan: "gold" }, locale: "en-US" },
    },
  },
  {
    key: keyOf({ event: "Loyalty Tier Changed", userId: USER_ID }),
    type: "custom",
    email: undefined,
    properties: { from: "silver", to: "gold", points: 1250 },
    params: {
      userId: USER_ID,
      event: "Loyalty Tier Changed",
      properties: { from: "silver", to: "gold", points: 1250 },
      timestamp: "2024-01-16T08:00:00.000+01:00",
    },
  },
];

const SENT_BY_KEY = new Map(SENT.map((s) => [s.key, s]));
/** Canonical types Attribuly has a journey item for (`attribuly` column not null). */
const ATTRIBULY_TYPES = new Set(ROWS.filter((r) => r.attribuly !== null).map((r) => r.type));

// ---------------------------------------------------------------------------------------------
// The loopback server and the real client.
// ---------------------------------------------------------------------------------------------

interface Captured {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingMessage["headers"];
  readonly body: JsonObject;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_REQUESTS = 50;
const EVENTS_PER_BATCH = 8;

const requests: Array<Captured> = [];
const serverProblems: Array<string> = [];
const deliveryErrors: Array<string> = [];
let server: Server | undefined;

const unzip = (raw: Buffer, encoding: string | undefined): Buffer => {
  switch ((encoding ?? "identity").trim().toLowerCase()) {
    case "identity":
      return raw;
    case "gzip":
    case "x-gzip":
      return gunzipSync(raw);
    case "deflate":
      return inflateSync(raw);
    case "br":
      return brotliDecompressSync(raw);
    default:
      throw new Error(`unsupported content-encoding ${encoding}`);
  }
};

const handle = (req: IncomingMessage, res: ServerResponse): void => {
  const chunks: Array<Buffer> = [];
  let size = 0;
  let aborted = false;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES && !aborted) {
      aborted = true;
      serverProblems.push(`request body over ${MAX_BODY_BYTES} bytes`);
      res.writeHead(413).end();
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (aborted) return;
    if (requests.length >= MAX_REQUESTS) {
      serverProblems.push(`more than ${MAX_REQUESTS} requests`);
      res.writeHead(429).end();
      return;
    }
    try {
      const text = unzip(Buffer.concat(chunks), req.headers["content-encoding"]).toString("utf8");
      const body: unknown = JSON.parse(text);
      if (!isObject(body)) throw new Error(`body is not a JSON object: ${text.slice(0, 200)}`);
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}');
    } catch (e) {
      serverProblems.push(String(e));
      // 400: the client does not retry it, and the failure shows up in deliveryErrors too.
      res.writeHead(400).end();
    }
  });
};

/** Every message the client posted, in the order received, with where it came from. */
const posted: Array<{ readonly message: JsonObject; readonly request: number; readonly index: number }> = [];
/** Canonical events of each posted message (same order as `posted`). */
const decoded: Array<CanonicalEvent> = [];

const sentFor = (message: JsonObject): Sent => {
  const s = SENT_BY_KEY.get(keyOf(message));
  if (s === undefined) throw new Error(`posted message matches nothing sent: ${JSON.stringify(message)}`);
  return s;
};

beforeAll(async () => {
  const srv = createServer(handle);
  srv.requestTimeout = 5_000;
  srv.headersTimeout = 5_000;
  server = srv;
  await new Promise<void>((resolve, reject) => {
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = srv.address() as AddressInfo;

  const analytics = new Analytics({
    writeKey: WRITE_KEY,
    host: `http://127.0.0.1:${port}`,
    path: "/v1/batch",
    maxEventsInBatch: EVENTS_PER_BATCH,
    flushInterval: 60_000, // only full batches and closeAndFlush send, so the split is deterministic
    maxRetries: 0,
    httpRequestTimeout: 5_000,
  });
  for (const s of SENT) {
    analytics.track(s.params, (err) => {
      if (err !== undefined && err !== null) deliveryErrors.push(`${s.key}: ${String(err)}`);
    });
  }
  await analytics.closeAndFlush({ timeout: 8_000 });

  requests.forEach((r, request) => {
    const batch = r.body.batch;
    if (!Array.isArray(batch)) return;
    batch.forEach((message: unknown, index) => {
      if (isObject(message)) posted.push({ message, request, index });
    });
  });
  for (const r of requests) {
    const d = decode("customerio", r.body);
    if (!d.ok) throw new Error(`a posted batch does not decode: ${JSON.stringify(d.errors)}`);
    decoded.push(...d.value);
  }
}, 12_000);

afterAll(async () => {
  const srv = server;
  if (srv === undefined) return;
  srv.closeAllConnections();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
});

// ---------------------------------------------------------------------------------------------
// Helpers for the assertions.
// ---------------------------------------------------------------------------------------------

const describeDiff = (actual: unknown, expected: unknown): string =>
  `differs at ${jsonDiff(actual, expected).join(", ")}\n  got:      ${JSON.stringify(actual)}\n  expected: ${JSON.stringify(expected)}`;

const errorsOf = (r: { ok: boolean; errors?: ReadonlyArray<{ message: string }> }): string =>
  r.ok ? "ok" : (r.errors ?? []).map((e) => e.message).join(" | ");

/** Why a translation's outcome is not the expected one. */
const verdict = (label: string, shouldSucceed: boolean, r: { ok: boolean; errors?: ReadonlyArray<{ message: string }> }) =>
  `${label}: should ${shouldSucceed ? "succeed" : "fail"}; ${errorsOf(r)}`;

const withResolver = { identity: () => ({ email: RESOLVED_EMAIL }) } as const;

/** The posted message with the resolver's email added to `context.traits` (messages lacking one). */
const withResolvedEmail = (message: JsonObject): JsonObject => {
  const copy = structuredClone(message);
  const context = isObject(copy.context) ? copy.context : (copy.context = {});
  const traits = isObject(context.traits) ? context.traits : (context.traits = {});
  if (traits.email === undefined) traits.email = RESOLVED_EMAIL;
  return copy;
};

// ---------------------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------------------

describe("the real @customerio/cdp-analytics-node client against a loopback endpoint", () => {
  it("sends 28 semantic names, 2 custom events and 1 anonymous event", () => {
    expect(SEMANTIC).toHaveLength(28);
    expect(SEMANTIC.map((r) => r.type)).not.toContain("custom");
    expect(new Set(SENT.map((s) => s.key)).size).toBe(SENT.length);
    expect(SENT).toHaveLength(31);
  });

  it("delivered every event as POST /v1/batch envelopes with the client's own fields", () => {
    expect(serverProblems).toEqual([]);
    expect(deliveryErrors).toEqual([]);
    expect(requests.length).toBe(Math.ceil(SENT.length / EVENTS_PER_BATCH));
    const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString("base64")}`;
    for (const r of requests) {
      expect(r.method).toBe("POST");
      expect(r.url).toBe("/v1/batch");
      expect(r.headers.authorization).toBe(auth);
      expect(r.headers["content-type"]).toMatch(/^application\/json/);
      expect(Array.isArray(r.body.batch)).toBe(true);
    }
    expect(posted).toHaveLength(SENT.length);
    expect(new Set(posted.map((p) => keyOf(p.message)))).toEqual(new Set(SENT.map((s) => s.key)));
    const ids = new Set<unknown>();
    for (const { message } of posted) {
      const sent = sentFor(message);
      expect(message.type).toBe("track");
      expect(message.event).toBe(sent.params.event);
      expect(typeof message.messageId).toBe("string");
      ids.add(message.messageId);
      expect(typeof message.timestamp).toBe("string");
      const ts = sent.params.timestamp;
      if (ts !== undefined) expect(message.timestamp).toBe(ts instanceof Date ? ts.toISOString() : ts);
      expect(message.properties).toEqual(sent.properties);
      expect(isObject(message._metadata)).toBe(true);
      const context = message.context as JsonObject;
      expect((context.library as JsonObject).name).toBe("@customerio/cdp-analytics-node");
      expect(typeof (context.library as JsonObject).version).toBe("string");
    }
    expect(ids.size).toBe(posted.length);
  });

  it("every posted batch decodes as customerio, one canonical event per message", () => {
    expect(decoded).toHaveLength(posted.length);
    decoded.forEach((event, i) => {
      expect(event.id).toBe(posted[i]?.message.messageId);
    });
  });

  it("every message round-trips exactly: canonical → customerio gives back the posted message", () => {
    const mismatches: Array<string> = [];
    decoded.forEach((event, i) => {
      const message = posted[i]!.message;
      const back = translate(event, { from: "canonical", to: "customerio" });
      if (!back.ok) mismatches.push(`${keyOf(message)}: ${errorsOf(back)}`);
      else {
        if (!jsonEqual(back.value, message)) mismatches.push(`${keyOf(message)}: ${describeDiff(back.value, message)}`);
        if (back.losses.length > 0) mismatches.push(`${keyOf(message)}: losses ${JSON.stringify(back.losses)}`);
      }
    });
    expect(mismatches).toEqual([]);
  });

  it("canonical events carry the right type, the user's identity and the properties sent", () => {
    const seenTypes = new Set<string>();
    decoded.forEach((event, i) => {
      const message = posted[i]!.message;
      const sent = sentFor(message);
      expect(event.type, sent.key).toBe(sent.type);
      expect(event.name).toBe(sent.params.event);
      if (sent.type !== "custom") seenTypes.add(event.type);
      if (sent.params.userId !== undefined) expect(event.identity?.userId).toBe(USER_ID);
      else {
        expect(event.identity?.anonymousId).toBe("anon_abc123xyz");
        expect(event.identity?.userId).toBeUndefined();
      }
      expect(event.identity?.email).toBe(sent.email);
      // Products (a list or the single product of a product event): ids, prices and quantities.
      const props = sent.properties;
      const listed = Array.isArray(props.products) ? (props.products as Array<JsonObject>) : undefined;
      const expectedProducts = listed ?? (typeof props.product_id === "string" ? [props] : []);
      expect(event.products?.length ?? 0, sent.key).toBe(expectedProducts.length);
      expectedProducts.forEach((p, j) => {
        const got = event.products?.[j];
        expect(got?.id).toBe(p.product_id);
        expect(got?.price).toBe(p.price);
        if (p.quantity !== undefined) expect(got?.quantity).toBe(p.quantity);
        if (p.sku !== undefined) expect(got?.sku).toBe(p.sku);
      });
    });
    expect([...seenTypes].sort()).toEqual(SEMANTIC.map((r) => r.type).sort());

    const byKey = new Map(decoded.map((e, i) => [keyOf(posted[i]!.message), e]));
    const order = byKey.get(keyOf({ event: "Order Completed", userId: USER_ID }));
    expect(order?.order).toMatchObject({ id: "order123", total: 119.99, revenue: 139.99, tax: 10, currency: "USD" });
    expect(order?.products?.[0]).toMatchObject({ id: "coolshoes-123", price: 139.99, quantity: 1, name: "Cool Shoes" });
    const search = byKey.get(keyOf({ event: "Products Searched", userId: USER_ID }));
    expect(search?.search?.query).toBe("pepperoni pizza");
    const coupon = byKey.get(keyOf({ event: "Coupon Applied", userId: USER_ID }));
    expect(coupon?.coupon).toMatchObject({ id: "NEWUSER20", discount: 20 });
    const review = byKey.get(keyOf({ event: "Product Reviewed", userId: USER_ID }));
    expect(review?.review).toMatchObject({ id: "review_123", rating: 5 });
    const gift = byKey.get(keyOf({ event: "Gift Card Purchased", userId: USER_ID }));
    expect(gift?.properties).toMatchObject({ card_id: "gc_778", amount: 50 });
    const anon = byKey.get(keyOf({ event: "Product Viewed", anonymousId: "anon_abc123xyz" }));
    expect(anon?.device?.ip).toBe("203.0.113.7");
    expect(anon?.page?.url).toBe("https://www.example.com/product/123");
  });

  const OTHER_FORMATS = (Object.keys(CODECS) as Array<FormatId>).filter((f) => f !== "customerio" && f !== "segment");

  it("registers at least canonical, omnisend, redo and attribuly besides customerio", () => {
    expect(OTHER_FORMATS).toEqual(expect.arrayContaining(["canonical", "omnisend", "redo", "attribuly"]));
  });

  for (const to of OTHER_FORMATS) {
    it(`every posted batch translates to ${to}: ok, or an error saying what is missing`, () => {
      const problems: Array<string> = [];
      requests.forEach((r, request) => {
        const all = translateAll(r.body, { from: "customerio", to });
        if (!all.ok) {
          problems.push(`request ${request}: ${errorsOf(all)}`);
          return;
        }
        const batch = r.body.batch as Array<JsonObject>;
        expect(all.value).toHaveLength(batch.length);
        all.value.forEach(({ path, result }, index) => {
          expect(path).toBe(`$.batch[${index}]`);
          const message = batch[index]!;
          const sent = sentFor(message);
          const hasEmail = sent.email !== undefined;
          const label = `${sent.key} → ${to}`;
          switch (to) {
            case "canonical":
              if (!result.ok) problems.push(`${label}: ${errorsOf(result)}`);
              else if (!jsonEqual(result.value, result.event)) problems.push(`${label}: value is not the event`);
              break;
            case "omnisend":
              if (hasEmail !== result.ok) problems.push(verdict(label, hasEmail, result));
              if (!result.ok) {
                expect(result.errors.map((e) => e.path)).toEqual(["$.identity"]);
                expect(result.errors[0]?.message).toMatch(/omnisend needs a contact identifier .*email.*phone/);
              }
              break;
            case "redo":
              if (hasEmail !== result.ok) problems.push(verdict(label, hasEmail, result));
              if (!result.ok) {
                expect(result.errors.map((e) => e.path)).toEqual(["$.identity"]);
                expect(result.errors[0]?.message).toMatch(/redo needs a customer identifier .*redoCustomerId.*email.*phone/);
              }
              break;
            case "attribuly": {
              const carried = ATTRIBULY_TYPES.has(sent.type);
              if (carried !== result.ok) problems.push(verdict(label, carried, result));
              if (!result.ok) {
                expect(result.errors.map((e) => e.path)).toEqual(["$.type"]);
                expect(result.errors[0]?.message).toContain(`attribuly has no journey item for`);
                expect(result.errors[0]?.message).toContain(JSON.stringify(sent.type));
              }
              break;
            }
            default:
              // A format registered after this test was written: it must either succeed or say why not.
              if (!result.ok) {
                expect(result.errors.length).toBeGreaterThan(0);
                for (const e of result.errors) expect(e.message).toMatch(/^\$\S*: .+/);
              }
          }
        });
      });
      expect(problems).toEqual([]);
    });
  }

  for (const to of ["omnisend", "redo"] as const) {
    it(`with an identity resolver every message translates to ${to}, the resolved email reported as defaulted`, () => {
      const problems: Array<string> = [];
      for (const { message } of posted) {
        const sent = sentFor(message);
        const r = translate(message, { from: "customerio", to, ...withResolver });
        if (!r.ok) {
          problems.push(`${sent.key} → ${to}: ${errorsOf(r)}`);
          continue;
        }
        const defaulted = r.losses.filter((l) => l.kind === "defaulted").map((l) => [l.path, l.to]);
        expect(defaulted, sent.key).toEqual(sent.email === undefined ? [["$.identity.email", RESOLVED_EMAIL]] : []);
        expect(r.event.identity?.email).toBe(sent.email ?? RESOLVED_EMAIL);
      }
      expect(problems).toEqual([]);
    });

    it(`lossless customerio → ${to} → customerio gives back the exact posted message`, () => {
      const problems: Array<string> = [];
      for (const { message } of posted) {
        const sent = sentFor(message);
        const there = translate(message, { from: "customerio", to, lossless: true, ...withResolver });
        if (!there.ok) {
          problems.push(`${sent.key} → ${to}: ${errorsOf(there)}`);
          continue;
        }
        // In lossless mode the only losses left are the resolver's additions.
        expect(there.losses.every((l) => l.kind === "defaulted")).toBe(true);
        const back = translate(there.value, { from: to, to: "customerio" });
        if (!back.ok) {
          problems.push(`${sent.key} → ${to} → customerio: ${errorsOf(back)}`);
          continue;
        }
        // A message with its own email comes back to the letter; one that needed the resolver comes
        // back with exactly the resolved email added to context.traits, and nothing else changed.
        const expected = sent.email === undefined ? withResolvedEmail(message) : message;
        if (!jsonEqual(back.value, expected)) problems.push(`${sent.key} via ${to}: ${describeDiff(back.value, expected)}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it("lossless trips without a resolver are exact for messages carrying their own email", () => {
    const problems: Array<string> = [];
    let trips = 0;
    for (const { message } of posted) {
      const sent = sentFor(message);
      if (sent.email === undefined) continue;
      for (const to of ["omnisend", "redo"] as const) {
        const there = translate(message, { from: "customerio", to, lossless: true });
        const back = there.ok ? translate(there.value, { from: to, to: "customerio" }) : there;
        trips++;
        if (!back.ok) problems.push(`${sent.key} via ${to}: ${errorsOf(back)}`);
        else if (!jsonEqual(back.value, message)) problems.push(`${sent.key} via ${to}: ${describeDiff(back.value, message)}`);
      }
    }
    expect(trips).toBe(2 * SENT.filter((s) => s.email !== undefined).length);
    expect(problems).toEqual([]);
  });
});
