/**
 * Helpers of the JetStream tests: read a whole stream back, wait for a condition, and make
 * Customer.io track calls with known ids (some untranslatable, on purpose).
 */
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

export interface StoredMessage {
  seq: number;
  subject: string;
  id: string | undefined;
  text: string;
}

/** Every message of a stream, in stream order, with its Nats-Msg-Id. */
export const readStream = async (nc: NatsConnection, stream: string): Promise<Array<StoredMessage>> => {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const out: Array<StoredMessage> = [];
  if (info.state.messages === 0) return out;
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream);
  const messages = await consumer.consume({ max_messages: 4096 });
  for await (const m of messages) {
    out.push({ seq: m.seq, subject: m.subject, id: m.headers?.get("Nats-Msg-Id"), text: m.string() });
    if (m.seq >= info.state.last_seq) break;
  }
  await messages.close();
  return out;
};

export const streamCount = async (nc: NatsConnection, stream: string): Promise<number> => {
  const jsm = await jetstreamManager(nc);
  try {
    return (await jsm.streams.info(stream)).state.messages;
  } catch {
    return 0;
  }
};

export const waitFor = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch {
      // the server may be restarting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** Whether line `i` (0-based) of {@link trackCalls} is untranslatable (no user id). */
export const isBroken = (i: number): boolean => i % 37 === 5;

/** `n` Customer.io track calls: messageId m-<i>, 50 people; every line {@link isBroken} says lacks its user. */
export const trackCalls = (n: number, people = 50): Array<string> => {
  const lines: Array<string> = [];
  for (let i = 0; i < n; i++) {
    if (isBroken(i)) {
      lines.push(
        JSON.stringify({ type: "track", messageId: `m-${i}`, event: "Product Viewed", properties: { product_id: "p" } }),
      );
      continue;
    }
    lines.push(
      JSON.stringify({
        type: "track",
        messageId: `m-${i}`,
        userId: `u-${i % people}`,
        event: i % 3 === 0 ? "Order Completed" : "Product Viewed",
        timestamp: "2024-05-01T10:00:00Z",
        properties:
          i % 3 === 0
            ? { order_id: `o-${i}`, total: 10 + (i % 100), currency: "EUR", products: [{ product_id: `p-${i % 7}`, price: 5 }] }
            : { product_id: `p-${i % 7}`, name: "Thing", price: 12.5, currency: "USD" },
        context: { traits: { email: `u${i % people}@example.com` } },
      }),
    );
  }
  return lines;
};
