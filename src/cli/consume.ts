/**
 * `rosetta consume`: a thin layer over `createJetStreamTranslator` — options in, JSON-line logs
 * and Prometheus metrics out, and a graceful drain on SIGTERM / SIGINT (stop fetching, finish and
 * acknowledge what is in flight, exit 0). The translation options are `convert`'s own, taken from
 * that command, so every one of them applies here too.
 *
 * @since 0.2.0
 */

import type { Server } from "node:http";
import { Command, InvalidArgumentError, type Option } from "commander";
import { loadCredentials } from "../delivery/credentials.js";
import { type DestinationId, destinationOf } from "../delivery/destinations.js";
import { parsePartition } from "../engines/nats/partition.js";
import type { MessageSender } from "../engines/nats/send.js";
import type { PipelineConfig } from "../pipeline/process.js";
import type { IdentityResolver } from "../translate.js";
import { claimSignals } from "./signals.js";

/** What `convert`'s translation options ask for (built by `convert`'s own code in main.ts). */
export type TranslationOf = (opts: Record<string, unknown>) => {
  config: PipelineConfig;
  identity: IdentityResolver | undefined;
};

/** The vendor API of each destination format (`--send`). */
const DESTINATION_OF: Partial<Record<string, DestinationId>> = {
  customerio: "customerio",
  segment: "customerio",
  redo: "redo",
  omnisend: "omnisend-api",
  "omnisend-api": "omnisend-api",
};

/** `convert` options about where bytes go rather than how records translate: not consume's. */
const IO_OPTIONS = new Set(["--out", "--rejects", "--batch", "--report", "--jobs", "--dry-run", "--quiet"]);

/**
 * The translation options of `convert` (everything but its file I/O), to add to other commands.
 *
 * @internal
 */
export const translationOptions = (convert: Command): ReadonlyArray<Option> =>
  convert.options.filter((o) => o.long !== undefined && !IO_OPTIONS.has(o.long));

const wholeNumber =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };

const seconds = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number of seconds > 0");
  return n;
};

const partitions = (value: string, previous: Array<{ index: number; count: number }> = []) => {
  const p = parsePartition(value);
  if (p === undefined) throw new InvalidArgumentError(`expected i/N with 0 ≤ i < N, got "${value}"`);
  if (previous.length > 0 && previous[0]?.count !== p.count)
    throw new InvalidArgumentError("every --partition must name the same N");
  return [...previous, p];
};

/**
 * Builds the `consume` command.
 *
 * @internal
 */
export const consumeCommand = (
  parent: Command,
  io: { stderr: NodeJS.WritableStream },
  options: ReadonlyArray<Option>,
  translationOf: TranslationOf,
): Command => {
  const cmd = new Command("consume")
    .copyInheritedSettings(parent)
    .description("translate messages from a JetStream stream with a durable consumer shared by any number of processes")
    .option("--nats <url>", "NATS server(s), comma-separated", process.env.NATS_URL ?? "nats://127.0.0.1:4222")
    .requiredOption("--stream <name>", "the input stream")
    .requiredOption(
      "--consumer <name>",
      "the durable pull consumer (created if absent; with --partition, one per partition: NAME-i)",
    )
    .option("--publish <subject>", "publish each converted record here (Nats-Msg-Id <stream>.<seq>)")
    .option("--rejects-subject <subject>", "publish each rejected record here with its errors and the input's stream sequence")
    .option(
      "--output-stream <name>",
      "create this stream over --publish and --rejects-subject when absent (duplicate window: --duplicate-window)",
    )
    .option("--duplicate-window <seconds>", "the duplicate window of a stream --output-stream creates", seconds, 600)
    .option(
      "--partition <i/N>",
      "work partition i of N in order (subject <prefix>.i, consumer NAME-i); repeat for several",
      partitions,
    )
    .option("--partition-prefix <subject>", "the partitioned subjects' prefix (default: the stream's first subject)")
    .option("--filter-subject <subject>", "only messages on this subject")
    .option(
      "--max-in-flight <n>",
      "messages worked on at once by this process (per partition: in order, one at a time)",
      wholeNumber(1),
      256,
    )
    .option(
      "--max-ack-pending <n>",
      "unacknowledged messages the shared consumer allows over all processes",
      wholeNumber(1),
      20_000,
    )
    .option("--ack-wait <seconds>", "a delivered message unacknowledged this long goes to another process", seconds, 30)
    .option("--max-deliver <n>", "deliveries before giving up (then: the rejects subject)", wholeNumber(1), 10)
    .option(
      "--heartbeat <seconds>",
      "how long one pull waits for messages; the server's idle heartbeat comes every half of it (a drain waits at most this long)",
      seconds,
      2,
    )
    .option("--metrics-port <port>", "serve Prometheus metrics on this port (0: any free one, logged)", wholeNumber(0))
    .option("--metrics-host <host>", "the metrics server's address", "0.0.0.0")
    .option(
      "--send",
      "deliver to the vendor of --to (customerio, redo, omnisend) with rosetta send's machinery instead of --publish",
    )
    .option("--credentials <file>", "--send: credentials file (JSON or NAME=value lines) instead of the environment")
    .option("--endpoint <url>", "--send: base URL instead of the vendor's (proxies, staging, emulators)")
    .option("--region <region>", "--send: Customer.io data centre (us or eu)", "us")
    .option(
      "--rate <n>",
      "--send: requests per vendor window for the whole fleet (default: the vendor's documented limit)",
      wholeNumber(1),
    )
    .option("--rate-window <seconds>", "--send: the window of --rate (default: the vendor's)", seconds)
    .option(
      "--rate-margin <ms>",
      "--send: added to the window: the jitter between a grant and its arrival (default 5 %, ≥ 100 ms)",
      wholeNumber(0),
    )
    .option("--force-rate", "--send: allow --rate above the documented limit")
    .option("--rate-bucket <name>", "--send: the JetStream KV bucket holding the fleet's rate limit", "rosetta-rates")
    .option("--rate-key <key>", "--send: the key of this limit in the bucket (default: the vendor and its store or brand)")
    .option("--concurrency <n>", "--send: requests in flight at once per process", wholeNumber(1))
    .option(
      "--retry-for <seconds>",
      "--send: retry a record this long within one delivery, then hand the message back",
      seconds,
      60,
    )
    .option("--timeout <seconds>", "--send: per-request timeout", seconds, 10);
  for (const o of options) cmd.addOption(o);
  cmd.addHelpText(
    "after",
    `
Each message: translate (every convert option applies) → publish to --publish under the Nats-Msg-Id
<stream>.<seq> → once JetStream acknowledged, ack the input. A rejected record goes to --rejects-subject
(or is terminated, reason logged); a transient failure is nak'ed with a doubling delay (0.5 s … 30 s);
past --max-deliver deliveries a message goes to the rejects with "gave up after N deliveries".
The output stream's duplicate window (keep it longer than --ack-wait × --max-deliver) makes a
redelivered input produce no second output. Logs: one JSON line per event of note, on stderr.
SIGTERM / SIGINT: stop fetching, finish and ack what is in flight, exit 0.

Examples:
  rosetta consume --stream EVENTS --consumer to-omnisend --from segment --to omnisend \\
    --publish omnisend.events --rejects-subject rejects.omnisend --metrics-port 9464
  rosetta consume --stream EVENTS --consumer ordered --from segment --to redo \\
    --publish redo.events --partition 0/4 --partition 1/4   # partitions 0 and 1, each in order`,
  );
  cmd.action(async (opts: Record<string, unknown>) => {
    if ((opts.publish === undefined) === (opts.send !== true))
      throw new Error("consume: give --publish SUBJECT or --send (one of them)");
    if (opts.partition !== undefined && opts.filterSubject !== undefined)
      throw new Error("consume: --partition and --filter-subject exclude each other");
    const { config, identity } = translationOf(opts);
    // the NATS client and prom-client load only here, so the other commands start as fast as before
    const [{ connectNats }, { jsonLineLog }, { serveMetrics, translatorRegistry }, { createKvRateLimiter }, send, translator_] =
      await Promise.all([
        import("../engines/nats/connection.js"),
        import("../engines/nats/log.js"),
        import("../engines/nats/metrics.js"),
        import("../engines/nats/rate-limiter.js"),
        import("../engines/nats/send.js"),
        import("../engines/nats/translator.js"),
      ]);
    const { createMessageSender } = send;
    const { createJetStreamTranslator } = translator_;
    const log = jsonLineLog(io.stderr, { pid: process.pid });
    const nc = await connectNats(opts.nats as string, { log, name: `rosetta consume ${opts.consumer as string}` });
    let sender: MessageSender | undefined;
    if (opts.send === true) {
      const to = DESTINATION_OF[config.to];
      if (to === undefined)
        throw new Error(`consume --send: ${config.to} is not a vendor with an API here (customerio, redo, omnisend)`);
      const credentials = loadCredentials(to, opts.credentials as string | undefined);
      const documented = destinationOf(to, { credentials }).rate;
      const windowMs = opts.rateWindow === undefined ? documented.windowMs : (opts.rateWindow as number) * 1000;
      const limit = (opts.rate as number | undefined) ?? documented.limit;
      const rateLimiter = await createKvRateLimiter(nc, {
        bucket: opts.rateBucket as string,
        key: (opts.rateKey as string | undefined) ?? `${to}.${credentials.storeId ?? "default"}`,
        limit,
        windowMs,
        marginMs: opts.rateMargin as number | undefined,
      });
      sender = createMessageSender({
        to,
        from: config.from,
        credentials,
        endpoint: opts.endpoint as string | undefined,
        region: opts.region as "us" | "eu",
        rate: limit,
        rateWindowMs: windowMs,
        forceRate: opts.forceRate === true,
        rateLimiter,
        concurrency: opts.concurrency as number | undefined,
        retryForMs: (opts.retryFor as number) * 1000,
        timeoutMs: (opts.timeout as number) * 1000,
        lossless: config.options.lossless,
        strict: config.options.strict,
        names: config.options.names,
        zone: config.options.zone,
        moneyUnit: config.options.moneyUnit,
        ambiguous: config.options.ambiguous,
        identity,
      });
    }
    if (opts.outputStream !== undefined) {
      const { ensureStream } = await import("../engines/nats/publish.js");
      const subjects = [opts.publish, opts.rejectsSubject].filter((x): x is string => typeof x === "string");
      if (subjects.length === 0) throw new Error("consume --output-stream: there is no --publish or --rejects-subject to store");
      await ensureStream(nc, opts.outputStream as string, subjects, (opts.duplicateWindow as number) * 1000);
    }
    const translator = createJetStreamTranslator({
      connection: nc,
      sender,
      stream: opts.stream as string,
      consumer: opts.consumer as string,
      config,
      identity,
      publish: opts.publish as string | undefined,
      rejectsSubject: opts.rejectsSubject as string | undefined,
      partitions: opts.partition as Array<{ index: number; count: number }> | undefined,
      partitionPrefix: opts.partitionPrefix as string | undefined,
      filterSubject: opts.filterSubject as string | undefined,
      maxInFlight: opts.maxInFlight as number,
      maxAckPending: opts.maxAckPending as number,
      ackWaitMs: (opts.ackWait as number) * 1000,
      maxDeliver: opts.maxDeliver as number,
      heartbeatMs: (opts.heartbeat as number) * 1000,
      log,
    });
    let metrics: Server | undefined;
    let draining: Promise<void> | undefined;
    const onSignal = (signal: string) => {
      log("signal", { signal });
      draining ??= translator.drain();
    };
    const releaseSignals = claimSignals(onSignal);
    try {
      await translator.start();
      if (opts.metricsPort !== undefined) {
        const registry = translatorRegistry(translator.counters, { lag: translator.lag });
        metrics = await serveMetrics(registry, opts.metricsPort as number, opts.metricsHost as string);
        const address = metrics.address();
        log("metrics", { port: typeof address === "object" && address !== null ? address.port : address });
      }
      await translator.finished;
      await draining;
    } finally {
      releaseSignals();
      metrics?.close();
      if (!nc.isClosed()) await nc.drain();
    }
    process.exitCode = 0;
  });
  return cmd;
};
