/**
 * `commerce-rosetta/nats`: translate and deliver from NATS JetStream with as many workers as you
 * like — a durable pull consumer shared by every process, outputs under deterministic
 * `Nats-Msg-Id`s (exactly once through the output stream's duplicate window), rejects on their own
 * subject, per-person order by subject partitions, Prometheus metrics and a graceful drain.
 *
 * @since 0.2.0
 */
export { connectNats } from "./connection.js";
export { type EngineLog, jsonLineLog, silentLog } from "./log.js";
export { emptyCounters, serveMetrics, type TranslatorCounters, translatorRegistry } from "./metrics.js";
export { parsePartition, partitionOf, personKeyOf } from "./partition.js";
export { ensureStream, type PublishNdjsonOptions, type PublishSummary, publishNdjson } from "./publish.js";
export { createKvRateLimiter, type KvRateLimitOptions } from "./rate-limiter.js";
export { createMessageSender, type MessageDelivery, type MessageSender } from "./send.js";
export {
  createJetStreamTranslator,
  type JetStreamTranslator,
  type JetStreamTranslatorOptions,
  type OutputSink,
  type SinkRecord,
} from "./translator.js";
