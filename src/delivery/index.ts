/**
 * `commerce-rosetta/delivery`: sending translated events to the vendors' APIs (Customer.io
 * Pipelines, Redo, Omnisend) at their rate limits, with retries, dead letters, deterministic
 * idempotency ids and a resume journal; and pulling Attribuly's order journeys.
 *
 * @since 0.1.0
 */
export { createRateLimiter, type RateLimiter, type RateLimitOptions, type SlidingWindowLimiter } from "./rate-limiter.js";
