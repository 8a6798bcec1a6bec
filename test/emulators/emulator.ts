/**
 * Local stand-ins for the vendors' write APIs (Customer.io Pipelines `/v1/batch`, Redo
 * `/stores/{id}/events/bulk`, Omnisend `/api/events`, `/v5/events` and `/api/batches`), each a Node
 * `http` server on 127.0.0.1 and a free port that enforces the published contract — auth, count and
 * size limits, the vendor's schema, the rate limit (429 when exceeded), dedup on the vendor's id —
 * records what it accepted, and injects faults on request (5xx, resets mid-body, hung requests, slow
 * answers, forced 429s, Customer.io's 200-and-drop without strict mode). Tests only; never shipped.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { validateRedoBulk } from "../../property-tests/arbitraries/redo.js";
import { validateTrackCall } from "../support/customerio-spec.js";

export type Vendor = "customerio" | "redo" | "omnisend-api";

export interface Faults {
  /** Share of requests answered 500/502/503 (before processing). */
  readonly error5xx?: number;
  /** Share of requests whose connection is reset: half before processing, half after (accepted, answer lost). */
  readonly reset?: number;
  /** Share of requests never answered (the client's timeout fires). */
  readonly hang?: number;
  /** Share of requests answered after `slowMs`. */
  readonly slow?: number;
  readonly slowMs?: number;
  /** Share of requests answered 429 with `Retry-After: 1`-ish (`retryAfter`, seconds as text). */
  readonly force429?: number;
  readonly retryAfter?: string;
  /** Records the vendor refuses for its own reasons (a business rule), with the reason. */
  readonly refuse?: (record: Record<string, unknown>) => string | undefined;
  /** Called with the count accepted so far after each accepted request (kill points in tests). */
  readonly onAccepted?: (total: number) => void;
}

export interface EmulatorOptions {
  readonly vendor: Vendor;
  /** The secret the emulator accepts (write key, API secret, API key). */
  readonly secret: string;
  readonly storeId?: string;
  /** Rate limit: requests per window (default the vendor's documented one). */
  readonly limit?: number;
  readonly windowMs?: number;
  readonly faults?: Faults;
  /** Omnisend batches finish this many ms after creation (default 20). */
  readonly batchDelayMs?: number;
  readonly seed?: number;
}

export interface Emulator {
  readonly url: string;
  /** Accepted records by vendor id (each once). */
  readonly accepted: Map<string, Record<string, unknown>>;
  /** Records accepted again under an id already held (deduplicated). */
  duplicates: number;
  /** Records dropped silently (Customer.io without strict mode). */
  dropped: number;
  /** Start times (ms) of every request the emulator saw. */
  readonly arrivals: Array<number>;
  /** 429s the rate limit itself answered (not forced). */
  overLimit: number;
  /** Every header and body the emulator received, as text (for secret greps). */
  readonly seenAuth: Set<string>;
  readonly stop: () => Promise<void>;
  /** The largest number of requests that started within any window of `windowMs`. */
  readonly maxInWindow: (windowMs: number) => number;
}

const DOCUMENTED: Record<Vendor, { limit: number; windowMs: number }> = {
  customerio: { limit: 3000, windowMs: 3000 },
  redo: { limit: 100, windowMs: 1000 },
  "omnisend-api": { limit: 400, windowMs: 60_000 },
};

const schemaDir = fileURLToPath(new URL("../fixtures/omnisend-api/event-schemas/", import.meta.url));
const ajv2020 = new Ajv2020({ strict: false, allErrors: true });
const omnisendByName = new Map<string, ReturnType<typeof ajv2020.compile>>();
let omnisendCustom: ReturnType<typeof ajv2020.compile> | undefined;
const omnisendValidator = (name: unknown) => {
  if (omnisendCustom === undefined) {
    for (const f of readdirSync(schemaDir)) {
      const schema = JSON.parse(readFileSync(`${schemaDir}${f}`, "utf8")) as { properties?: { eventName?: { const?: string } } };
      const v = ajv2020.compile(schema);
      const n = schema.properties?.eventName?.const;
      if (f.startsWith("custom-event")) omnisendCustom = v;
      else if (n !== undefined) omnisendByName.set(n, v);
    }
  }
  return (
    (typeof name === "string" ? omnisendByName.get(name) : undefined) ?? (omnisendCustom as NonNullable<typeof omnisendCustom>)
  );
};

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed with its seed. */
const prng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

export const startEmulator = async (options: EmulatorOptions): Promise<Emulator> => {
  const { vendor, secret } = options;
  const faults = options.faults ?? {};
  const random = prng(options.seed ?? 42);
  const { limit, windowMs } = {
    ...DOCUMENTED[vendor],
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}),
  };
  const accepted = new Map<string, Record<string, unknown>>();
  const arrivals: Array<number> = [];
  const batches = new Map<
    string,
    { created: number; items: Array<{ request: unknown; responseCode: number; response: unknown }> }
  >();
  let batchSeq = 0;
  const em: Emulator = {
    url: "",
    accepted,
    duplicates: 0,
    dropped: 0,
    arrivals,
    overLimit: 0,
    seenAuth: new Set(),
    stop: async () => {},
    maxInWindow: (w) => {
      let max = 0;
      let j = 0;
      for (let i = 0; i < arrivals.length; i++) {
        while ((arrivals[i] as number) - (arrivals[j] as number) >= w) j++;
        max = Math.max(max, i - j + 1);
      }
      return max;
    },
  };
  const idKey = vendor === "customerio" ? "messageId" : vendor === "redo" ? "uniqueId" : "eventID";
  const keep = (record: Record<string, unknown>): void => {
    const id = record[idKey];
    const key = typeof id === "string" ? id : `anonymous-${accepted.size}`;
    if (accepted.has(key)) em.duplicates++;
    else accepted.set(key, record);
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { ...(text === "" ? {} : { "content-type": "application/json" }), ...headers });
    res.end(text);
  };
  const problem = (
    status: number,
    title: string,
    detail: string,
    errors?: Array<{ field: string; code: string; message: string }>,
  ) => ({
    type: status === 429 ? "https://problems.omnisend.com/rate-limit-exceeded" : "about:blank",
    title,
    status,
    detail,
    instance: `urn:omnisend:request:${Math.floor(random() * 1e9)}`,
    ...(errors === undefined ? {} : { errors }),
  });
  const refuse = (status: number, reason: string, vendorField?: string) => ({
    status,
    body:
      vendor === "customerio"
        ? { meta: { error: reason } }
        : vendor === "redo"
          ? { type: "about:blank", title: "Bad Request", detail: reason }
          : problem(status, "Validation failed", reason, [{ field: vendorField ?? "", code: "invalid", message: reason }]),
  });

  /** Validates and keeps a request's records; the answer to send. */
  const handle = (path: string, headers: IncomingMessage["headers"], text: string): { status: number; body?: unknown } => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return refuse(400, "the body is not JSON");
    }
    if (vendor === "customerio") {
      if (path !== "/v1/batch") return { status: 404, body: { meta: { error: "not found" } } };
      const strict = headers["x-strict-mode"] === "1";
      const items = (body as { batch?: unknown }).batch;
      const tooBig = Buffer.byteLength(text) > 500 * 1024 || !Array.isArray(items);
      const bad = tooBig
        ? "batch over 500 KB or not an array"
        : (items as Array<unknown>)
            .map((it) => {
              if (typeof it !== "object" || it === null) return "not an object";
              const call = it as Record<string, unknown>;
              if (Buffer.byteLength(JSON.stringify(call)) > 32 * 1024) return "event over 32 KB";
              if (call.type !== "track") return `unsupported type ${String(call.type)}`;
              const v = validateTrackCall(call);
              const name = String(call.event);
              if (v !== undefined && !v(call)) return `invalid ${name}: ${v.errors?.[0]?.instancePath} ${v.errors?.[0]?.message}`;
              return faults.refuse?.(call);
            })
            .find((r) => r !== undefined);
      if (bad !== undefined) {
        if (!strict) {
          em.dropped += Array.isArray(items) ? items.length : 1;
          return { status: 200, body: {} };
        }
        return refuse(400, bad);
      }
      for (const it of items as Array<Record<string, unknown>>) keep(it);
      return { status: 200, body: {} };
    }
    if (vendor === "redo") {
      if (path !== `/stores/${options.storeId ?? ""}/events/bulk`) return refuse(404, "Store not found");
      if (!validateRedoBulk(body))
        return refuse(
          400,
          `invalid body: ${validateRedoBulk.errors?.[0]?.instancePath} ${validateRedoBulk.errors?.[0]?.message}`,
        );
      const events = (body as { events: Array<Record<string, unknown>> }).events;
      for (const e of events) {
        const r = faults.refuse?.(e);
        if (r !== undefined) return refuse(400, r);
      }
      for (const e of events) keep(e);
      return { status: 202 };
    }
    // omnisend
    const checkEvent = (e: unknown): { status: number; body?: unknown } | undefined => {
      const ev = e as Record<string, unknown>;
      const v = omnisendValidator(ev?.eventName);
      if (!v(ev)) {
        const err = v.errors?.[0];
        const field = (err?.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".");
        return refuse(400, `${field || "body"} ${err?.message ?? "invalid"}`, field);
      }
      const r = faults.refuse?.(ev);
      if (r !== undefined) return refuse(422, r, "properties");
      return undefined;
    };
    if (path === "/api/events" || path === "/v5/events") {
      const bad = checkEvent(body);
      if (bad !== undefined) return bad;
      keep(body as Record<string, unknown>);
      return { status: 202 };
    }
    if (path === "/api/batches" || path === "/v5/batches") {
      const b = body as { endpoint?: unknown; method?: unknown; items?: unknown };
      if (b.endpoint !== "events" || b.method !== "POST" || !Array.isArray(b.items) || b.items.length < 1 || b.items.length > 100)
        return refuse(400, "a batch needs endpoint, method and 1–100 items", "items");
      const id = `batch-${++batchSeq}`;
      const results = (b.items as Array<unknown>).map((item) => {
        const bad = checkEvent(item);
        if (bad !== undefined) return { request: item, responseCode: bad.status, response: bad.body };
        // a processing failure of one item, retryable
        if (faults.error5xx !== undefined && random() < faults.error5xx / 4)
          return { request: item, responseCode: 503, response: problem(503, "Unavailable", "try again") };
        keep(item as Record<string, unknown>);
        return { request: item, responseCode: 202, response: null };
      });
      batches.set(id, { created: Date.now(), items: results });
      return { status: 201, body: { batchID: id, totalCount: results.length } };
    }
    return { status: 404, body: problem(404, "Not Found", path) };
  };

  const authorized = (headers: IncomingMessage["headers"], path: string): boolean => {
    const a = headers.authorization ?? "";
    if (vendor === "customerio") return a === `Basic ${Buffer.from(`${secret}:`).toString("base64")}`;
    if (vendor === "redo") return a === `Bearer ${secret}`;
    if (path.startsWith("/v5/")) return headers["x-api-key"] === secret;
    return a === `Omnisend-API-Key ${secret}` && headers["omnisend-version"] === "2026-03-15";
  };

  const rateLog: Array<number> = [];
  const server: Server = createServer(async (req, res) => {
    const t = Date.now();
    arrivals.push(t);
    const path = (req.url ?? "/").split("?")[0] as string;
    let text: string;
    try {
      text = req.method === "POST" ? await readBody(req) : "";
    } catch {
      return;
    }
    if (!authorized(req.headers, path)) {
      json(res, 401, vendor === "customerio" ? { meta: { error: "unauthorized" } } : { title: "Unauthorized", status: 401 });
      return;
    }
    // the rate limit: a sliding window of arrivals
    while (rateLog.length > 0 && t - (rateLog[0] as number) >= windowMs) rateLog.shift();
    if (rateLog.length >= limit) {
      em.overLimit++;
      json(res, 429, problem(429, "Too Many Requests", "rate limit exceeded"), {
        "retry-after": String(Math.ceil((windowMs - (t - (rateLog[0] as number))) / 1000)),
      });
      return;
    }
    rateLog.push(t);
    const r = random();
    let edge = 0;
    const hit = (share: number | undefined): boolean => {
      if (share === undefined || share <= 0) return false;
      const inside = r >= edge && r < edge + share;
      edge += share;
      return inside;
    };
    if (hit(faults.force429)) {
      json(res, 429, problem(429, "Too Many Requests", "slow down"), { "retry-after": faults.retryAfter ?? "0" });
      return;
    }
    if (hit(faults.error5xx)) {
      json(res, [500, 502, 503][Math.floor(random() * 3)] as number, problem(503, "Unavailable", "try again"));
      return;
    }
    if (hit(faults.hang)) return; // never answered
    const resetBefore = hit((faults.reset ?? 0) / 2);
    const resetAfter = hit((faults.reset ?? 0) / 2);
    if (resetBefore) {
      res.socket?.destroy();
      return;
    }
    if (req.method === "GET" && vendor === "omnisend-api") {
      const m = /^\/(?:api|v5)\/batches\/([^/]+)(\/items)?$/.exec(path);
      const b = m === null ? undefined : batches.get(m[1] as string);
      if (b === undefined) {
        json(res, 404, problem(404, "Not Found", path));
        return;
      }
      const done = Date.now() - b.created >= (options.batchDelayMs ?? 20);
      if (m?.[2] === "/items") json(res, 200, done ? b.items : []);
      else
        json(res, 200, {
          batchID: m?.[1],
          status: done ? "finished" : "inProgress",
          totalCount: b.items.length,
          finishedCount: done ? b.items.length : 0,
          errorsCount: b.items.filter((i) => i.responseCode >= 300).length,
        });
      return;
    }
    const answer = handle(path, req.headers, text);
    if (answer.status < 300) faults.onAccepted?.(accepted.size);
    if (resetAfter) {
      // processed, but the connection dies mid-answer: the client cannot know
      res.writeHead(answer.status, { "content-type": "application/json", "content-length": "1000" });
      res.write("{");
      res.socket?.destroy();
      return;
    }
    const send = () => json(res, answer.status, answer.body);
    if (hit(faults.slow)) setTimeout(send, faults.slowMs ?? 200);
    else send();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  Object.assign(em, {
    url: vendor === "customerio" ? `${base}/v1` : base,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return em;
};
