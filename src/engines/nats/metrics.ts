/**
 * Prometheus metrics of a JetStream translator, read from its counters when scraped (the message
 * path only increments plain numbers), and a small HTTP server for `--metrics-port`.
 *
 * @since 0.2.0
 */
import { createServer, type Server } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/**
 * What a translator has done so far in this process. `read = converted + rejected` always holds:
 * each translation of a delivery counts once (a redelivered message is translated and counted
 * again; its second output is dropped by the output stream's duplicate window).
 *
 * @example
 * import type { TranslatorCounters } from "commerce-rosetta/nats"
 * const done = (c: TranslatorCounters) => c.acked
 *
 * @category engines
 * @since 0.2.0
 */
export interface TranslatorCounters {
  /** Messages delivered to this process (first deliveries and redeliveries). */
  received: number;
  /** Deliveries that were redeliveries (delivery count > 1). */
  redelivered: number;
  /** Records translated (each ends converted or rejected). */
  read: number;
  converted: number;
  rejected: number;
  /** Output messages JetStream acknowledged (converted records, or vendor deliveries with `send`). */
  published: number;
  /** Of those, what JetStream reported as duplicates within its window (a redelivery's output). */
  duplicates: number;
  /** Reject messages JetStream acknowledged on the rejects subject. */
  rejectsPublished: number;
  /** Inputs acknowledged (done). */
  acked: number;
  /** Inputs handed back for a later try after a transient failure. */
  naked: number;
  /** Inputs terminated (rejected with no rejects subject). */
  termed: number;
  /** Inputs past the delivery limit, sent to the rejects subject (or terminated). */
  gaveUp: number;
  /** Messages being worked on now. */
  inFlight: number;
  /** Messages in the consumer not yet delivered, as of the last delivery. */
  lag: number;
  /** Losses of converted records, by kind (dropped, coerced, moved, renamed, truncated, defaulted). */
  lossesByKind: Record<string, number>;
}

/**
 * Fresh counters.
 *
 * @example
 * import { emptyCounters } from "commerce-rosetta/nats"
 * emptyCounters().read // 0
 *
 * @category engines
 * @since 0.2.0
 */
export const emptyCounters = (): TranslatorCounters => ({
  received: 0,
  redelivered: 0,
  read: 0,
  converted: 0,
  rejected: 0,
  published: 0,
  duplicates: 0,
  rejectsPublished: 0,
  acked: 0,
  naked: 0,
  termed: 0,
  gaveUp: 0,
  inFlight: 0,
  lag: 0,
  lossesByKind: {},
});

const COUNTERS: ReadonlyArray<[keyof TranslatorCounters, string, string]> = [
  ["received", "rosetta_messages_received_total", "messages delivered to this process, redeliveries included"],
  ["redelivered", "rosetta_messages_redelivered_total", "deliveries that were redeliveries"],
  ["read", "rosetta_records_read_total", "records translated (converted + rejected)"],
  ["converted", "rosetta_records_converted_total", "records translated successfully"],
  ["rejected", "rosetta_records_rejected_total", "records rejected (invalid input or the delivery limit)"],
  ["published", "rosetta_messages_published_total", "outputs acknowledged by JetStream (or a vendor, with --send)"],
  ["duplicates", "rosetta_messages_duplicate_total", "outputs JetStream dropped as duplicates within its window"],
  ["rejectsPublished", "rosetta_rejects_published_total", "rejects acknowledged on the rejects subject"],
  ["acked", "rosetta_messages_acked_total", "inputs acknowledged"],
  ["naked", "rosetta_messages_naked_total", "inputs handed back after a transient failure"],
  ["termed", "rosetta_messages_termed_total", "inputs terminated"],
  ["gaveUp", "rosetta_messages_gave_up_total", "inputs past the delivery limit"],
];

/**
 * A Prometheus registry over a translator's counters (plus the process's default metrics: RSS,
 * event loop lag, GC). `lag` may ask the server for the consumer's pending count at scrape time.
 *
 * @example
 * import { emptyCounters, translatorRegistry } from "commerce-rosetta/nats"
 * const registry = translatorRegistry(emptyCounters())
 * await registry.metrics() // "# HELP rosetta_records_read_total …"
 *
 * @category engines
 * @since 0.2.0
 */
export const translatorRegistry = (
  counters: TranslatorCounters,
  options: { lag?: () => Promise<number | undefined>; defaults?: boolean } = {},
): Registry => {
  const registry = new Registry();
  for (const [key, name, help] of COUNTERS) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(counters[key] as number);
      },
    });
  }
  new Counter({
    name: "rosetta_losses_total",
    help: "losses of converted records, by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [kind, n] of Object.entries(counters.lossesByKind)) this.inc({ kind }, n);
    },
  });
  new Gauge({
    name: "rosetta_messages_in_flight",
    help: "messages being worked on",
    registers: [registry],
    collect() {
      this.set(counters.inFlight);
    },
  });
  new Gauge({
    name: "rosetta_consumer_lag",
    help: "messages in the consumer not yet delivered",
    registers: [registry],
    async collect() {
      const asked = await options.lag?.().catch(() => undefined);
      this.set(asked ?? counters.lag);
    },
  });
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });
  return registry;
};

/**
 * Serves `GET /metrics` (and `/`) from a registry on a port (0 picks a free one); resolves once listening.
 *
 * @example
 * import { emptyCounters, serveMetrics, translatorRegistry } from "commerce-rosetta/nats"
 * const server = await serveMetrics(translatorRegistry(emptyCounters()), 9464)
 * server.close()
 *
 * @category engines
 * @since 0.2.0
 */
export const serveMetrics = (registry: Registry, port: number, host = "0.0.0.0"): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      if (req.method !== "GET" || (req.url !== "/metrics" && req.url !== "/")) {
        res.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
        (e: Error) => res.writeHead(500).end(e.message),
      );
    });
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
