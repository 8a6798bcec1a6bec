/**
 * The JetStream translator: a worker bound to a durable pull consumer that translates each message
 * with the library's pipeline step (every `convert` option applies), hands the result to JetStream
 * under a deterministic `Nats-Msg-Id` (or to a vendor, with a delivery sink) and acknowledges the
 * input only after the destination acknowledged the output. Any number of these, in any number of
 * processes and machines, share one consumer; JetStream's redelivery and the output stream's
 * duplicate window do the rest.
 *
 * What happens to each message:
 * - translated → every output acknowledged → input `ack`;
 * - rejected (invalid input) → published to the rejects subject with its errors and the input's
 *   stream sequence → input `ack`; without a rejects subject the input is `term`ed, reason logged;
 * - a transient failure (publish timeout, no responders, lost connection) → `nak` with a delay that
 *   doubles per delivery (0.5 s, 1 s, 2 s … at most 30 s);
 * - delivered more than `maxDeliver` times → rejects subject, "gave up after N deliveries" → `ack`
 *   (the consumer allows one delivery more than `maxDeliver` for exactly this step, so a message
 *   that crashes its worker every time still ends in the rejects, not in limbo).
 *
 * With partitions (`partitions: [{ index, count }]`) each partition has its own consumer
 * (`<consumer>-<index>`, filtered to `<prefix>.<index>`) worked strictly in order: one message at a
 * time, a transient failure retried in place, so one person's events keep their order.
 *
 * @since 0.2.0
 */
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JsMsg, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { nanos } from "@nats-io/transport-node";
import type { Issue } from "../../core/result.js";
import { createProcessor, type PipelineConfig } from "../../pipeline/process.js";
import { sourceResolver } from "../../pipeline/source.js";
import type { IdentityResolver } from "../../translate.js";
import { connectNats } from "./connection.js";
import { type EngineLog, silentLog } from "./log.js";
import { emptyCounters, type TranslatorCounters } from "./metrics.js";
import type { MessageSender } from "./send.js";

/**
 * One converted record of an input message, ready for a sink: its deterministic id, its JSON text
 * and its value.
 *
 * @example
 * import type { SinkRecord } from "commerce-rosetta/nats"
 * const r: SinkRecord = { id: "IN.1", line: "{}", value: {} }
 *
 * @category engines
 * @since 0.2.0
 */
export interface SinkRecord {
  readonly id: string;
  readonly line: string;
  readonly value: unknown;
}

/**
 * Where converted records go: `deliver` resolves once the destination acknowledged every record
 * (listing those it refused for good, which go to the rejects), and throws on a transient failure
 * (the input is then tried again later).
 *
 * @example
 * import type { OutputSink } from "commerce-rosetta/nats"
 * const discard: OutputSink = { deliver: async (records) => ({ delivered: records.length, duplicates: 0, refused: [] }) }
 *
 * @category engines
 * @since 0.2.0
 */
export interface OutputSink {
  deliver(records: ReadonlyArray<SinkRecord>): Promise<{
    delivered: number;
    duplicates: number;
    refused: ReadonlyArray<{ readonly index: number; readonly reason: string }>;
  }>;
  close?(): Promise<void>;
}

/**
 * Options of {@link createJetStreamTranslator}.
 *
 * @example
 * import type { JetStreamTranslatorOptions } from "commerce-rosetta/nats"
 * const o: JetStreamTranslatorOptions = {
 *   servers: "nats://127.0.0.1:4222", stream: "IN", consumer: "translate",
 *   config: { from: "segment", to: "omnisend", options: {} }, publish: "omnisend.events",
 * }
 *
 * @category engines
 * @since 0.2.0
 */
export interface JetStreamTranslatorOptions {
  /** An open connection (left open by `drain`), or the servers to connect to (closed by `drain`). */
  readonly connection?: NatsConnection | undefined;
  readonly servers?: string | ReadonlyArray<string> | undefined;
  /** The input stream and the durable consumer's name (created if absent). */
  readonly stream: string;
  readonly consumer: string;
  /** The translation: formats and every `convert` option (`lossless`, `strict`, `names`, …). */
  readonly config: PipelineConfig;
  readonly identity?: IdentityResolver | undefined;
  /** The subject converted records are published to (one of `publish` and `sink`). */
  readonly publish?: string | undefined;
  /** Deliver converted records elsewhere instead of publishing them. */
  readonly sink?: OutputSink | undefined;
  /**
   * Deliver each message to a vendor with the delivery engine ({@link createMessageSender}): it
   * translates (with its own options), and the input is acked only after the vendor's 2xx.
   */
  readonly sender?: MessageSender | undefined;
  /** The subject rejects are published to; without it a rejected input is terminated (reason logged). */
  readonly rejectsSubject?: string | undefined;
  /** Work these partitions, each on its own consumer, in order. */
  readonly partitions?: ReadonlyArray<{ readonly index: number; readonly count: number }> | undefined;
  /** The partitioned subjects' prefix (default: the stream's first subject without its trailing `.*` / `.>`). */
  readonly partitionPrefix?: string | undefined;
  /** Only messages on this subject (one consumer, unordered). */
  readonly filterSubject?: string | undefined;
  /** Messages worked on at once by this process (default 256; partitions: per partition, the consumer's cap). */
  readonly maxInFlight?: number | undefined;
  /** Unacknowledged messages the shared consumer allows across all processes (default 20,000). */
  readonly maxAckPending?: number | undefined;
  /** How long a delivered message may stay unacknowledged before it goes to another worker (default 30 s). */
  readonly ackWaitMs?: number | undefined;
  /** Deliveries tried before giving up (default 10). */
  readonly maxDeliver?: number | undefined;
  /**
   * How long one pull waits for messages (default 2 s, at least 1 s): the server sends an idle
   * heartbeat every half of it (two missed: the pull is given up and renewed, as after a server
   * restart), and a drain waits at most this long for the last pull to end.
   */
  readonly heartbeatMs?: number | undefined;
  /** How long to wait for JetStream to acknowledge a publish (default 5 s). */
  readonly publishTimeoutMs?: number | undefined;
  readonly log?: EngineLog | undefined;
}

/**
 * A running translator: `start` binds the consumers and begins; `drain` stops fetching, finishes
 * and acknowledges what is in flight, and resolves when done; `finished` resolves then too.
 *
 * @example
 * import type { JetStreamTranslator } from "commerce-rosetta/nats"
 * const stop = (t: JetStreamTranslator) => t.drain()
 *
 * @category engines
 * @since 0.2.0
 */
export interface JetStreamTranslator {
  start(): Promise<void>;
  drain(): Promise<void>;
  readonly finished: Promise<void>;
  readonly counters: TranslatorCounters;
  /** The consumer names this translator works (one, or one per partition). */
  readonly consumers: ReadonlyArray<string>;
  /** The consumer's undelivered message count, asked from the server (summed over partitions). */
  lag(): Promise<number>;
}

/** A failure worth another try (the destination did not answer or was unreachable). */
class TransientError extends Error {}

const nakDelay = (deliveries: number): number => Math.min(30_000, 500 * 2 ** Math.max(0, deliveries - 1));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The id of output `i` of the input at `seq` (the first has the plain `<stream>.<seq>`). */
const outputId = (stream: string, seq: number, i: number): string => (i === 0 ? `${stream}.${seq}` : `${stream}.${seq}.${i}`);

/**
 * Creates a translator over a JetStream consumer. See the module doc for what happens to each message.
 *
 * @example
 * import { createJetStreamTranslator } from "commerce-rosetta/nats"
 * const t = createJetStreamTranslator({
 *   servers: "nats://127.0.0.1:4222", stream: "IN", consumer: "to-omnisend",
 *   config: { from: "segment", to: "omnisend", options: { lossless: true } },
 *   publish: "omnisend.events", rejectsSubject: "rejects.omnisend",
 * })
 * await t.start()
 * process.once("SIGTERM", () => void t.drain())
 * await t.finished
 *
 * @category engines
 * @since 0.2.0
 */
export const createJetStreamTranslator = (options: JetStreamTranslatorOptions): JetStreamTranslator => {
  if ([options.publish, options.sink, options.sender].filter((x) => x !== undefined).length !== 1)
    throw new Error("createJetStreamTranslator: give exactly one of publish, sink and sender");
  const log = options.log ?? silentLog;
  const counters = emptyCounters();
  const maxInFlight = Math.max(1, options.maxInFlight ?? 256);
  const maxDeliver = Math.max(1, options.maxDeliver ?? 10);
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  const publishTimeout = options.publishTimeoutMs ?? 5_000;
  const stream = options.stream;
  const step = createProcessor(options.config, options.identity, sourceResolver(options.config.from));
  let nc: NatsConnection | undefined;
  let js: JetStreamClient | undefined;
  const consumerNames: Array<string> = [];
  let runs: Array<Promise<void>> = [];
  let draining = false;
  let resolveFinished: () => void = () => {};
  let rejectFinished: (e: Error) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => {
    resolveFinished = resolve;
    rejectFinished = reject;
  });
  // an unobserved failure must not crash the process: callers await `finished` when they want it
  finished.catch(() => {});

  const publishSink: OutputSink = {
    deliver: async (records) => {
      let duplicates = 0;
      const acks = await Promise.all(
        records.map((r) =>
          (js as JetStreamClient).publish(options.publish as string, r.line, { msgID: r.id, timeout: publishTimeout }),
        ),
      ).catch((e: Error) => {
        throw new TransientError(`publish to ${options.publish}: ${e.message}`);
      });
      for (const a of acks) if (a.duplicate) duplicates++;
      return { delivered: records.length, duplicates, refused: [] };
    },
  };
  const sink = options.sink ?? publishSink;

  const publishRejects = async (m: JsMsg, rows: ReadonlyArray<{ input: unknown; errors: ReadonlyArray<unknown> }>) => {
    const seq = m.info.streamSequence;
    await Promise.all(
      rows.map((row, i) =>
        (js as JetStreamClient).publish(
          options.rejectsSubject as string,
          JSON.stringify({
            stream,
            seq,
            subject: m.subject,
            deliveries: m.info.deliveryCount,
            input: row.input,
            errors: row.errors,
          }),
          { msgID: i === 0 ? `${stream}.${seq}.reject` : `${stream}.${seq}.reject.${i}`, timeout: publishTimeout },
        ),
      ),
    ).catch((e: Error) => {
      throw new TransientError(`publish to ${options.rejectsSubject}: ${e.message}`);
    });
    counters.rejectsPublished += rows.length;
  };

  /** Publishes rejects (or logs and reports that the input is to be terminated); then the input is done. */
  const settleRejects = async (
    m: JsMsg,
    rows: ReadonlyArray<{ input: unknown; errors: ReadonlyArray<unknown> }>,
  ): Promise<"ack" | "term"> => {
    if (rows.length === 0) return "ack";
    if (options.rejectsSubject !== undefined) {
      await publishRejects(m, rows);
      for (const row of rows) log("reject", { seq: m.info.streamSequence, errors: row.errors });
      return "ack";
    }
    for (const row of rows) log("term", { seq: m.info.streamSequence, reason: "rejected", errors: row.errors });
    return "term";
  };

  const finish = (m: JsMsg, how: "ack" | "term", reason?: string): void => {
    if (how === "ack") {
      m.ack();
      counters.acked++;
    } else {
      // the reason is logged, not sent: servers before 2.10 ignore a `+TERM` that carries one
      void reason;
      m.term();
      counters.termed++;
    }
  };

  /** Works one message to its end (ack / term), or hands it back (nak) — never throws. */
  const handle = async (m: JsMsg, ordered: boolean): Promise<void> => {
    counters.received++;
    counters.inFlight++;
    const deliveries = m.info.deliveryCount;
    if (deliveries > 1) counters.redelivered++;
    counters.lag = m.info.pending;
    const seq = m.info.streamSequence;
    try {
      if (deliveries > maxDeliver) {
        const reason = `gave up after ${maxDeliver} deliveries`;
        counters.gaveUp++;
        counters.read++;
        counters.rejected++;
        log("gave_up", { seq, deliveries: maxDeliver });
        const how = await attempt(m, ordered, () =>
          settleRejects(m, [
            { input: safeText(m), errors: [{ _tag: "Issue", path: "$", expected: "a delivered record", message: reason }] },
          ]),
        );
        if (how !== undefined) finish(m, how, reason);
        return;
      }
      if (options.sender !== undefined) {
        const sender = options.sender;
        // the vendor may take a while (rates, retries): keep the message ours meanwhile
        const keep = setInterval(
          () => {
            try {
              m.working();
            } catch {}
          },
          Math.max(500, ackWaitMs / 3),
        );
        try {
          const how = await attempt(m, ordered, async () => {
            const d = await sender.submit(m.string(), seq);
            counters.read += d.accepted + d.rejected.length;
            counters.converted += d.accepted;
            counters.published += d.accepted;
            counters.rejected += d.rejected.length;
            if (d.transient !== undefined) throw new TransientError(`delivery: ${d.transient}`);
            return settleRejects(m, d.rejected);
          });
          if (how !== undefined) finish(m, how, how === "term" ? "rejected (no rejects subject)" : undefined);
        } finally {
          clearInterval(keep);
        }
        return;
      }
      const result = step([{ line: 1, text: m.string() }]);
      const stats = result.stats;
      counters.read += stats.read;
      counters.converted += stats.converted;
      counters.rejected += stats.rejected;
      for (const kinds of Object.values(stats.lossesByPath))
        for (const [kind, n] of Object.entries(kinds)) counters.lossesByKind[kind] = (counters.lossesByKind[kind] ?? 0) + n;
      const records: Array<SinkRecord> = [];
      if (result.out !== "") {
        let i = 0;
        for (const line of result.out.split("\n")) {
          if (line === "") continue;
          records.push({ id: outputId(stream, seq, i), line, value: undefined });
          i++;
        }
      }
      const rejected: Array<{ input: unknown; errors: ReadonlyArray<unknown> }> = [];
      if (result.rejects !== "")
        for (const line of result.rejects.split("\n")) {
          if (line === "") continue;
          const row = JSON.parse(line) as { input: unknown; errors: ReadonlyArray<Issue> };
          rejected.push({ input: row.input, errors: row.errors });
        }
      const how = await attempt(m, ordered, async () => {
        if (records.length > 0) {
          if (options.sink !== undefined) for (const r of records) (r as { value: unknown }).value = JSON.parse(r.line);
          const outcome = await sink.deliver(records);
          counters.published += outcome.delivered;
          counters.duplicates += outcome.duplicates;
          if (outcome.refused.length > 0) {
            counters.converted -= outcome.refused.length;
            counters.rejected += outcome.refused.length;
            for (const r of outcome.refused)
              rejected.push({
                input: records[r.index]?.value,
                errors: [{ _tag: "Issue", path: "$", expected: "a record the destination accepts", message: r.reason }],
              });
          }
        }
        return settleRejects(m, rejected);
      });
      if (how !== undefined) finish(m, how, how === "term" ? "rejected (no rejects subject)" : undefined);
    } catch (e) {
      // a bug or an unexpected failure: hand the message back rather than lose it
      log("error", { seq, message: (e as Error).message });
      nak(m, deliveries);
    } finally {
      counters.inFlight--;
    }
  };

  const nak = (m: JsMsg, deliveries: number): void => {
    try {
      m.nak(nakDelay(deliveries));
      counters.naked++;
    } catch {
      // not connected: the ack wait brings the message back
    }
  };

  /**
   * Runs `work` until it succeeds. A transient failure: unordered, the message is nak'ed (and
   * `undefined` returned); ordered, it is retried here after the same delay (keeping the message's
   * place), telling the server we are still working on it.
   */
  const attempt = async <A>(m: JsMsg, ordered: boolean, work: () => Promise<A>): Promise<A | undefined> => {
    for (let tries = 1; ; tries++) {
      try {
        return await work();
      } catch (e) {
        if (!(e instanceof TransientError)) throw e;
        const deliveries = m.info.deliveryCount + tries - 1;
        log("nak", { seq: m.info.streamSequence, deliveries, reason: e.message, ordered });
        if (!ordered) {
          nak(m, deliveries);
          return undefined;
        }
        // ordered: the partition waits for its destination (order before progress); a drain hands it back
        if (draining) {
          nak(m, deliveries);
          return undefined;
        }
        await sleep(nakDelay(deliveries));
        try {
          m.working();
        } catch {}
      }
    }
  };

  const ensureConsumer = async (name: string, filter: string | undefined, ordered: boolean): Promise<void> => {
    const jsm = await jetstreamManager(nc as NatsConnection);
    const config = {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ackWaitMs),
      // one delivery more than maxDeliver: the last one routes the message to the rejects
      max_deliver: maxDeliver + 1,
      max_ack_pending: ordered ? maxInFlight : (options.maxAckPending ?? 20_000),
      ...(filter === undefined ? {} : { filter_subject: filter }),
    };
    try {
      const info = await jsm.consumers.info(stream, name);
      const c = info.config;
      if (
        c.ack_wait !== config.ack_wait ||
        c.max_deliver !== config.max_deliver ||
        c.max_ack_pending !== config.max_ack_pending
      ) {
        await jsm.consumers.update(stream, name, {
          ack_wait: config.ack_wait,
          max_deliver: config.max_deliver,
          max_ack_pending: config.max_ack_pending,
        });
        log("consumer_updated", { consumer: name });
      }
      if ((c.filter_subject ?? undefined) !== filter)
        throw new Error(
          `consumer ${name} on ${stream} filters ${c.filter_subject ?? "nothing"}, not ${filter ?? "nothing"}: use another consumer name`,
        );
    } catch (e) {
      if (!/consumer not found/i.test((e as Error).message)) throw e;
      try {
        await jsm.consumers.add(stream, config);
        log("consumer_created", { consumer: name, filter });
      } catch (added) {
        // another process created it at the same moment
        if (!/already (exists|in use)/i.test((added as Error).message)) throw added;
      }
    }
  };

  /**
   * Works one consumer: fetch a batch of at most the free room (so no more than `maxInFlight`
   * messages are delivered to this process and not yet finished), hand each message to `handle`
   * as it arrives, and fetch again. A fetch lasts until its batch is complete or `expires` passes,
   * so a drain (no new fetch) never leaves a pull request open whose messages nobody would take.
   */
  const run = async (name: string, ordered: boolean): Promise<void> => {
    const consumer = await (js as JetStreamClient).consumers.get(stream, name);
    const expires = Math.max(1_000, heartbeatMs);
    let active = 0;
    let wake: (() => void) | undefined;
    const settled = (): void => {
      active--;
      const w = wake;
      wake = undefined;
      w?.();
    };
    const waitFor = async (atMost: number): Promise<void> => {
      while (active > atMost) await new Promise<void>((resolve) => (wake = resolve));
    };
    while (!draining) {
      // fetch when at least half the room is free (one message at a time would cost a round trip each)
      await waitFor(ordered ? 0 : Math.floor(maxInFlight / 2));
      if (draining) break;
      const room = maxInFlight - active;
      try {
        const batch = await consumer.fetch({ max_messages: room, expires, idle_heartbeat: Math.min(heartbeatMs, expires / 2) });
        if (ordered) {
          for await (const m of batch) {
            active++;
            await handle(m, true).finally(settled);
          }
        } else {
          // messages that arrived together are started together (in the next turn of the event
          // loop), so their publishes leave in one socket write instead of one write each
          let queued: Array<JsMsg> = [];
          const startQueued = (): void => {
            const start = queued;
            queued = [];
            for (const m of start) void handle(m, false).finally(settled);
          };
          for await (const m of batch) {
            active++;
            if (queued.push(m) === 1) setImmediate(startQueued);
          }
        }
      } catch (e) {
        // a lost connection, missed heartbeats, the server restarting: fetch again shortly
        if (!draining) {
          log("fetch_failed", { consumer: name, reason: (e as Error).message });
          await sleep(250);
        }
      }
    }
    await waitFor(0);
  };

  const lag = async (): Promise<number> => {
    if (js === undefined) return 0;
    let n = 0;
    for (const name of consumerNames) {
      const c = await js.consumers.get(stream, name);
      n += (await c.info()).num_pending;
    }
    return n;
  };

  return {
    counters,
    consumers: consumerNames,
    finished,
    lag,
    start: async () => {
      nc = options.connection ?? (await connectNats(options.servers ?? "nats://127.0.0.1:4222", { log }));
      js = jetstream(nc, { timeout: publishTimeout });
      const jsm = await jetstreamManager(nc);
      const bindings: Array<{ name: string; filter: string | undefined; ordered: boolean }> = [];
      if (options.partitions !== undefined && options.partitions.length > 0) {
        let prefix = options.partitionPrefix;
        if (prefix === undefined) {
          const info = await jsm.streams.info(stream);
          const first = info.config.subjects?.[0];
          if (first === undefined) throw new Error(`stream ${stream} has no subjects to partition`);
          prefix = first.replace(/\.(\*|>)$/, "");
        }
        for (const p of options.partitions)
          bindings.push({ name: `${options.consumer}-${p.index}`, filter: `${prefix}.${p.index}`, ordered: true });
      } else bindings.push({ name: options.consumer, filter: options.filterSubject, ordered: false });
      for (const b of bindings) {
        await ensureConsumer(b.name, b.filter, b.ordered);
        consumerNames.push(b.name);
      }
      log("started", { stream, consumers: consumerNames, maxInFlight, ackWaitMs, maxDeliver });
      runs = bindings.map((b) => run(b.name, b.ordered));
      Promise.all(runs).then(
        () => resolveFinished(),
        (e: Error) => rejectFinished(e),
      );
    },
    drain: async () => {
      if (draining) return finished;
      draining = true;
      log("draining", { inFlight: counters.inFlight });
      try {
        await finished;
        // the acks are on their way: make sure the server has them before saying we are done
        if (nc !== undefined && !nc.isClosed()) await nc.flush().catch(() => {});
      } finally {
        await sink.close?.();
        await options.sender?.close();
        if (options.connection === undefined && nc !== undefined && !nc.isClosed()) await nc.drain();
        log("drained", { ...counters, lossesByKind: undefined });
      }
    },
  };
};

const safeText = (m: JsMsg): unknown => {
  try {
    return m.string();
  } catch {
    return Buffer.from(m.data).toString("base64");
  }
};
