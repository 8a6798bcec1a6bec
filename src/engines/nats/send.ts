/**
 * Delivering JetStream messages to a vendor with `rosetta send`'s machinery: one long-lived
 * `createSender` (translation, idempotency ids, batching, rates, retries) fed the messages' texts,
 * whose receipts settle each message — accepted by the vendor (2xx), rejected before sending, or
 * dead-lettered (refused for good: a reject; no answer, 429 or 5xx after the retries: transient,
 * so the message is tried again later and the vendor's dedup on the idempotency id absorbs what
 * was already accepted).
 *
 * @since 0.2.0
 */
import type { FormatId } from "../../core/codec.js";
import { createSender, type DeadLetter, located, type SenderOptions } from "../../delivery/engine.js";
import { sourceResolver } from "../../pipeline/source.js";
import { recordsOf } from "../../translate.js";

/**
 * What became of one message's records at the vendor.
 *
 * @example
 * import type { MessageDelivery } from "commerce-rosetta/nats"
 * const d: MessageDelivery = { accepted: 1, rejected: [] }
 *
 * @category engines
 * @since 0.2.0
 */
export interface MessageDelivery {
  readonly accepted: number;
  /** Records refused for good (invalid, untranslatable, or a vendor 4xx), with the reasons. */
  readonly rejected: ReadonlyArray<{ readonly input: unknown; readonly errors: ReadonlyArray<unknown> }>;
  /** Set when a record could not be delivered for now (no answer, 429, 5xx): try the message again. */
  readonly transient?: string | undefined;
}

/**
 * Hands message texts to a vendor; `submit` resolves when every record of the message is settled.
 *
 * @example
 * import type { MessageSender } from "commerce-rosetta/nats"
 * const none: MessageSender = { submit: async () => ({ accepted: 1, rejected: [] }), close: async () => {} }
 *
 * @category engines
 * @since 0.2.0
 */
export interface MessageSender {
  submit(text: string, seq: number): Promise<MessageDelivery>;
  close(): Promise<void>;
}

interface Pending {
  expected: number;
  settled: number;
  accepted: number;
  rejected: Array<{ input: unknown; errors: ReadonlyArray<unknown> }>;
  transient: string | undefined;
  resolve: (d: MessageDelivery) => void;
}

const transientStatus = (status: number | undefined): boolean =>
  status === undefined || status === 0 || status === 408 || status === 429 || status >= 500;

/**
 * A {@link MessageSender} over `createSender` (pass a fleet-wide `rateLimiter`, e.g.
 * {@link createKvRateLimiter}, to share the vendor's limit across processes).
 *
 * @example
 * import { createMessageSender } from "commerce-rosetta/nats"
 * const sender = createMessageSender({ to: "redo", from: "customerio", credentials: { apiSecret: "…", storeId: "s1" } })
 * await sender.submit('{"type":"track","userId":"u","event":"Cart Viewed"}', 1)
 *
 * @category engines
 * @since 0.2.0
 */
export const createMessageSender = (options: Omit<SenderOptions, "onDeadLetter" | "state">): MessageSender => {
  const queue: Array<unknown> = [];
  let more: (() => void) | undefined;
  let ended = false;
  const source: AsyncIterable<unknown> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length > 0) yield queue.shift();
        if (ended) return;
        await new Promise<void>((resolve) => (more = resolve));
        more = undefined;
      }
    },
  };
  const pending = new Map<string, Pending>();
  const deadLetters = new Map<string, Array<DeadLetter>>();
  const resolveSource = sourceResolver((options.from ?? options.to) as FormatId | "auto");
  let submissions = 0;
  const sender = createSender({
    ...options,
    onDeadLetter: (row) => {
      if (row.file === undefined) return;
      const rows = deadLetters.get(row.file);
      if (rows === undefined) deadLetters.set(row.file, [row]);
      else rows.push(row);
    },
  });
  const settle = (key: string, p: Pending): void => {
    if (p.settled < p.expected) return;
    pending.delete(key);
    deadLetters.delete(key);
    p.resolve({ accepted: p.accepted, rejected: p.rejected, transient: p.transient });
  };
  const loop = (async () => {
    for await (const r of sender.send(source)) {
      const key = r.file as string;
      const p = pending.get(key);
      if (p === undefined) continue;
      p.settled++;
      if (r.status === "accepted" || r.status === "resumed") p.accepted++;
      else {
        // every record not delivered (rejected before sending too) passed through onDeadLetter first
        const dead = deadLetters.get(key)?.shift();
        if (r.status === "rejected") p.rejected.push({ input: dead?.input, errors: r.errors ?? dead?.errors ?? [] });
        else if (dead?.stage === "vendor" && transientStatus(dead.status)) p.transient ??= dead.reason;
        else
          p.rejected.push({
            input: dead?.input,
            errors: dead?.errors ?? [{ path: "$", message: dead?.reason ?? "dead-lettered" }],
          });
      }
      settle(key, p);
    }
  })().catch((e: Error) => {
    // the sender stopped (credentials refused): every message waiting is to be tried again later
    for (const [key, p] of pending) {
      p.transient ??= e.message;
      p.settled = p.expected;
      settle(key, p);
    }
  });
  return {
    submit: (text, seq) =>
      new Promise<MessageDelivery>((resolve) => {
        const expected = recordCount(text, resolveSource);
        if (expected === 0) return resolve({ accepted: 0, rejected: [] });
        const key = `m${submissions++}`;
        pending.set(key, { expected, settled: 0, accepted: 0, rejected: [], transient: undefined, resolve });
        queue.push(located({ text, file: key, line: seq }));
        more?.();
      }),
    close: async () => {
      ended = true;
      more?.();
      await loop;
    },
  };
};

/** How many receipts the sender will give for a text: its records, or 1 when it is rejected whole. */
const recordCount = (text: string, resolve: ReturnType<typeof sourceResolver>): number => {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return 1;
  }
  const src = resolve(document);
  if (!src.ok) return 1;
  const records = recordsOf(src.codec, document);
  return records.ok ? records.value.length : 1;
};
