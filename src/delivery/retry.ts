/**
 * What to do with a vendor's answer: which statuses are retried (network errors, timeouts, 408,
 * 429, 5xx except 501/505 — as Segment and RudderStack do), which stop the run (401/403), which
 * dead-letter the record (every other 4xx, 501, 505); and how long to wait before the next attempt
 * (exponential backoff with full jitter, or the vendor's `Retry-After` / `X-Rate-Limit-Reset`).
 *
 * @since 0.1.0
 */

/**
 * The class of an HTTP status for delivery.
 *
 * @example
 * import { statusClass } from "commerce-rosetta/delivery"
 * statusClass(503) // "retry"
 *
 * @category delivery
 * @since 0.1.0
 */
export const statusClass = (status: number): "ok" | "retry" | "auth" | "reject" => {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401 || status === 403) return "auth";
  if (status === 408 || status === 429) return "retry";
  if (status >= 500 && status !== 501 && status !== 505) return "retry";
  return "reject";
};

/**
 * Milliseconds the vendor asked to wait: `Retry-After` in seconds or as an HTTP date, else
 * `X-Rate-Limit-Reset` (seconds left), capped at `capMs`; `undefined` when neither is usable.
 *
 * @example
 * import { retryAfterMs } from "commerce-rosetta/delivery"
 * retryAfterMs({ "retry-after": "2" }, 300_000) // 2000
 *
 * @category delivery
 * @since 0.1.0
 */
export const retryAfterMs = (
  headers: { readonly [name: string]: string | undefined },
  capMs: number,
  now: number = Date.now(),
): number | undefined => {
  const cap = (ms: number): number => Math.max(0, Math.min(capMs, ms));
  const ra = headers["retry-after"]?.trim();
  if (ra !== undefined && ra !== "") {
    if (/^\d+(\.\d+)?$/.test(ra)) return cap(Number(ra) * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return cap(at - now);
  }
  const reset = headers["x-rate-limit-reset"]?.trim() ?? headers["x-ratelimit-reset"]?.trim();
  if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset)) {
    const n = Number(reset);
    // a Unix time in seconds rather than seconds left
    return n > 1e9 ? cap(n * 1000 - now) : cap(n * 1000);
  }
  return undefined;
};

/**
 * The wait before attempt `attempt + 1` (attempt counts from 0): full jitter,
 * `random(0, min(capMs, baseMs × 2^attempt))`.
 *
 * @example
 * import { backoffMs } from "commerce-rosetta/delivery"
 * backoffMs(3, 500, 60_000, () => 0.5) // 2000
 *
 * @category delivery
 * @since 0.1.0
 */
export const backoffMs = (attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
