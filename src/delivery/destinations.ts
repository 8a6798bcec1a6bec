/**
 * The three writable vendors as data plus two small functions each: where and how to send a batch
 * of already-encoded records (URL, auth headers, the codec's own bulk envelope), the vendor's limits
 * (records and bytes per request, requests per window), the idempotency id each record must carry,
 * and how to read the vendor's answer into per-record outcomes. The engine (`engine.ts`) does the
 * rest; the records themselves are always written by the destination's codec.
 *
 * @since 0.1.0
 */
import { v5 as uuidV5 } from "uuid";
import type { Codec } from "../core/codec.js";
import { isObject } from "../core/json.js";
import { codecOf } from "../formats/index.js";
import { DERIVED_ID_NAMESPACE } from "../translate.js";
import type { Credentials } from "./credentials.js";

/**
 * The destinations `createSender` writes to.
 *
 * @example
 * import type { DestinationId } from "commerce-rosetta/delivery"
 * const to: DestinationId = "redo"
 *
 * @category delivery
 * @since 0.1.0
 */
export type DestinationId = "customerio" | "redo" | "omnisend-api";

/** The destination ids, for argument checking. */
export const DESTINATION_IDS: ReadonlyArray<DestinationId> = ["customerio", "redo", "omnisend-api"];

/** One HTTP request the engine will make. */
export interface OutgoingRequest {
  readonly method: "POST" | "GET";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/** A record ready to send: its encoded value and serialized size. */
export interface Encoded {
  readonly value: unknown;
  readonly bytes: number;
}

/** How one record of a request fared, as the vendor said. */
export type ItemOutcome =
  | { readonly kind: "accepted" }
  | { readonly kind: "retry"; readonly status: number; readonly body: string }
  | { readonly kind: "reject"; readonly status: number; readonly body: string; readonly vendorPath?: string | undefined };

/** The vendor's answer to a request, read. */
export type Answer =
  | { readonly kind: "accepted" }
  /** the whole request was refused for a reason that is about the records (400 …): bisect, then dead-letter */
  | { readonly kind: "reject"; readonly status: number; readonly body: string; readonly vendorPath?: string | undefined }
  /** Omnisend batches: accepted for processing; its per-item results come later */
  | { readonly kind: "pending"; readonly batchId: string };

/** Options that shape a destination. */
export interface DestinationOptions {
  readonly credentials: Credentials;
  readonly endpoint?: string | undefined;
  readonly region?: "us" | "eu" | undefined;
  /** Omnisend: the legacy `/v5/events` API with `X-API-KEY`. */
  readonly legacyV5?: boolean | undefined;
  /** Omnisend: `POST /api/batches` (≤ 100 events each) with asynchronous item results. */
  readonly omnisendBatches?: boolean | undefined;
}

/**
 * A writable vendor for the engine.
 *
 * @category delivery
 * @since 0.1.0
 */
export interface Destination {
  readonly id: DestinationId;
  /** The destination's codec (records are encoded by it, never here). */
  readonly codec: Codec;
  /** Requests per window, as the vendor documents. */
  readonly rate: { readonly limit: number; readonly windowMs: number };
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly maxRecordBytes: number;
  readonly concurrency: number;
  /** Ensures the record carries the vendor's idempotency id (deterministic from `seed`). */
  readonly withId: (value: unknown, seed: () => string) => unknown;
  /** The request for a batch of records. */
  readonly request: (items: ReadonlyArray<Encoded>) => OutgoingRequest;
  /** Reads a 2xx or a rejecting 4xx answer. */
  readonly answer: (status: number, body: string, items: ReadonlyArray<Encoded>) => Answer;
  /** Omnisend batches: the requests that read a batch's status and items, and how to read them. */
  readonly batches?: {
    readonly status: (batchId: string) => OutgoingRequest;
    readonly finished: (body: string) => boolean;
    readonly items: (batchId: string) => OutgoingRequest;
    /** Per-record outcomes, in the order of `items`. */
    readonly outcomes: (body: string, items: ReadonlyArray<Encoded>) => ReadonlyArray<ItemOutcome>;
  };
  /** The secrets to redact (headers are built from them). */
  readonly credentials: Credentials;
}

const JSON_TYPE = "application/json";
const trimSlash = (s: string): string => s.replace(/\/+$/, "");

const needCodec = (id: string): Codec => {
  const c = codecOf(id);
  if (c === undefined) throw new Error(`the ${id} codec is not in this build`);
  return c;
};

/** The envelope(s) the codec makes for these records; the engine sends one request per batch, so it must be one. */
const envelope = (codec: Codec, items: ReadonlyArray<Encoded>): unknown => {
  if (codec.batch === undefined) throw new Error(`${codec.id} has no bulk envelope`);
  const r = codec.batch(
    items.map((i) => ({ value: i.value, event: { type: "custom", name: "" } as never })),
    items.length,
  );
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("; "));
  if (r.value.length !== 1) throw new Error(`${codec.id}: expected one envelope for ${items.length} records`);
  return r.value[0];
};

const setKey = (value: unknown, key: string, v: unknown): unknown => {
  if (!isObject(value)) return value;
  return { ...value, [key]: v };
};

const hasString = (value: unknown, key: string): boolean =>
  isObject(value) && typeof value[key] === "string" && (value[key] as string).length > 0;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Omnisend's ValidationProblem `errors[0].field` as a JSONPath, if the body has one. */
const problemPath = (body: string): string | undefined => {
  try {
    const p = JSON.parse(body) as { errors?: Array<{ field?: unknown }> };
    const f = p.errors?.[0]?.field;
    if (typeof f === "string" && f !== "") return `$.${f}`;
  } catch {
    // not JSON
  }
  return undefined;
};

const customerioDestination = (o: DestinationOptions): Destination => {
  const codec = needCodec("customerio");
  const key = o.credentials.writeKey ?? "";
  const base = trimSlash(o.endpoint ?? (o.region === "eu" ? "https://cdp-eu.customer.io/v1" : "https://cdp.customer.io/v1"));
  const auth = `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
  return {
    id: "customerio",
    codec,
    rate: { limit: 3000, windowMs: 3000 },
    maxRecords: 2500,
    maxBytes: 480 * 1024,
    maxRecordBytes: 32 * 1024,
    concurrency: 8,
    credentials: o.credentials,
    withId: (value, seed) => (hasString(value, "messageId") ? value : setKey(value, "messageId", seed())),
    request: (items) => ({
      method: "POST",
      url: `${base}/batch`,
      headers: { authorization: auth, "content-type": JSON_TYPE, "x-strict-mode": "1" },
      body: JSON.stringify(envelope(codec, items)),
    }),
    answer: (status, body) => (status < 300 ? { kind: "accepted" } : { kind: "reject", status, body }),
  };
};

const redoDestination = (o: DestinationOptions): Destination => {
  const codec = needCodec("redo");
  const store = o.credentials.storeId ?? "";
  const base = trimSlash(o.endpoint ?? "https://api.getredo.com/v2.2");
  return {
    id: "redo",
    codec,
    rate: { limit: 100, windowMs: 1000 },
    maxRecords: 100,
    maxBytes: 5 * 1024 * 1024 - 1024,
    maxRecordBytes: 5 * 1024 * 1024 - 1024,
    concurrency: 16,
    credentials: o.credentials,
    withId: (value, seed) => (hasString(value, "uniqueId") ? value : setKey(value, "uniqueId", seed())),
    request: (items) => ({
      method: "POST",
      url: `${base}/stores/${encodeURIComponent(store)}/events/bulk`,
      headers: { authorization: `Bearer ${o.credentials.apiSecret ?? ""}`, "content-type": JSON_TYPE },
      body: JSON.stringify(envelope(codec, items)),
    }),
    answer: (status, body) => (status < 300 ? { kind: "accepted" } : { kind: "reject", status, body }),
  };
};

const omnisendDestination = (o: DestinationOptions): Destination => {
  const codec = needCodec("omnisend-api");
  const base = trimSlash(o.endpoint ?? "https://api.omnisend.com");
  const key = o.credentials.apiKey ?? "";
  const headers: Record<string, string> = o.legacyV5
    ? { "x-api-key": key, "content-type": JSON_TYPE }
    : { authorization: `Omnisend-API-Key ${key}`, "omnisend-version": "2026-03-15", "content-type": JSON_TYPE };
  const prefix = o.legacyV5 ? "/v5" : "/api";
  const withId = (value: unknown, seed: () => string): unknown => {
    if (!isObject(value)) return value;
    const id = value.eventID;
    if (typeof id === "string" && UUID.test(id)) return value;
    // a deterministic UUID v5 from the record's own id (or the seed), so a re-run dedups
    return setKey(value, "eventID", uuidV5(typeof id === "string" && id !== "" ? id : seed(), DERIVED_ID_NAMESPACE));
  };
  const base0: Omit<Destination, "maxRecords" | "request" | "answer" | "batches" | "maxBytes"> = {
    id: "omnisend-api",
    codec,
    rate: { limit: 400, windowMs: 60_000 },
    maxRecordBytes: 1024 * 1024,
    concurrency: 8,
    credentials: o.credentials,
    withId,
  };
  if (o.omnisendBatches !== true) {
    return {
      ...base0,
      maxRecords: 1,
      maxBytes: 1024 * 1024,
      request: (items) => ({
        method: "POST",
        url: `${base}${prefix}/events`,
        headers,
        body: JSON.stringify((items[0] as Encoded).value),
      }),
      answer: (status, body) =>
        status < 300 ? { kind: "accepted" } : { kind: "reject", status, body, vendorPath: problemPath(body) },
    };
  }
  return {
    ...base0,
    maxRecords: 100,
    maxBytes: 8 * 1024 * 1024,
    request: (items) => ({
      method: "POST",
      url: `${base}${prefix}/batches`,
      headers,
      body: JSON.stringify({ endpoint: "events", method: "POST", origin: "api", items: items.map((i) => i.value) }),
    }),
    answer: (status, body) => {
      if (status >= 300) return { kind: "reject", status, body, vendorPath: problemPath(body) };
      let id: unknown;
      try {
        id = (JSON.parse(body) as { batchID?: unknown }).batchID;
      } catch {
        // below
      }
      if (typeof id !== "string" || id === "")
        return { kind: "reject", status, body: `no batchID in the answer: ${body.slice(0, 200)}` };
      return { kind: "pending", batchId: id };
    },
    batches: {
      status: (id) => ({ method: "GET", url: `${base}${prefix}/batches/${encodeURIComponent(id)}`, headers }),
      finished: (body) => {
        try {
          const s = (JSON.parse(body) as { status?: unknown }).status;
          return s === "finished" || s === "stopped";
        } catch {
          return false;
        }
      },
      items: (id) => ({ method: "GET", url: `${base}${prefix}/batches/${encodeURIComponent(id)}/items`, headers }),
      outcomes: (body, items) => {
        let rows: Array<{ request?: { eventID?: unknown }; responseCode?: unknown; response?: unknown; status?: unknown }> = [];
        try {
          const parsed = JSON.parse(body) as unknown;
          rows = (Array.isArray(parsed) ? parsed : ((parsed as { items?: unknown }).items as typeof rows)) ?? [];
        } catch {
          rows = [];
        }
        const byId = new Map<string, (typeof rows)[number]>();
        for (const r of rows) if (typeof r.request?.eventID === "string") byId.set(r.request.eventID, r);
        return items.map((item, i): ItemOutcome => {
          const eventID = isObject(item.value) ? item.value.eventID : undefined;
          const row = (typeof eventID === "string" ? byId.get(eventID) : undefined) ?? rows[i];
          // no result for the item: not processed; send it again (its eventID dedups)
          if (row === undefined) return { kind: "retry", status: 0, body: "no item result in the batch" };
          const code = typeof row.responseCode === "number" ? row.responseCode : 0;
          const text = typeof row.response === "string" ? row.response : JSON.stringify(row.response ?? null);
          if (code >= 200 && code < 300) return { kind: "accepted" };
          if (code === 408 || code === 429 || code >= 500 || code === 0) return { kind: "retry", status: code, body: text };
          return { kind: "reject", status: code, body: text, vendorPath: problemPath(text) };
        });
      },
    },
  };
};

/**
 * The destination of an id, configured.
 *
 * @example
 * import { destinationOf } from "commerce-rosetta/delivery"
 * destinationOf("redo", { credentials: { apiSecret: "s", storeId: "st" } }).rate // { limit: 100, windowMs: 1000 }
 *
 * @category delivery
 * @since 0.1.0
 */
export const destinationOf = (id: DestinationId, options: DestinationOptions): Destination => {
  switch (id) {
    case "customerio":
      return customerioDestination(options);
    case "redo":
      return redoDestination(options);
    case "omnisend-api":
      return omnisendDestination(options);
    default:
      throw new Error(`unknown destination ${String(id)}; known: ${DESTINATION_IDS.join(", ")}`);
  }
};
