/**
 * Delivery for Effect users: a `Stream` of records sent as a `Stream` of receipts, and a `Sink`
 * that sends every record of a stream and ends with the run's counts. Both wrap `createSender`;
 * a stopped run (credentials rejected) fails with a tagged {@link DeliveryError}.
 *
 * @since 0.1.0
 */
import type { Writable } from "node:stream";
import { Data, Effect, Sink, Stream } from "effect";
// through the delivery entry point (not ./engine.js), so the `commerce-rosetta/effect` build imports
// `commerce-rosetta/delivery` instead of bundling a second copy of the engine
import { createSender, type Receipt, type SenderOptions, type SendStats } from "./index.js";

/**
 * A delivery run stopped: the vendor refused the credentials, or the run could not go on.
 *
 * @example
 * import { DeliveryError } from "commerce-rosetta/effect"
 * new DeliveryError({ message: "credentials rejected by redo (HTTP 401)" })
 *
 * @category delivery
 * @since 0.1.0
 */
export class DeliveryError extends Data.TaggedError("DeliveryError")<{ readonly message: string }> {}

const toError = (e: unknown): DeliveryError => new DeliveryError({ message: e instanceof Error ? e.message : String(e) });

/**
 * Sends a stream's records; emits one receipt per record.
 *
 * @example
 * import { Effect, Stream } from "effect"
 * import { sendStream } from "commerce-rosetta/effect"
 * const receipts = Stream.fromIterable(records).pipe(sendStream({ to: "redo", from: "segment", credentials }))
 * Effect.runPromise(Stream.runCollect(receipts))
 *
 * @category delivery
 * @since 0.1.0
 */
export const sendStream =
  (options: SenderOptions) =>
  <E>(records: Stream.Stream<unknown, E>): Stream.Stream<Receipt, E | DeliveryError> =>
    Stream.suspend(() => Stream.fromAsyncIterable(createSender(options).send(Stream.toAsyncIterable(records)), toError));

/**
 * A sink that sends every record it receives and ends with the run's counts.
 *
 * @example
 * import { Effect, Stream } from "effect"
 * import { sendSink } from "commerce-rosetta/effect"
 * const stats = Effect.runPromise(Stream.run(Stream.fromIterable(records), sendSink({ to: "redo", from: "segment", credentials })))
 *
 * @category delivery
 * @since 0.1.0
 */
export const sendSink = (options: SenderOptions): Sink.Sink<SendStats, unknown, never, DeliveryError> =>
  Sink.suspend(() => {
    const sender = createSender(options);
    const writable: Writable = sender.writable();
    let failure: unknown;
    writable.on("error", (e) => {
      failure = e;
    });
    const write = (chunk: ReadonlyArray<unknown>): Promise<void> =>
      new Promise<void>((resolve) => {
        let i = 0;
        const next = (): void => {
          while (i < chunk.length) {
            if (!writable.write(chunk[i++])) {
              writable.once("drain", next);
              return;
            }
          }
          resolve();
        };
        next();
      });
    const end = (): Promise<SendStats> =>
      new Promise<SendStats>((resolve, reject) => {
        if (failure !== undefined) {
          reject(failure);
          return;
        }
        writable.once("error", reject);
        writable.end((e?: Error | null) => {
          if (e !== undefined && e !== null) reject(e);
          else if (failure !== undefined) reject(failure);
          else resolve(sender.stats());
        });
      });
    return Sink.forEachArray((chunk: ReadonlyArray<unknown>) => Effect.promise(() => write(chunk))).pipe(
      Sink.mapEffect(() => Effect.tryPromise({ try: end, catch: toError })),
    );
  });
