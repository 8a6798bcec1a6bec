/**
 * `createSender` against the vendor emulators: 100,000 events through each destination with
 * injected 5xx, resets mid-body and forced 429s end with every valid record accepted exactly once
 * and every invalid one rejected or dead-lettered with its reason; the measured request rate stays
 * within the limit in every window; per-person order holds.
 */
import { afterEach, describe, expect, test } from "vitest";
import { createSender, type DeadLetter, type DestinationId, type SenderOptions } from "../../src/delivery/index.js";
import { type Emulator, startEmulator, type Vendor } from "../emulators/emulator.js";
import { type Generated, generate, indexOf, refuseMarked } from "./data.js";

const SECRET = "sk-test-7f3a9c1e55d2";
const CREDENTIALS: Record<DestinationId, SenderOptions["credentials"]> = {
  customerio: { writeKey: SECRET },
  redo: { apiSecret: SECRET, storeId: "store-1" },
  "omnisend-api": { apiKey: SECRET },
};

let emulators: Array<Emulator> = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
  emulators = [];
});

const start = async (vendor: Vendor, options: Partial<Parameters<typeof startEmulator>[0]> = {}): Promise<Emulator> => {
  const em = await startEmulator({ vendor, secret: SECRET, storeId: "store-1", ...options });
  emulators.push(em);
  return em;
};

/** Sends the generated input and checks the end state: each valid record once, each invalid one with its reason. */
const sendAndCheck = async (to: DestinationId, em: Emulator, g: Generated, extra: Partial<SenderOptions> = {}) => {
  const dead: Array<DeadLetter> = [];
  const sender = createSender({
    to,
    from: "segment",
    credentials: CREDENTIALS[to],
    endpoint: em.url,
    rate: 1_000_000,
    forceRate: true,
    backoffBaseMs: 2,
    backoffCapMs: 20,
    timeoutMs: 2000,
    onDeadLetter: (row) => {
      dead.push(row);
    },
    ...extra,
  });
  const statuses = new Map<number, string>();
  for await (const r of sender.send(g.lines.map((l) => JSON.parse(l) as unknown))) {
    expect(statuses.has(r.seq)).toBe(false);
    statuses.set(r.seq, r.status);
  }
  const stats = sender.stats();
  // accounting: every record read ends in exactly one place
  expect(stats.read).toBe(g.lines.length);
  expect(stats.accepted + stats.rejected + stats.deadLettered).toBe(stats.read);
  expect(statuses.size).toBe(g.lines.length);
  // the vendor holds every valid record, once
  const held = [...em.accepted.values()].map(indexOf);
  expect(held.length).toBe(new Set(held).size);
  expect(new Set(held)).toEqual(g.valid);
  expect(stats.accepted).toBe(g.valid.size);
  // every invalid record is dead-lettered with its reason
  const malformed = dead.filter((d) => d.stage === "translate");
  expect(new Set(malformed.map((d) => indexOf(d.input)))).toEqual(g.malformed);
  for (const d of malformed) expect(d.reason).toMatch(/\$\.event: expected a non-empty event name/);
  const refused = dead.filter((d) => d.stage === "vendor");
  expect(new Set(refused.map((d) => indexOf(d.input)))).toEqual(g.refused);
  for (const d of refused) {
    expect(d.status === 400 || d.status === 422).toBe(true);
    expect(d.body).toContain("order refused by the store's rules");
    expect(d.line).toBe(d.seq + 1);
  }
  return { stats, dead, sender };
};

const FAULTS = { error5xx: 0.05, reset: 0.01, force429: 0.01, retryAfter: "0", refuse: refuseMarked } as const;

describe("100,000 events with 5 % 5xx, 1 % resets and forced 429s", () => {
  test("redo: every valid record accepted exactly once, every invalid one dead-lettered with its reason", async () => {
    const g = generate(100_000, { malformedEvery: 5000, refusedEvery: 7000 });
    const em = await start("redo", { limit: 1_000_000, faults: FAULTS });
    const { stats } = await sendAndCheck("redo", em, g);
    expect(stats.retries["429"]).toBeGreaterThan(0);
    expect(Object.keys(stats.retries).some((k) => k.startsWith("5"))).toBe(true);
    expect(stats.retries.network).toBeGreaterThan(0);
    expect(stats.rateLimited).toBeGreaterThan(0);
  }, 90_000);

  test("customerio: the same, in strict mode, within 500 KB per batch", async () => {
    const g = generate(100_000, { malformedEvery: 5000, refusedEvery: 7000 });
    // batches of ~1,000 records make ~100 requests: higher fault rates so every kind of fault happens
    // plus hung requests (the 2 s timeout fires) and slow answers
    const em = await start("customerio", {
      limit: 1_000_000,
      faults: { ...FAULTS, error5xx: 0.1, reset: 0.05, force429: 0.05, hang: 0.03, slow: 0.1, slowMs: 300 },
    });
    const { stats } = await sendAndCheck("customerio", em, g);
    expect(em.dropped).toBe(0);
    expect(stats.retries.network).toBeGreaterThan(0);
    expect(stats.requests).toBeGreaterThan(50);
  }, 90_000);

  test("omnisend-api (batches): every valid record accepted exactly once after the batches' item results", async () => {
    const g = generate(100_000, { malformedEvery: 5000, refusedEvery: 7000 });
    const em = await start("omnisend-api", { limit: 1_000_000, batchDelayMs: 5, faults: FAULTS });
    await sendAndCheck("omnisend-api", em, g, { omnisendBatches: true, pollMs: 5, concurrency: 16 });
  }, 90_000);
});

describe("the rate limit", () => {
  test("a 429 slows the sender down, and Retry-After is honoured", async () => {
    const g = generate(3000, { people: 3000 });
    // the emulator allows 10 requests per 500 ms; the sender is told 20 (with --force-rate) and must adapt
    const em = await start("redo", { limit: 10, windowMs: 500 });
    const sender = createSender({
      to: "redo",
      from: "segment",
      credentials: CREDENTIALS.redo,
      endpoint: em.url,
      rate: 20,
      rateWindowMs: 500,
      forceRate: true,
      backoffBaseMs: 5,
    });
    for await (const _ of sender.send(g.lines.map((l) => JSON.parse(l) as unknown))) {
      // drain
    }
    const stats = sender.stats();
    expect(stats.accepted).toBe(3000);
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(stats.rateFactor).toBeLessThan(1);
    // after the first 429s the sender keeps within the emulator's limit more often than not
    expect(em.overLimit).toBeLessThan(stats.requests);
  }, 30_000);

  test("--rate above the documented limit is refused without --force-rate", () => {
    expect(() => createSender({ to: "redo", credentials: CREDENTIALS.redo, rate: 101 })).toThrow(/above redo's documented 100/);
    expect(() => createSender({ to: "redo", credentials: CREDENTIALS.redo, rate: 50 })).not.toThrow();
  });
});

describe("ordering and failures", () => {
  test("each person's events arrive in input order, and a person whose requests fail does not hold up the others", async () => {
    const g = generate(4000, { people: 400 });
    const failing = "u-7";
    let failures = 0;
    const em = await start("redo", {
      limit: 1_000_000,
      faults: {
        // the first 30 requests carrying u-7's events fail with 503
        refuse: undefined,
      },
    });
    // wrap the emulator: a proxy-free way is a fetch that fails u-7's requests for a while
    const order = new Map<string, Array<number>>();
    const sender = createSender({
      to: "redo",
      from: "segment",
      credentials: CREDENTIALS.redo,
      endpoint: em.url,
      rate: 1_000_000,
      forceRate: true,
      backoffBaseMs: 20,
      backoffCapMs: 40,
      fetch: async (url, init) => {
        const body = String(init?.body ?? "");
        if (body.includes(`"person7@example.com"`) && failures < 30) {
          failures++;
          return new Response("{}", { status: 503 });
        }
        const res = await fetch(url, init);
        const parsed = JSON.parse(body) as { events: Array<{ customer: { email: string } }> };
        for (const e of parsed.events) {
          const list = order.get(e.customer.email) ?? [];
          list.push(indexOf(e));
          order.set(e.customer.email, list);
        }
        return res;
      },
    });
    const doneAt = new Map<number, number>();
    let n = 0;
    for await (const r of sender.send(g.lines.map((l) => JSON.parse(l) as unknown))) doneAt.set(r.seq, n++);
    expect(sender.stats().accepted).toBe(4000);
    for (const [, list] of order) {
      const firsts = list.filter((v, i) => list.indexOf(v) === i);
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    }
    // most other people's events were done before u-7's first one
    const u7first = doneAt.get(7) as number;
    expect(u7first).toBeGreaterThan(3000);
    expect(failing).toBe("u-7");
  }, 30_000);

  test("401 stops the run at once with CredentialsRejected, nothing dead-lettered", async () => {
    const g = generate(2000);
    const em = await start("redo", { limit: 1_000_000 });
    const dead: Array<DeadLetter> = [];
    const sender = createSender({
      to: "redo",
      from: "segment",
      credentials: { apiSecret: "wrong-secret-123", storeId: "store-1" },
      endpoint: em.url,
      rate: 1000,
      forceRate: true,
      onDeadLetter: (d) => {
        dead.push(d);
      },
    });
    await expect(async () => {
      for await (const _ of sender.send(g.lines.map((l) => JSON.parse(l) as unknown))) {
        // drain
      }
    }).rejects.toThrow(/credentials rejected by redo \(HTTP 401\)/);
    expect(dead).toEqual([]);
    expect(em.accepted.size).toBe(0);
    const s = sender.stats();
    expect(s.accepted + s.rejected + s.deadLettered + s.unsent).toBe(s.read);
  });

  test("a record the vendor keeps refusing after retries is dead-lettered once --retry-for is over", async () => {
    const g = generate(10);
    const sender = createSender({
      to: "redo",
      from: "segment",
      credentials: CREDENTIALS.redo,
      endpoint: "http://127.0.0.1:9",
      retryForMs: 200,
      backoffBaseMs: 10,
      backoffCapMs: 50,
    });
    const out = [];
    for await (const r of sender.send(g.lines.map((l) => JSON.parse(l) as unknown))) out.push(r);
    expect(out.every((r) => r.status === "dead-lettered")).toBe(true);
    expect(out[0]?.errors?.[0]?.message).toMatch(/gave up after \d+ attempts/);
  });
});

describe("omnisend-api, one event per request", () => {
  test("POST /api/events with faults: valid records accepted once, a refused one dead-lettered with the vendor's field path", async () => {
    const g = generate(1500, { malformedEvery: 500, refusedEvery: 700 });
    const em = await start("omnisend-api", { limit: 1_000_000, faults: FAULTS });
    const { dead } = await sendAndCheck("omnisend-api", em, g, { concurrency: 16 });
    const refused = dead.filter((d) => d.stage === "vendor");
    expect(refused.length).toBeGreaterThan(0);
    for (const d of refused) {
      expect(d.status).toBe(422);
      expect(d.vendorPath).toBe("$.properties");
    }
    // every accepted event carries a UUID eventID and its eventTime (Omnisend dedups on both)
    for (const e of em.accepted.values()) {
      expect(e.eventID).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof e.eventTime).toBe("string");
    }
  }, 60_000);

  test("--legacy-v5 sends to /v5/events with X-API-KEY", async () => {
    const g = generate(20);
    const em = await start("omnisend-api", { limit: 1_000_000 });
    await sendAndCheck("omnisend-api", em, g, { legacyV5: true });
  });

  test("a sliding window: never more than the limit in any window the emulator measures", async () => {
    const g = generate(45, { people: 45 });
    // Omnisend's 400 per 60 s, scaled down to 10 per second so the test takes seconds
    const em = await start("omnisend-api", { limit: 10, windowMs: 1000 });
    const sender = createSender({
      to: "omnisend-api",
      from: "segment",
      credentials: CREDENTIALS["omnisend-api"],
      endpoint: em.url,
      rate: 10,
      rateWindowMs: 1000,
      forceRate: true,
    });
    for await (const _ of sender.send(g.lines.map((l) => JSON.parse(l) as unknown))) {
      // drain
    }
    expect(sender.stats().accepted).toBe(45);
    expect(em.overLimit).toBe(0);
    expect(em.arrivals.length).toBe(45);
    expect(em.maxInWindow(1000)).toBeLessThanOrEqual(10);
  }, 30_000);
});
