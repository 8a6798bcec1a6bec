/**
 * Pacing requests to a vendor's published limit. The engine asks a {@link RateLimiter} before
 * every request and tells it when the vendor answered 429; the default is an in-process sliding
 * window ({@link createRateLimiter}) that never lets more than `limit` requests start within any
 * `windowMs` (plus a small margin for network jitter), and slows down adaptively on 429s the way
 * RudderStack's adaptive throttler does. A fleet of senders can share one limit by passing their
 * own implementation (a NATS JetStream KV bucket, Redis) as `createSender({ rateLimiter })`.
 *
 * @since 0.1.0
 */

/**
 * What the engine needs from a rate limiter: permission to start requests, and news of 429s.
 *
 * @example
 * import type { RateLimiter } from "commerce-rosetta/delivery"
 * const unlimited: RateLimiter = { acquire: async () => {}, penalize: () => {} }
 *
 * @category delivery
 * @since 0.1.0
 */
export interface RateLimiter {
  /**
   * Resolves when `cost` requests may start now (the engine calls it with 1 before each request);
   * rejects with `signal.reason` if the signal aborts first. What it resolves with (nothing, or a
   * permit) is handed back to `settle`.
   */
  acquire(cost: number, signal?: AbortSignal): Promise<unknown>;
  /**
   * The vendor answered 429: lower the rate, and when the vendor said how long to wait
   * (`Retry-After`, `X-Rate-Limit-Reset`), let no request start for that many milliseconds.
   */
  penalize(retryAfterMs?: number): void;
  /**
   * Optional: the request that `acquire` resolved with `permit` for has been answered. The
   * in-process limiter then counts that request's slot in the window from the answer instead of
   * from the permit: the vendor received it at some time before the answer, so requests that
   * left the window this way have certainly left the vendor's window too, whatever the network's
   * jitter. A limiter without it counts from the permit.
   */
  settle?(permit: unknown): void;
}

/**
 * Options of {@link createRateLimiter}.
 *
 * @example
 * import type { RateLimitOptions } from "commerce-rosetta/delivery"
 * const redo: RateLimitOptions = { limit: 100, windowMs: 1000 }
 *
 * @category delivery
 * @since 0.1.0
 */
export interface RateLimitOptions {
  /** Requests allowed per window. */
  readonly limit: number;
  /** The window's length in milliseconds (Redo 1000, Omnisend 60 000, Customer.io 3000). */
  readonly windowMs: number;
  /**
   * Extra milliseconds added to the window of a request counted from its permit (not yet answered,
   * or never: timeouts, resets). A request counted from its answer needs none: the vendor counted
   * it before answering. Default: 1 % of the window, at least 10 ms.
   */
  readonly marginMs?: number;
  /** Slow down on 429 (default true): each 429 lowers the rate by 30 %, two quiet windows raise it 10 %. */
  readonly adaptive?: boolean;
  /** The clock (tests). */
  readonly now?: () => number;
}

/**
 * The in-process limiter, with its current state for reports.
 *
 * @category delivery
 * @since 0.1.0
 */
export interface SlidingWindowLimiter extends RateLimiter {
  /** Resolves with the permit (an ordinal) to pass to `settle`. */
  acquire(cost: number, signal?: AbortSignal): Promise<number>;
  settle(permit: unknown): void;
  /** The share of the limit in use now (1 = the full limit; lowered by 429s). */
  readonly factor: () => number;
}

const MIN_FACTOR = 0.05;

/**
 * A sliding-window limiter: a request may start at time t only if fewer than `limit × factor`
 * requests started — or, once settled, were answered — in `(t − windowMs − margin, t]`. Stricter than a token bucket with a burst:
 * the count in every window of the vendor's length stays within the limit, which is how the
 * vendors measure (Omnisend: a sliding 60 s window per brand). Waiters are served in order.
 *
 * @example
 * import { createRateLimiter } from "commerce-rosetta/delivery"
 * const limiter = createRateLimiter({ limit: 100, windowMs: 1000 })
 * await limiter.acquire(1)
 *
 * @category delivery
 * @since 0.1.0
 */
export const createRateLimiter = (options: RateLimitOptions): SlidingWindowLimiter => {
  // a very large limit (tests, benches) keeps its rate with a ring of at most 10,000 start times
  const requested = Math.max(1, Math.floor(options.limit));
  const limit = Math.min(requested, 10_000);
  const windowMs = (options.windowMs * limit) / requested;
  const margin = options.marginMs ?? Math.max(10, Math.ceil(windowMs * 0.01));
  const window = windowMs + margin;
  const now = options.now ?? Date.now;
  const adaptive = options.adaptive !== false;
  // start times of the last `limit` requests, a ring
  const starts = new Float64Array(limit).fill(Number.NEGATIVE_INFINITY);
  // the ordinal of the permit each slot holds, so a late settle never moves a reused slot
  const ordinals = new Float64Array(limit).fill(-1);
  let granted = 0;
  let head = 0;
  let factor = 1;
  let pausedUntil = 0;
  let last429 = Number.NEGATIVE_INFINITY;
  let lastRaise = now();
  const waiters: Array<{ cost: number; resolve: (permit: number) => void; reject: (e: unknown) => void; signal?: AbortSignal }> =
    [];
  let timer: NodeJS.Timeout | undefined;

  const allowed = (): number => Math.max(1, Math.floor(limit * factor));
  /** Milliseconds until one more request may start (0 = now). */
  const wait = (t: number): number => {
    if (t < pausedUntil) return pausedUntil - t;
    const n = allowed();
    // the start n requests back must have left the window
    const idx = (head - n + limit * 2) % limit;
    const oldest = starts[idx] as number;
    const free = oldest + window;
    return free <= t ? 0 : free - t;
  };
  const raise = (t: number): void => {
    if (!adaptive || factor >= 1) {
      lastRaise = t;
      return;
    }
    // two windows without a 429: +10 %
    while (t - Math.max(last429, lastRaise) >= 2 * windowMs && factor < 1) {
      factor = Math.min(1, factor + 0.1);
      lastRaise += 2 * windowMs;
      if (lastRaise < last429) lastRaise = last429;
    }
  };
  const pump = (): void => {
    timer = undefined;
    const t = now();
    raise(t);
    while (waiters.length > 0) {
      const w = waiters[0] as (typeof waiters)[number];
      if (w.signal?.aborted === true) {
        waiters.shift();
        w.reject(w.signal.reason);
        continue;
      }
      let ready = true;
      for (let i = 0; i < w.cost; i++) {
        const ms = wait(t);
        if (ms > 0) {
          ready = false;
          timer = setTimeout(pump, Math.ceil(ms));
          break;
        }
        starts[head] = t;
        ordinals[head] = granted++;
        head = (head + 1) % limit;
      }
      if (!ready) return;
      waiters.shift();
      w.resolve(granted - 1);
    }
  };

  return {
    acquire: (cost, signal) =>
      new Promise<number>((resolve, reject) => {
        if (signal?.aborted === true) {
          reject(signal.reason);
          return;
        }
        const w = { cost: Math.max(1, Math.floor(cost)), resolve, reject, signal };
        waiters.push(w);
        signal?.addEventListener(
          "abort",
          () => {
            const i = waiters.indexOf(w);
            if (i !== -1) {
              waiters.splice(i, 1);
              reject(signal.reason);
            }
          },
          { once: true },
        );
        if (timer === undefined) pump();
      }),
    penalize: (retryAfterMs) => {
      const t = now();
      if (adaptive && t - last429 > 50) factor = Math.max(MIN_FACTOR, factor * 0.7);
      last429 = t;
      if (retryAfterMs !== undefined && retryAfterMs > 0) pausedUntil = Math.max(pausedUntil, t + retryAfterMs);
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (waiters.length > 0) pump();
    },
    settle: (permit) => {
      if (typeof permit !== "number") return;
      const idx = permit % limit;
      // an answer comes after the vendor counted the request: from it, the window needs no margin
      if (ordinals[idx] === permit) starts[idx] = Math.max(starts[idx] as number, now() - margin);
    },
    factor: () => factor,
  };
};
