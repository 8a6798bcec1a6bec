/**
 * One vendor rate limit shared by a whole fleet: a `RateLimiter` (the delivery engine's interface)
 * whose state lives in a JetStream KV bucket, so any number of processes on any number of machines
 * together start no more than `limit` requests in any window of `windowMs`.
 *
 * The state is one key: the start times of the requests granted within the last window (a
 * sliding-window log — the strict form of a token bucket whose bucket holds `limit` tokens and
 * refills each token exactly one window after it was spent) and a "no request before" time set by
 * a vendor's 429. Each grant is a compare-and-set on the key's revision (`kv.update`): two
 * processes that read the same state cannot both write it, the loser reads again. A bursty token
 * bucket would let up to twice the limit into one window of the vendor's length, which is how the
 * vendors measure; the log never does. Times are the processes' clocks: keep the machines in NTP
 * sync (the margin absorbs a few milliseconds of skew and the jitter between grant and arrival).
 *
 * @since 0.2.0
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RateLimiter } from "../../delivery/rate-limiter.js";

/**
 * Options of {@link createKvRateLimiter}.
 *
 * @example
 * import type { KvRateLimitOptions } from "commerce-rosetta/nats"
 * const redo: KvRateLimitOptions = { bucket: "rosetta-rates", key: "redo.store-1", limit: 100, windowMs: 1000 }
 *
 * @category engines
 * @since 0.2.0
 */
export interface KvRateLimitOptions {
  /** The KV bucket (created if absent; one bucket can hold the limits of many vendors). */
  readonly bucket: string;
  /** The key of this limit (letters, digits, `-`, `_`, `.`, `/`, `=`), e.g. `redo.<store id>`. */
  readonly key: string;
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
  /**
   * Added to the window (default 5 % of it, at least 100 ms): a granted request reaches the vendor
   * a little later, by a delay that varies (event loop, network, a busy machine), and the machines'
   * clocks differ by a few milliseconds; the vendor counts arrivals.
   */
  readonly marginMs?: number;
  /**
   * A process's first requests reach the vendor later than the rest (the HTTP client loads, the
   * connections open: up to a second on a busy machine), which would squeeze more
   * arrivals into the vendor's window than were granted in ours. So the first `coldGrants`
   * grants of this limiter (default 16) are booked `coldMs` (default 1500) after they were given.
   */
  readonly coldGrants?: number;
  readonly coldMs?: number;
  /** The clock (tests). */
  readonly now?: () => number;
}

interface State {
  /** Start times of the grants within the last window, oldest first. */
  t: Array<number>;
  /** No grant before this time (a 429's Retry-After). */
  until: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

const isConflict = (e: unknown): boolean => /wrong last sequence|key exists|already exists/i.test((e as Error).message ?? "");

/**
 * A fleet-wide limiter over a JetStream KV bucket, for `createSender({ rateLimiter })`.
 *
 * @example
 * import { connectNats, createKvRateLimiter } from "commerce-rosetta/nats"
 * const nc = await connectNats("nats://127.0.0.1:4222")
 * const limiter = await createKvRateLimiter(nc, { bucket: "rosetta-rates", key: "redo.store-1", limit: 100, windowMs: 1000 })
 * await limiter.acquire(1) // at most 100 of these per second across every process sharing the key
 *
 * @category engines
 * @since 0.2.0
 */
export const createKvRateLimiter = async (
  nc: NatsConnection,
  options: KvRateLimitOptions,
): Promise<RateLimiter & { readonly kv: KV }> => {
  if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError("limit must be a whole number ≥ 1");
  const kv = await new Kvm(nc).create(options.bucket, { history: 1 });
  const now = options.now ?? Date.now;
  const span = options.windowMs + (options.marginMs ?? Math.max(100, Math.round(options.windowMs * 0.05)));
  const { key, limit } = options;
  let cold = options.coldGrants ?? 16;
  const coldMs = options.coldMs ?? 1500;

  const read = async (): Promise<{ state: State; revision: number | undefined }> => {
    const e = await kv.get(key);
    if (e === null || e.operation !== "PUT" || e.length === 0) return { state: { t: [], until: 0 }, revision: e?.revision };
    const state = e.json<State>();
    return { state, revision: e.revision };
  };

  /** Writes `state` if nobody else wrote since `revision`; false when someone did. */
  const write = async (state: State, revision: number | undefined): Promise<boolean> => {
    try {
      if (revision === undefined) await kv.create(key, JSON.stringify(state));
      else await kv.update(key, JSON.stringify(state), revision);
      return true;
    } catch (e) {
      if (isConflict(e)) return false;
      throw e;
    }
  };

  return {
    kv,
    acquire: async (cost, signal) => {
      if (cost > limit) throw new RangeError(`cost ${cost} is above the limit ${limit}`);
      for (;;) {
        if (signal?.aborted === true) throw signal.reason;
        const { state, revision } = await read();
        const t = now();
        const live = state.t.filter((x) => x > t - span);
        let wait = state.until - t;
        if (wait <= 0 && live.length + cost <= limit) {
          const booked = cold > 0 ? t + coldMs : t;
          for (let i = 0; i < cost; i++) live.push(booked);
          // keep the log in time order (a booked cold grant may lie after later warm ones)
          if (booked !== t) live.sort((a, b) => a - b);
          if (await write({ t: live, until: state.until }, revision)) {
            cold -= cost;
            return;
          }
          // another process took the state first: read again after a moment
          await sleep(Math.random() * 3, signal);
          continue;
        }
        // the earliest time enough grants have left the window
        if (wait <= 0) wait = (live[live.length + cost - limit - 1] as number) + span - t;
        await sleep(Math.max(1, wait), signal);
      }
    },
    penalize: (retryAfterMs) => {
      const pause = retryAfterMs ?? options.windowMs;
      void (async () => {
        for (let tries = 0; tries < 20; tries++) {
          const { state, revision } = await read();
          const until = Math.max(state.until, now() + pause);
          if (until === state.until || (await write({ t: state.t, until }, revision))) return;
        }
      })().catch(() => {});
    },
  };
};
