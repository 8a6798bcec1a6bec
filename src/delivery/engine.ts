/**
 * The delivery engine behind every sender: reads source records, translates each with the
 * library's own `translateRecord` (the destination's codec writes the record), gives each a
 * deterministic idempotency id, groups records into requests within the vendor's count and byte
 * limits, paces requests through a {@link RateLimiter}, retries what may succeed later (backoff
 * with full jitter, the vendor's `Retry-After`), dead-letters what never will (bisecting a refused
 * batch down to the record), stops the run on rejected credentials, keeps each person's events in
 * input order without letting one failing person hold up the others, and journals every
 * acknowledged record durably before reporting it done.
 *
 * @since 0.1.0
 */
import { setMaxListeners } from "node:events";
import { Writable } from "node:stream";
import type { CanonicalEvent } from "../canonical/model.js";
import type { Codec, CodecOptions, FormatId, WireRecord } from "../core/codec.js";
import { type Issue, issue } from "../core/result.js";
import type { IdentityChoices } from "../identity.js";
import { sourceResolver } from "../pipeline/source.js";
import { deriveId, type IdentityResolver, recordsOf, translateRecord } from "../translate.js";
import { type Credentials, redactor } from "./credentials.js";
import { type Destination, type DestinationId, destinationOf, type Encoded, type OutgoingRequest } from "./destinations.js";
import { type Journal, openJournal } from "./journal.js";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { backoffMs, retryAfterMs, statusClass } from "./retry.js";

/**
 * Options of {@link createSender}.
 *
 * @example
 * import type { SenderOptions } from "commerce-rosetta/delivery"
 * const o: SenderOptions = { to: "redo", from: "segment", credentials: { apiSecret: "…", storeId: "st" } }
 *
 * @category delivery
 * @since 0.1.0
 */
export interface SenderOptions
  extends Pick<CodecOptions, "names" | "zone" | "moneyUnit" | "ambiguous" | "coerce" | "origin">,
    IdentityChoices {
  readonly to: DestinationId;
  /** The records' format (`auto` recognises each); default: the destination's own format. */
  readonly from?: FormatId | "auto" | undefined;
  readonly credentials: Credentials;
  /** Base URL instead of the vendor's (proxies, staging, emulators). */
  readonly endpoint?: string | undefined;
  /** Customer.io data centre (default `us`). */
  readonly region?: "us" | "eu" | undefined;
  readonly legacyV5?: boolean | undefined;
  readonly omnisendBatches?: boolean | undefined;
  readonly lossless?: boolean | undefined;
  readonly strict?: boolean | undefined;
  readonly identity?: IdentityResolver | undefined;
  /** Requests per the vendor's window; lower than the documented limit unless `forceRate`. */
  readonly rate?: number | undefined;
  readonly forceRate?: boolean | undefined;
  /** The window of `rate` in ms (default the vendor's). */
  readonly rateWindowMs?: number | undefined;
  /** Your own limiter (a fleet-wide one); replaces the in-process sliding window. */
  readonly rateLimiter?: RateLimiter | undefined;
  /** Requests in flight at once (default per vendor). */
  readonly concurrency?: number | undefined;
  /** Give up on a record this long after its first attempt (default 4 h). */
  readonly retryForMs?: number | undefined;
  /** Longest wait a `Retry-After` may ask for (default 300 s). */
  readonly retryAfterCapMs?: number | undefined;
  readonly backoffBaseMs?: number | undefined;
  readonly backoffCapMs?: number | undefined;
  /** Per-request timeout (default 10 s, as the vendors advise). */
  readonly timeoutMs?: number | undefined;
  /** Resume journal path (`--state`). */
  readonly state?: string | undefined;
  /** Wait before sending a batch that is not full yet while more input may come (default 50 ms). */
  readonly lingerMs?: number | undefined;
  /** Omnisend batches: first poll delay (default 1000 ms; doubles to 10 s). */
  readonly pollMs?: number | undefined;
  /** Receives every record that will not be delivered, before it is journaled as done. */
  readonly onDeadLetter?: ((row: DeadLetter) => void | Promise<void>) | undefined;
  /** Dry run: receives each request (secrets redacted) instead of sending it; every record counts as accepted. */
  readonly dryRun?: ((request: OutgoingRequest) => void) | undefined;
  /** The HTTP client (default the global `fetch`). */
  readonly fetch?: typeof fetch | undefined;
  /** Stops the run: nothing new is sent, in-flight requests finish or are abandoned unacknowledged. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * What happened to one input record.
 *
 * @example
 * import type { Receipt } from "commerce-rosetta/delivery"
 * const r: Receipt = { seq: 0, line: 1, status: "accepted" }
 *
 * @category delivery
 * @since 0.1.0
 */
export interface Receipt {
  /** The record's ordinal in the input (the journal's key). */
  readonly seq: number;
  readonly line: number;
  readonly file?: string | undefined;
  /**
   * `accepted` (the vendor's 2xx), `rejected` (before sending: not JSON, invalid, untranslatable,
   * too large), `dead-lettered` (the vendor refused it, or retries ran out), `resumed` (done in an
   * earlier run, per the journal).
   */
  readonly status: "accepted" | "rejected" | "dead-lettered" | "resumed";
  readonly errors?: ReadonlyArray<Issue> | undefined;
}

/**
 * A record that will not be delivered, with why.
 *
 * @category delivery
 * @since 0.1.0
 */
export interface DeadLetter {
  readonly seq: number;
  readonly file?: string | undefined;
  readonly line: number;
  /** `translate` (rejected before sending) or `vendor` (refused or given up). */
  readonly stage: "translate" | "vendor";
  readonly input: unknown;
  readonly errors?: ReadonlyArray<Issue> | undefined;
  /** The vendor's status (0: no answer) and body, redacted. */
  readonly status?: number | undefined;
  readonly body?: string | undefined;
  /** The field the vendor named, in the destination record. */
  readonly vendorPath?: string | undefined;
  readonly reason: string;
}

/**
 * Counts of a run; `read = accepted + rejected + deadLettered + unsent`.
 *
 * @category delivery
 * @since 0.1.0
 */
export interface SendStats {
  read: number;
  /** Accepted by the vendor, including `resumed`. */
  accepted: number;
  /** Accepted or dead-lettered in an earlier run (from the journal). */
  resumed: number;
  rejected: number;
  deadLettered: number;
  /** Not finished when the run stopped (credentials rejected, aborted). */
  unsent: number;
  requests: number;
  /** Retried requests by status (`network` for no answer). */
  retries: Record<string, number>;
  rateLimited: number;
  bytes: number;
  seconds: number;
  /** Requests per second over the run. */
  requestRate: number;
  /** The limiter's effective share of the limit at the end (adaptive slow-down). */
  rateFactor?: number | undefined;
}

/**
 * The run stopped because the vendor refused the credentials (401/403).
 *
 * @category delivery
 * @since 0.1.0
 */
export class CredentialsRejected extends Error {
  readonly _tag = "CredentialsRejected";
  constructor(
    readonly destination: string,
    readonly status: number,
  ) {
    super(`credentials rejected by ${destination} (HTTP ${status})`);
  }
}

const LOCATED: unique symbol = Symbol.for("commerce-rosetta/delivery/located");

/**
 * An input record with where it came from: either its parsed `value` or its JSON `text`.
 *
 * @category delivery
 * @since 0.1.0
 */
export interface Located {
  readonly [LOCATED]: true;
  readonly value?: unknown;
  readonly text?: string | undefined;
  readonly file?: string | undefined;
  readonly line: number;
}

/**
 * Marks an input record with its file and line (the CLI passes each NDJSON line's text).
 *
 * @example
 * import { located } from "commerce-rosetta/delivery"
 * located({ text: '{"type":"track"}', file: "a.ndjson", line: 1 })
 *
 * @category delivery
 * @since 0.1.0
 */
export const located = (where: { value?: unknown; text?: string; file?: string | undefined; line: number }): Located => ({
  [LOCATED]: true,
  ...where,
});

const isLocated = (x: unknown): x is Located => typeof x === "object" && x !== null && (x as Located)[LOCATED] === true;

/**
 * A sender to one destination.
 *
 * @category delivery
 * @since 0.1.0
 */
export interface Sender {
  /** Sends records (source-format values, or {@link located} ones); yields a receipt per record. */
  readonly send: (records: AsyncIterable<unknown> | Iterable<unknown>) => AsyncIterable<Receipt>;
  /** An object-mode Writable of records; `receipt` events, `finish` when every record is settled. */
  readonly writable: () => Writable;
  /** The counts so far. */
  readonly stats: () => SendStats;
  readonly destination: Destination;
  /** Replaces the secrets in a text. */
  readonly redact: (text: string) => string;
}

interface Item {
  readonly seq: number;
  readonly line: number;
  readonly file: string | undefined;
  readonly input: unknown;
  readonly encoded: Encoded;
  readonly person: string;
}

const personOf = (event: CanonicalEvent, seq: number): string => {
  const id = event.identity;
  const v = id?.userId ?? id?.email ?? id?.phone ?? id?.anonymousId ?? id?.redoCustomerId ?? id?.omnisendContactId;
  return typeof v === "string" && v !== "" ? v : `#${seq}`;
};

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted === true) {
      resolve();
      return;
    }
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/**
 * Creates a sender.
 *
 * @example
 * import { createSender } from "commerce-rosetta/delivery"
 * const sender = createSender({ to: "redo", from: "segment", credentials: { apiSecret: process.env.REDO_API_SECRET, storeId: "st" } })
 * for await (const receipt of sender.send(records)) if (receipt.status !== "accepted") console.error(receipt)
 *
 * @category delivery
 * @since 0.1.0
 */
export const createSender = (options: SenderOptions): Sender => {
  const destination = destinationOf(options.to, options);
  const redact = redactor(options.credentials);
  const documented = destination.rate;
  const windowMs = options.rateWindowMs ?? documented.windowMs;
  let limit = options.rate ?? documented.limit;
  if (options.rate !== undefined && options.forceRate !== true) {
    const perMs = options.rate / windowMs;
    if (perMs > documented.limit / documented.windowMs)
      throw new Error(
        `--rate ${options.rate} per ${windowMs} ms is above ${destination.id}'s documented ${documented.limit} per ${documented.windowMs} ms; add --force-rate to exceed it`,
      );
  }
  limit = Math.max(1, limit);
  const ownLimiter = options.rateLimiter === undefined ? createRateLimiter({ limit, windowMs }) : undefined;
  const limiter: RateLimiter = options.rateLimiter ?? (ownLimiter as RateLimiter);
  const concurrency = Math.max(1, options.concurrency ?? destination.concurrency);
  const retryFor = options.retryForMs ?? 4 * 3600_000;
  const retryAfterCap = options.retryAfterCapMs ?? 300_000;
  const baseMs = options.backoffBaseMs ?? 500;
  const capMs = options.backoffCapMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lingerMs = options.lingerMs ?? 50;
  const pollMs = options.pollMs ?? 1000;
  const doFetch = options.fetch ?? fetch;
  const to: Codec = destination.codec;
  const resolveSource = sourceResolver((options.from ?? (destination.codec.id as FormatId)) as FormatId | "auto");
  const translateOptions = {
    names: options.names,
    zone: options.zone,
    moneyUnit: options.moneyUnit,
    ambiguous: options.ambiguous,
    coerce: options.coerce,
    origin: options.origin,
    userId: options.userId,
    anonymousId: options.anonymousId,
    lossless: options.lossless,
    strict: options.strict,
    identity: options.identity,
    deriveIds: true,
  };
  const startedAt = Date.now();
  const stats: SendStats = {
    read: 0,
    accepted: 0,
    resumed: 0,
    rejected: 0,
    deadLettered: 0,
    unsent: 0,
    requests: 0,
    retries: {},
    rateLimited: 0,
    bytes: 0,
    seconds: 0,
    requestRate: 0,
  };
  const snapshot = (): SendStats => {
    stats.seconds = (Date.now() - startedAt) / 1000;
    stats.requestRate = stats.seconds > 0 ? Math.round((stats.requests / stats.seconds) * 100) / 100 : 0;
    if (ownLimiter !== undefined) stats.rateFactor = ownLimiter.factor();
    return { ...stats, retries: { ...stats.retries } };
  };

  const send = (records: AsyncIterable<unknown> | Iterable<unknown>): AsyncIterable<Receipt> => ({
    [Symbol.asyncIterator]: () => run(records)[Symbol.asyncIterator](),
  });

  async function* run(records: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Receipt> {
    const journal: Journal | undefined =
      options.state !== undefined && options.dryRun === undefined ? openJournal(options.state, destination.id) : undefined;
    const stop = new AbortController();
    // every request, wait and limiter waiter listens to it: more than the default 10 at once is normal
    setMaxListeners(0, stop.signal);
    const onAbort = () => stop.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const out: Array<Receipt> = [];
    let wake: (() => void) | undefined;
    // set by every notify, so one that comes while the loop is not waiting (a yield) is not lost
    let signalled = false;
    const notify = (): void => {
      signalled = true;
      const w = wake;
      wake = undefined;
      w?.();
    };
    let fatal: unknown;
    let inputDone = false;
    const queues = new Map<string, Array<Item>>();
    const ready: Array<string> = [];
    let readyHead = 0;
    const busy = new Set<string>();
    let queued = 0;
    let readyItems = 0;
    let readyBytes = 0;
    let inflight = 0;
    let lingerTimer: NodeJS.Timeout | undefined;
    let lingerDue = false;
    const maxQueued = Math.max(10_000, destination.maxRecords * concurrency * 4);
    let spaceWaiter: (() => void) | undefined;

    const emit = (r: Receipt): void => {
      out.push(r);
      notify();
    };
    const deadLetter = async (rows: ReadonlyArray<DeadLetter>): Promise<void> => {
      for (const row of rows) await options.onDeadLetter?.(row);
    };
    const reject = async (seq: number, line: number, file: string | undefined, input: unknown, errors: ReadonlyArray<Issue>) => {
      stats.rejected++;
      await deadLetter([
        { seq, file, line, stage: "translate", input, errors, reason: errors.map((e) => redact(e.message)).join("; ") },
      ]);
      emit({ seq, line, file, status: "rejected", errors });
    };

    const enqueue = (item: Item): void => {
      let q = queues.get(item.person);
      if (q === undefined) queues.set(item.person, (q = []));
      q.push(item);
      queued++;
      if (!busy.has(item.person)) {
        if (q.length === 1) ready.push(item.person);
        readyItems++;
        readyBytes += item.encoded.bytes;
      }
    };

    // reading and translating
    let seq = 0;
    const prepare = async (record: WireRecord, from: Codec, line: number, file: string | undefined): Promise<void> => {
      const s = seq++;
      stats.read++;
      const state = journal?.stateOf(s);
      if (state !== undefined) {
        stats.resumed++;
        if (state === "accepted") stats.accepted++;
        else stats.deadLettered++;
        emit({ seq: s, line, file, status: "resumed" });
        return;
      }
      const t = translateRecord(record, from, to, translateOptions);
      if (!t.ok) {
        await reject(s, line, file, record.value, t.errors);
        return;
      }
      const value = destination.withId(t.value, () => deriveId(record.value));
      const json = JSON.stringify(value);
      const bytes = json.length * 3 > destination.maxRecordBytes ? Buffer.byteLength(json) : json.length;
      if (bytes > destination.maxRecordBytes) {
        await reject(s, line, file, record.value, [
          issue(
            "$",
            `a record of at most ${destination.maxRecordBytes} bytes`,
            undefined,
            `$: the ${destination.id} record is ${bytes} bytes; ${destination.id} accepts at most ${destination.maxRecordBytes} bytes per event`,
          ),
        ]);
        return;
      }
      enqueue({
        seq: s,
        line,
        file,
        input: record.value,
        encoded: { value, bytes: Buffer.byteLength(json) },
        person: personOf(t.event, s),
      });
    };
    const readAll = async (): Promise<void> => {
      let ordinal = 0;
      let lastYield = Date.now();
      const iterable = records as AsyncIterable<unknown>;
      for await (const raw of iterable) {
        if (stop.signal.aborted || fatal !== undefined) break;
        ordinal++;
        let document: unknown;
        let line = ordinal;
        let file: string | undefined;
        if (isLocated(raw)) {
          line = raw.line;
          file = raw.file;
          if (raw.text !== undefined) {
            try {
              document = JSON.parse(raw.text);
            } catch (e) {
              const s = seq++;
              stats.read++;
              if (journal?.stateOf(s) !== undefined) {
                stats.resumed++;
                stats.deadLettered++;
                continue;
              }
              await reject(s, line, file, raw.text.length > 10_000 ? `${raw.text.slice(0, 10_000)}…` : raw.text, [
                issue("$", "a JSON value", undefined, `line ${line}: not JSON: ${(e as Error).message}`),
              ]);
              continue;
            }
          } else document = raw.value;
        } else document = raw;
        const src = resolveSource(document);
        const recs = src.ok ? recordsOf(src.codec, document) : src;
        if (!recs.ok || !src.ok) {
          const s = seq++;
          stats.read++;
          if (journal?.stateOf(s) !== undefined) {
            stats.resumed++;
            stats.deadLettered++;
            continue;
          }
          await reject(s, line, file, document, recs.ok ? [] : recs.errors);
          continue;
        }
        for (const r of recs.value) await prepare(r, src.codec, line, file);
        notify();
        // let the requests in flight make progress: translation is synchronous work
        if (Date.now() - lastYield >= 8) {
          await new Promise<void>((r) => setImmediate(r));
          lastYield = Date.now();
        }
        while (queued >= maxQueued && fatal === undefined && !stop.signal.aborted) {
          await new Promise<void>((resolve) => {
            spaceWaiter = resolve;
          });
        }
      }
    };

    // batching
    const takeBatch = (force: boolean): Array<Item> | undefined => {
      if (readyItems === 0) return undefined;
      if (!force && readyItems < destination.maxRecords && readyBytes < destination.maxBytes) return undefined;
      const batch: Array<Item> = [];
      let bytes = 0;
      while (readyHead < ready.length && batch.length < destination.maxRecords) {
        const person = ready[readyHead] as string;
        const q = queues.get(person);
        if (q === undefined || q.length === 0 || busy.has(person)) {
          readyHead++;
          continue;
        }
        const first = q[0] as Item;
        if (batch.length > 0 && bytes + first.encoded.bytes + 1 > destination.maxBytes) break;
        readyHead++;
        busy.add(person);
        // the person is busy now: none of its items is ready until this batch is done
        readyItems -= q.length;
        for (const item of q) readyBytes -= item.encoded.bytes;
        let taken = 0;
        for (const item of q) {
          if (batch.length >= destination.maxRecords) break;
          if (batch.length > 0 && bytes + item.encoded.bytes + 1 > destination.maxBytes) break;
          batch.push(item);
          bytes += item.encoded.bytes + 1;
          taken++;
        }
        // the person's items not taken wait until this batch is done (input order per person)
        q.splice(0, taken);
        if (q.length === 0) queues.delete(person);
        queued -= taken;
      }
      if (readyHead > 1024 && readyHead * 2 > ready.length) {
        ready.splice(0, readyHead);
        readyHead = 0;
      }
      if (readyItems === 0) readyBytes = 0;
      if (spaceWaiter !== undefined && queued < maxQueued) {
        const w = spaceWaiter;
        spaceWaiter = undefined;
        w();
      }
      return batch.length === 0 ? undefined : batch;
    };
    const release = (items: ReadonlyArray<Item>): void => {
      const persons = new Set<string>();
      for (const i of items) persons.add(i.person);
      for (const p of persons) {
        busy.delete(p);
        const q = queues.get(p);
        if (q !== undefined && q.length > 0) {
          ready.push(p);
          readyItems += q.length;
          for (const i of q) readyBytes += i.encoded.bytes;
        }
      }
    };

    // sending
    const call = async (
      request: OutgoingRequest,
    ): Promise<{ status: number; headers: Record<string, string>; body: string } | { error: string }> => {
      stats.requests++;
      if (request.body !== undefined) stats.bytes += Buffer.byteLength(request.body);
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const res = await doFetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.any([timeout, stop.signal]),
        });
        const body = await res.text();
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => {
          headers[k] = v;
        });
        return { status: res.status, headers, body };
      } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        return { error: redact(`${err.name}: ${err.message}${err.cause?.code !== undefined ? ` (${err.cause.code})` : ""}`) };
      }
    };
    const acknowledge = async (items: ReadonlyArray<Item>): Promise<void> => {
      if (items.length === 0) return;
      await journal?.record(
        "accepted",
        items.map((i) => i.seq),
      );
      stats.accepted += items.length;
      for (const i of items) emit({ seq: i.seq, line: i.line, file: i.file, status: "accepted" });
    };
    const giveUp = async (
      items: ReadonlyArray<Item>,
      status: number,
      body: string,
      reason: string,
      vendorPath?: string,
    ): Promise<void> => {
      if (items.length === 0) return;
      const b = redact(body.length > 10_000 ? `${body.slice(0, 10_000)}…` : body);
      await deadLetter(
        items.map((i) => ({
          seq: i.seq,
          file: i.file,
          line: i.line,
          stage: "vendor",
          input: i.input,
          status,
          body: b,
          vendorPath,
          reason: redact(reason),
        })),
      );
      await journal?.record(
        "dead-lettered",
        items.map((i) => i.seq),
      );
      stats.deadLettered += items.length;
      for (const i of items)
        emit({
          seq: i.seq,
          line: i.line,
          file: i.file,
          status: "dead-lettered",
          errors: [issue(vendorPath ?? "$", `a record ${destination.id} accepts`, undefined, redact(reason))],
        });
    };
    const retryCount = (key: string): void => {
      stats.retries[key] = (stats.retries[key] ?? 0) + 1;
    };

    /** Sends items until each is accepted or dead-lettered (or the run stops). */
    const deliver = async (items: ReadonlyArray<Item>): Promise<void> => {
      let pending = items;
      let attempt = 0;
      const first = Date.now();
      while (pending.length > 0) {
        if (fatal !== undefined || stop.signal.aborted) return;
        const request = destination.request(pending.map((i) => i.encoded));
        if (options.dryRun !== undefined) {
          stats.requests++;
          if (request.body !== undefined) stats.bytes += Buffer.byteLength(request.body);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(request.headers)) headers[k] = redact(v);
          options.dryRun({ ...request, headers, body: request.body === undefined ? undefined : redact(request.body) });
          await acknowledge(pending);
          return;
        }
        let permit: unknown;
        try {
          permit = await limiter.acquire(1, stop.signal);
        } catch {
          return;
        }
        const res = await call(request);
        if (!("error" in res)) limiter.settle?.(permit);
        let retry: { key: string; status: number; body: string; waitMs?: number | undefined } | undefined;
        if ("error" in res) retry = { key: "network", status: 0, body: res.error };
        else {
          const cls = statusClass(res.status);
          if (cls === "auth") {
            fatal ??= new CredentialsRejected(destination.id, res.status);
            notify();
            return;
          }
          if (cls === "retry") {
            const wait = retryAfterMs(res.headers, retryAfterCap);
            if (res.status === 429) {
              stats.rateLimited++;
              limiter.penalize(wait);
            }
            retry = { key: String(res.status), status: res.status, body: res.body, waitMs: wait };
          } else {
            const answer = destination.answer(
              res.status,
              res.body,
              pending.map((i) => i.encoded),
            );
            if (answer.kind === "accepted") {
              await acknowledge(pending);
              return;
            }
            if (answer.kind === "reject") {
              if (pending.length === 1) {
                await giveUp(
                  pending,
                  answer.status,
                  answer.body,
                  `${destination.id} refused the record: HTTP ${answer.status}`,
                  answer.vendorPath,
                );
                return;
              }
              // which record? halve the batch until the refused ones stand alone (in input order)
              const mid = Math.ceil(pending.length / 2);
              await deliver(pending.slice(0, mid));
              await deliver(pending.slice(mid));
              return;
            }
            // an Omnisend batch: poll until finished, then read the items
            const outcomes = await settleBatch(answer.batchId, pending);
            if (outcomes === undefined) return;
            const accepted: Array<Item> = [];
            const again: Array<Item> = [];
            for (let i = 0; i < pending.length; i++) {
              const o = outcomes[i];
              const item = pending[i] as Item;
              if (o === undefined || o.kind === "retry") again.push(item);
              else if (o.kind === "accepted") accepted.push(item);
              else await giveUp([item], o.status, o.body, `${destination.id} refused the record: HTTP ${o.status}`, o.vendorPath);
            }
            await acknowledge(accepted);
            if (again.length === 0) return;
            pending = again;
            retry = { key: "batch-item", status: 0, body: "some batch items were not processed" };
          }
        }
        // retry, unless the give-up window is over
        retryCount(retry.key);
        const wait = retry.waitMs ?? backoffMs(attempt, baseMs, capMs);
        attempt++;
        if (Date.now() + wait - first > retryFor) {
          await giveUp(
            pending,
            retry.status,
            retry.body,
            `gave up after ${attempt} attempts over ${Math.round((Date.now() - first) / 1000)} s (last: ${retry.status === 0 ? retry.body : `HTTP ${retry.status}`})`,
          );
          return;
        }
        await sleep(wait, stop.signal);
      }
    };
    const settleBatch = async (
      batchId: string,
      items: ReadonlyArray<Item>,
    ): Promise<ReadonlyArray<import("./destinations.js").ItemOutcome> | undefined> => {
      const b = destination.batches;
      if (b === undefined) return undefined;
      let delay = pollMs;
      const first = Date.now();
      for (;;) {
        await sleep(delay, stop.signal);
        if (fatal !== undefined || stop.signal.aborted) return undefined;
        delay = Math.min(delay * 2, 10_000);
        const finished = await getWithRetry(b.status(batchId), first);
        if (finished === undefined) return undefined;
        if (!b.finished(finished)) continue;
        const body = await getWithRetry(b.items(batchId), first);
        if (body === undefined) return undefined;
        return b.outcomes(
          body,
          items.map((i) => i.encoded),
        );
      }
    };
    /** A GET of batch status: retried like any request; `undefined` when the run stops or gives up. */
    const getWithRetry = async (request: OutgoingRequest, first: number): Promise<string | undefined> => {
      let attempt = 0;
      for (;;) {
        if (fatal !== undefined || stop.signal.aborted) return undefined;
        let permit: unknown;
        try {
          permit = await limiter.acquire(1, stop.signal);
        } catch {
          return undefined;
        }
        const res = await call(request);
        if (!("error" in res)) limiter.settle?.(permit);
        if (!("error" in res)) {
          const cls = statusClass(res.status);
          if (cls === "ok") return res.body;
          if (cls === "auth") {
            fatal ??= new CredentialsRejected(destination.id, res.status);
            notify();
            return undefined;
          }
          if (res.status === 429) {
            stats.rateLimited++;
            limiter.penalize(retryAfterMs(res.headers, retryAfterCap));
          }
          retryCount(String(res.status));
        } else retryCount("network");
        const wait = backoffMs(attempt++, baseMs, capMs);
        if (Date.now() + wait - first > retryFor) return "[]";
        await sleep(wait, stop.signal);
      }
    };

    const reading = readAll().then(
      () => {
        inputDone = true;
        notify();
      },
      (e: unknown) => {
        fatal ??= e;
        inputDone = true;
        notify();
      },
    );
    let outHead = 0;
    try {
      for (;;) {
        signalled = false;
        if (fatal === undefined && !stop.signal.aborted) {
          // the batch is taken now; its request is built before the limiter's permit is asked for,
          // so nothing slow sits between the permit and the request leaving (the vendor counts arrivals)
          while (inflight < concurrency) {
            const batch = takeBatch(inputDone || lingerDue || queued >= maxQueued || spaceWaiter !== undefined);
            if (batch === undefined) break;
            inflight++;
            deliver(batch)
              .catch((e: unknown) => {
                fatal ??= e;
              })
              .finally(() => {
                inflight--;
                release(batch);
                notify();
              });
          }
          lingerDue = false;
          if (readyItems > 0 && inflight < concurrency && lingerTimer === undefined && !inputDone) {
            lingerTimer = setTimeout(() => {
              lingerTimer = undefined;
              lingerDue = true;
              notify();
            }, lingerMs);
          }
        }
        while (outHead < out.length) yield out[outHead++] as Receipt;
        if (outHead > 4096) {
          out.splice(0, outHead);
          outHead = 0;
        }
        const stopped = fatal !== undefined || stop.signal.aborted;
        // stop at once: waiting permits and requests in flight are abandoned, unacknowledged
        if (fatal !== undefined && !stop.signal.aborted) stop.abort(fatal);
        if (inflight === 0 && (stopped || (inputDone && queued === 0))) break;
        if (signalled) continue;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (outHead < out.length) notify();
        });
      }
      if (fatal !== undefined || stop.signal.aborted) {
        stop.abort();
        spaceWaiter?.();
        await reading;
        stats.unsent = stats.read - stats.accepted - stats.rejected - stats.deadLettered;
      } else await reading;
      while (outHead < out.length) yield out[outHead++] as Receipt;
      if (fatal !== undefined) throw fatal;
    } finally {
      if (lingerTimer !== undefined) clearTimeout(lingerTimer);
      options.signal?.removeEventListener("abort", onAbort);
      stop.abort();
      await journal?.close();
    }
  }

  const writable = (): Writable => {
    const buffer: Array<unknown> = [];
    let head = 0;
    let more: (() => void) | undefined;
    let held: (() => void) | undefined; // a write's callback, held while the buffer is full
    let ended = false;
    const source: AsyncIterable<unknown> = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (head < buffer.length) {
            const record = buffer[head++];
            if (head === buffer.length) {
              buffer.length = 0;
              head = 0;
            }
            if (held !== undefined && buffer.length - head < 1024) {
              const cb = held;
              held = undefined;
              cb();
            }
            yield record;
          }
          if (ended) return;
          await new Promise<void>((r) => {
            more = r;
          });
        }
      },
    };
    let settled: Promise<void> | undefined;
    const w: Writable = new Writable({
      objectMode: true,
      highWaterMark: 1024,
      write(chunk, _enc, cb) {
        buffer.push(chunk);
        more?.();
        more = undefined;
        settled ??= (async () => {
          for await (const r of send(source)) w.emit("receipt", r);
        })();
        // back-pressure: the writer waits while the sender is 8,192 records behind
        if (buffer.length - head >= 8192) held = cb;
        else cb();
      },
      final(cb) {
        ended = true;
        more?.();
        more = undefined;
        (settled ?? Promise.resolve()).then(
          () => cb(),
          (e: unknown) => cb(e as Error),
        );
      },
    });
    return w;
  };

  return { send, writable, stats: snapshot, destination, redact };
};
