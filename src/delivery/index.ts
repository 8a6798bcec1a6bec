/**
 * `commerce-rosetta/delivery`: sending translated events to the vendors' APIs (Customer.io
 * Pipelines, Redo, Omnisend) at their rate limits, with retries, dead letters, deterministic
 * idempotency ids and a resume journal; and pulling Attribuly's order journeys.
 *
 * @since 0.1.0
 */

export { CREDENTIAL_ENV, type Credentials, loadCredentials, redactor } from "./credentials.js";
export {
  type Answer,
  DESTINATION_IDS,
  type Destination,
  type DestinationId,
  type DestinationOptions,
  destinationOf,
  type ItemOutcome,
  type OutgoingRequest,
} from "./destinations.js";
export {
  CredentialsRejected,
  createSender,
  type DeadLetter,
  type Located,
  located,
  type Receipt,
  type Sender,
  type SenderOptions,
  type SendStats,
} from "./engine.js";
export { type Journal, type JournalState, openJournal } from "./journal.js";
export { PullCredentialsRejected, type PulledOrder, type PullOptions, pullAttribuly } from "./pull.js";
export { createRateLimiter, type RateLimiter, type RateLimitOptions, type SlidingWindowLimiter } from "./rate-limiter.js";
export { backoffMs, retryAfterMs, statusClass } from "./retry.js";
