/**
 * Loading NDJSON into a JetStream stream for replays and tests: one message per record (or per
 * whole JSON document), each with a `Nats-Msg-Id` made of the source's name and the line number,
 * so loading the same file twice within the stream's duplicate window adds nothing. With
 * `partitions`, each record goes to `<subject>.<partition>` by its person's id.
 *
 * @since 0.2.0
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { type JetStreamClient, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import type { CanonicalEvent } from "../../canonical/model.js";
import type { FormatId } from "../../core/codec.js";
import { sourceResolver } from "../../pipeline/source.js";
import { readUnitBatches } from "../../stream/units.js";
import { recordsOf } from "../../translate.js";
import { connectNats } from "./connection.js";
import { partitionOf, personKeyOf } from "./partition.js";

/**
 * Options of {@link publishNdjson}.
 *
 * @example
 * import type { PublishNdjsonOptions } from "commerce-rosetta/nats"
 * const o: PublishNdjsonOptions = { servers: "nats://127.0.0.1:4222", subject: "events", files: ["export.ndjson"] }
 *
 * @category engines
 * @since 0.2.0
 */
export interface PublishNdjsonOptions {
  readonly connection?: NatsConnection | undefined;
  readonly servers?: string | ReadonlyArray<string> | undefined;
  /** The subject (with `partitions`, the prefix: records go to `<subject>.<partition>`). */
  readonly subject: string;
  /** Files to load (`-` is `input`). */
  readonly files?: ReadonlyArray<string> | undefined;
  /** A stream to load when there are no files (stdin in the CLI). */
  readonly input?: Readable | undefined;
  /** The id prefix of records read from `input` (files use their base name). Default `stdin`. */
  readonly inputName?: string | undefined;
  /** Spread records over this many partitions by the person's id (needs `from` to read the person). */
  readonly partitions?: number | undefined;
  /** The records' format, to find each record's person when partitioning (default auto). */
  readonly from?: FormatId | "auto" | undefined;
  /** Create this stream over the subject when absent. */
  readonly stream?: string | undefined;
  /** The created stream's duplicate window (default 10 minutes). */
  readonly duplicateWindowMs?: number | undefined;
  /** Publishes awaiting JetStream's acknowledgement at once (default 512). */
  readonly maxInFlight?: number | undefined;
}

/**
 * What a load did: records read, stored, and dropped by JetStream as duplicates of earlier loads.
 *
 * @example
 * import type { PublishSummary } from "commerce-rosetta/nats"
 * const s: PublishSummary = { read: 2, stored: 1, duplicates: 1, partitions: {} }
 *
 * @category engines
 * @since 0.2.0
 */
export interface PublishSummary {
  read: number;
  stored: number;
  duplicates: number;
  /** Records per partition (with `partitions`). */
  partitions: Record<string, number>;
}

/**
 * Creates a file-backed, limits-retention stream over `subjects` unless one by that name exists.
 *
 * @example
 * import { connectNats, ensureStream } from "commerce-rosetta/nats"
 * const nc = await connectNats("nats://127.0.0.1:4222")
 * await ensureStream(nc, "OUT", ["omnisend.events"], 10 * 60_000)
 *
 * @category engines
 * @since 0.2.0
 */
export const ensureStream = async (
  nc: NatsConnection,
  name: string,
  subjects: ReadonlyArray<string>,
  duplicateWindowMs = 10 * 60_000,
): Promise<void> => {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(name);
  } catch (e) {
    if (!/stream not found/i.test((e as Error).message)) throw e;
    try {
      await jsm.streams.add({
        name,
        subjects: [...subjects],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        duplicate_window: nanos(duplicateWindowMs),
      });
    } catch (added) {
      if (!/already (exists|in use)/i.test((added as Error).message)) throw added;
    }
  }
};

/**
 * Loads NDJSON files (or a stream) into JetStream, one message per line, with `Nats-Msg-Id`
 * `<file base name>:<line>`; resolves with the counts. A publish JetStream does not acknowledge
 * rejects the whole call (loading again is safe: what was stored is dropped as a duplicate).
 *
 * @example
 * import { publishNdjson } from "commerce-rosetta/nats"
 * const s = await publishNdjson({ servers: "nats://127.0.0.1:4222", stream: "IN", subject: "events", partitions: 4, from: "segment", files: ["export.ndjson"] })
 * // s.stored + s.duplicates === s.read
 *
 * @category engines
 * @since 0.2.0
 */
export const publishNdjson = async (options: PublishNdjsonOptions): Promise<PublishSummary> => {
  const nc = options.connection ?? (await connectNats(options.servers ?? "nats://127.0.0.1:4222"));
  const partitions = options.partitions;
  const subject = options.subject;
  try {
    if (options.stream !== undefined)
      await ensureStream(nc, options.stream, [partitions === undefined ? subject : `${subject}.*`], options.duplicateWindowMs);
    const js: JetStreamClient = jetstream(nc, { timeout: 10_000 });
    const summary: PublishSummary = { read: 0, stored: 0, duplicates: 0, partitions: {} };
    const resolve = sourceResolver(options.from ?? "auto");
    const subjectOf = (text: string): string => {
      if (partitions === undefined) return subject;
      const p = partitionOf(personOf(text, resolve) ?? text, partitions);
      summary.partitions[p] = (summary.partitions[p] ?? 0) + 1;
      return `${subject}.${p}`;
    };
    const maxInFlight = Math.max(1, options.maxInFlight ?? 512);
    let inFlight = 0;
    let wake: (() => void) | undefined;
    let failure: Error | undefined;
    const settled = (): void => {
      inFlight--;
      const w = wake;
      wake = undefined;
      w?.();
    };
    const send = (text: string, id: string): void => {
      inFlight++;
      js.publish(subjectOf(text), text, { msgID: id }).then(
        (ack) => {
          if (ack.duplicate) summary.duplicates++;
          else summary.stored++;
          settled();
        },
        (e: Error) => {
          failure ??= new Error(`publish ${id}: ${e.message}`);
          settled();
        },
      );
    };
    const room = async (limit: number): Promise<void> => {
      while (inFlight > limit) await new Promise<void>((resolve) => (wake = resolve));
    };
    const sources = options.files === undefined || options.files.length === 0 ? ["-"] : options.files;
    for (const file of sources) {
      const name = file === "-" ? (options.inputName ?? "stdin") : basename(file);
      const input = file === "-" ? options.input : createReadStream(file);
      if (input === undefined) throw new Error("publishNdjson: no files and no input stream");
      for await (const units of readUnitBatches(input as AsyncIterable<Buffer>)) {
        for (const u of units) {
          if (u.text.trim() === "") continue;
          summary.read++;
          send(u.text, `${name}:${u.line}`);
          if (inFlight >= maxInFlight) await room(maxInFlight - 1);
          if (failure !== undefined) throw failure;
        }
      }
    }
    await room(0);
    if (failure !== undefined) throw failure;
    return summary;
  } finally {
    if (options.connection === undefined) await nc.drain();
  }
};

/** The person of the first record of a document, or undefined when it does not decode. */
const personOf = (text: string, resolve: ReturnType<typeof sourceResolver>): string | undefined => {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const src = resolve(document);
  if (!src.ok) return undefined;
  const records = recordsOf(src.codec, document);
  if (!records.ok || records.value.length === 0) return undefined;
  const event = src.codec.decode(records.value[0] as (typeof records.value)[number], {});
  return event.ok ? personKeyOf(event.value as CanonicalEvent) : undefined;
};
