/**
 * Per-person order over JetStream: each event goes to the subject `<prefix>.<partition>`, the
 * partition a fixed function of the person's id, so one consumer per partition sees one person's
 * events in the order they were published while partitions run in parallel.
 *
 * @since 0.2.0
 */
import type { CanonicalEvent } from "../../canonical/model.js";

/**
 * The partition of a key: FNV-1a (32 bit) over the key's UTF-8 bytes, modulo `count`. The same
 * key gives the same partition in every process, language and run.
 *
 * @example
 * import { partitionOf } from "commerce-rosetta/nats"
 * partitionOf("user-1", 4) === partitionOf("user-1", 4) // true
 *
 * @category engines
 * @since 0.2.0
 */
export const partitionOf = (key: string, count: number): number => {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`partition count must be a whole number ≥ 1, got ${count}`);
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count;
};

/** The identifiers that name a person, in the order the partition key is taken from. */
const PERSON_KEYS = ["userId", "anonymousId", "email", "phone", "redoCustomerId", "omnisendContactId"] as const;

/**
 * The person an event is about, as the partition key: the first of userId, anonymousId, email,
 * phone, redoCustomerId, omnisendContactId that the event carries (prefixed with its name, so a
 * userId and an email that happen to be equal strings are different people), or undefined.
 *
 * @example
 * import { personKeyOf } from "commerce-rosetta/nats"
 * personKeyOf({ type: "cart_viewed", name: "Cart Viewed", identity: { email: "a@b.co" } }) // "email:a@b.co"
 *
 * @category engines
 * @since 0.2.0
 */
export const personKeyOf = (event: CanonicalEvent): string | undefined => {
  const identity = event.identity as Record<string, unknown> | undefined | null;
  if (identity === undefined || identity === null) return undefined;
  for (const key of PERSON_KEYS) {
    const v = identity[key];
    if (typeof v === "string" && v !== "") return `${key}:${v}`;
  }
  return undefined;
};

/**
 * Parses `i/N` (partition i of N, 0 ≤ i < N).
 *
 * @example
 * import { parsePartition } from "commerce-rosetta/nats"
 * parsePartition("1/4") // { index: 1, count: 4 }
 *
 * @category engines
 * @since 0.2.0
 */
export const parsePartition = (text: string): { index: number; count: number } | undefined => {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index < count ? { index, count } : undefined;
};
