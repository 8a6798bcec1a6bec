/**
 * Reading Attribuly's order journeys (`POST /{version}/api/order/event`, `ApiKey` header): every
 * page of ≤ 100 events until `total` is covered, at most 20 requests per second, retried like any
 * delivery request; an answer whose `code` is not 1 is a failure even on HTTP 200. With a journal,
 * an order is recorded done once all its pages were handed out, so a re-run skips it.
 *
 * @since 0.1.0
 */
import { setMaxListeners } from "node:events";
import { isObject } from "../core/json.js";
import type { Credentials } from "./credentials.js";
import { type Journal, openJournal } from "./journal.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { backoffMs, retryAfterMs, statusClass } from "./retry.js";

/**
 * Options of {@link pullAttribuly}.
 *
 * @category delivery
 * @since 0.1.0
 */
export interface PullOptions {
  readonly credentials: Credentials;
  /** Base URL (default `https://data.api.attribuly.com`). */
  readonly endpoint?: string | undefined;
  /** API version path segment (default `v2-4-2`). */
  readonly version?: string | undefined;
  /** Events per page, 1–100 (default 100). */
  readonly pageSize?: number | undefined;
  /** Requests per second (default and maximum 20 without `forceRate`). */
  readonly rate?: number | undefined;
  readonly forceRate?: boolean | undefined;
  readonly rateLimiter?: RateLimiter | undefined;
  readonly retryForMs?: number | undefined;
  readonly backoffBaseMs?: number | undefined;
  readonly backoffCapMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
  /** Resume journal: orders already pulled are skipped. */
  readonly state?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * One order's outcome: its pages (the whole answers, in page order), or why it failed.
 *
 * @category delivery
 * @since 0.1.0
 */
export type PulledOrder =
  | { readonly ordinal: number; readonly orderId: string; readonly status: "pulled"; readonly pages: ReadonlyArray<unknown> }
  | { readonly ordinal: number; readonly orderId: string; readonly status: "resumed" }
  | {
      readonly ordinal: number;
      readonly orderId: string;
      readonly status: "failed";
      readonly reason: string;
      readonly httpStatus?: number | undefined;
      readonly body?: string | undefined;
    };

/**
 * Attribuly refused the API key (401/403): the run stops.
 *
 * @category delivery
 * @since 0.1.0
 */
export class PullCredentialsRejected extends Error {
  readonly _tag = "CredentialsRejected";
  constructor(readonly status: number) {
    super(`credentials rejected by attribuly (HTTP ${status})`);
  }
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Pulls the journeys of order ids, one order after another (pages in order), yielding each order's
 * outcome.
 *
 * @example
 * import { pullAttribuly } from "commerce-rosetta/delivery"
 * for await (const order of pullAttribuly(["1001", "1002"], { credentials: { apiKey: process.env.ATTRIBULY_API_KEY } }))
 *   if (order.status === "pulled") console.log(order.pages.length)
 *
 * @category delivery
 * @since 0.1.0
 */
export async function* pullAttribuly(
  orders: AsyncIterable<string> | Iterable<string>,
  options: PullOptions,
): AsyncGenerator<PulledOrder> {
  const base = (options.endpoint ?? "https://data.api.attribuly.com").replace(/\/+$/, "");
  const url = `${base}/${options.version ?? "v2-4-2"}/api/order/event`;
  const pageSize = Math.min(100, Math.max(1, Math.floor(options.pageSize ?? 100)));
  if (options.rate !== undefined && options.rate > 20 && options.forceRate !== true)
    throw new Error(`--rate ${options.rate} is above attribuly's documented 20 requests/s; add --force-rate to exceed it`);
  const limiter = options.rateLimiter ?? createRateLimiter({ limit: options.rate ?? 20, windowMs: 1000 });
  const retryFor = options.retryForMs ?? 4 * 3600_000;
  const doFetch = options.fetch ?? fetch;
  const key = options.credentials.apiKey ?? "";
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const onAbort = () => stop.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const journal: Journal | undefined = options.state === undefined ? undefined : openJournal(options.state, "attribuly");

  /** One page: the parsed answer, or a failure. */
  const page = async (
    orderId: string,
    n: number,
  ): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; reason: string; status?: number; body?: string }> => {
    const first = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (stop.signal.aborted) return { ok: false, reason: "stopped" };
      let permit: unknown;
      try {
        permit = await limiter.acquire(1, stop.signal);
      } catch {
        return { ok: false, reason: "stopped" };
      }
      let status = 0;
      let text = "";
      let headers: Record<string, string> = {};
      try {
        const res = await doFetch(url, {
          method: "POST",
          headers: { ApiKey: key, "content-type": "application/json" },
          body: JSON.stringify({ order_id: orderId, page: n, page_size: pageSize }),
          signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 10_000), stop.signal]),
        });
        status = res.status;
        text = await res.text();
        headers = Object.fromEntries(res.headers);
        limiter.settle?.(permit);
      } catch (e) {
        text = (e as Error).message;
      }
      const cls = status === 0 ? "retry" : statusClass(status);
      if (cls === "auth") throw new PullCredentialsRejected(status);
      if (cls === "ok") {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return { ok: false, reason: "the answer is not JSON", status, body: text.slice(0, 2000) };
        }
        if (!isObject(parsed) || parsed.code !== 1)
          return {
            ok: false,
            reason: `attribuly answered code ${isObject(parsed) ? JSON.stringify(parsed.code) : "?"}: ${isObject(parsed) ? String(parsed.message ?? "") : ""}`,
            status,
            body: text.slice(0, 2000),
          };
        return { ok: true, value: parsed };
      }
      if (cls === "reject") return { ok: false, reason: `HTTP ${status}`, status, body: text.slice(0, 2000) };
      const asked = retryAfterMs(headers, 300_000);
      if (status === 429) limiter.penalize(asked);
      const wait = asked ?? backoffMs(attempt, options.backoffBaseMs ?? 500, options.backoffCapMs ?? 60_000);
      if (Date.now() + wait - first > retryFor)
        return {
          ok: false,
          reason: `gave up after ${attempt + 1} attempts (last: ${status === 0 ? text : `HTTP ${status}`})`,
          status,
        };
      await sleep(wait, stop.signal);
    }
  };

  try {
    let ordinal = 0;
    for await (const raw of orders as AsyncIterable<string>) {
      const orderId = raw.trim();
      if (orderId === "") continue;
      const o = ordinal++;
      if (journal?.stateOf(o) !== undefined) {
        yield { ordinal: o, orderId, status: "resumed" };
        continue;
      }
      const pages: Array<unknown> = [];
      let failure: Extract<PulledOrder, { status: "failed" }> | undefined;
      for (let n = 1; ; n++) {
        const r = await page(orderId, n);
        if (!r.ok) {
          failure = { ordinal: o, orderId, status: "failed", reason: r.reason, httpStatus: r.status, body: r.body };
          break;
        }
        pages.push(r.value);
        const data = isObject(r.value.data) ? r.value.data : {};
        const total = typeof data.total === "number" ? data.total : 0;
        const events = Array.isArray(data.events) ? data.events.length : 0;
        if (n * pageSize >= total || events === 0) break;
      }
      if (stop.signal.aborted) return;
      if (failure !== undefined) {
        await journal?.record("dead-lettered", [o]);
        yield failure;
        continue;
      }
      yield { ordinal: o, orderId, status: "pulled", pages };
      await journal?.record("accepted", [o]);
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    stop.abort();
    await journal?.close();
  }
}
