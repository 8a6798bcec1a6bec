import { Readable } from "node:stream";
import { fc, it as prop } from "@fast-check/vitest";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectNats,
  createJetStreamTranslator,
  ensureStream,
  parsePartition,
  partitionOf,
  personKeyOf,
  publishNdjson,
  serveMetrics,
  translatorRegistry,
} from "../../../src/engines/nats/index.js";
import { type NatsTestServer, natsTestsEnabled, startNatsServer } from "./nats-server.js";
import { isBroken, readStream, streamCount, trackCalls, waitFor } from "./support.js";

const enabled = await natsTestsEnabled();

let unique = 0;
const names = () => {
  const n = `${process.pid}_${Date.now().toString(36)}_${unique++}`;
  return { in: `IN_${n}`, out: `OUT_${n}`, rej: `REJ_${n}`, sIn: `in.${n}`, sOut: `out.${n}`, sRej: `rej.${n}` };
};

describe.skipIf(!enabled)("JetStream translator (real nats-server)", () => {
  let server: NatsTestServer;
  let nc: NatsConnection;
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url);
  });
  afterAll(async () => {
    await nc?.drain();
    await server?.close();
  });

  const load = (subject: string, stream: string, lines: ReadonlyArray<string>, name = "input") =>
    publishNdjson({ connection: nc, subject, stream, input: Readable.from([`${lines.join("\n")}\n`]), inputName: name });

  it("publishNdjson stores each line once: loading the same input twice adds nothing", async () => {
    const n = names();
    const lines = trackCalls(300);
    const first = await load(n.sIn, n.in, lines);
    expect(first).toMatchObject({ read: 300, stored: 300, duplicates: 0 });
    const second = await load(n.sIn, n.in, lines);
    expect(second).toMatchObject({ read: 300, stored: 0, duplicates: 300 });
    expect(await streamCount(nc, n.in)).toBe(300);
    const stored = await readStream(nc, n.in);
    expect(stored.map((m) => m.id)).toEqual(lines.map((_, i) => `input:${i + 1}`));
    expect(stored.map((m) => m.text)).toEqual(lines);
  });

  it("translates every message once: outputs under <stream>.<seq>, rejects with errors and the input's sequence, read = converted + rejected", async () => {
    const n = names();
    const lines = trackCalls(500);
    await load(n.sIn, n.in, lines);
    await ensureStream(nc, n.out, [n.sOut]);
    await ensureStream(nc, n.rej, [n.sRej]);
    const t = createJetStreamTranslator({
      connection: nc,
      stream: n.in,
      consumer: "translate",
      config: { from: "customerio", to: "omnisend", options: {} },
      publish: n.sOut,
      rejectsSubject: n.sRej,
      maxInFlight: 32,
    });
    await t.start();
    await waitFor("every input acked", () => t.counters.acked === 500);
    await t.drain();
    const broken = lines.filter((_, i) => isBroken(i)).length;
    expect(t.counters).toMatchObject({ read: 500, converted: 500 - broken, rejected: broken, acked: 500, naked: 0, inFlight: 0 });
    expect(t.counters.read).toBe(t.counters.converted + t.counters.rejected);
    const out = await readStream(nc, n.out);
    expect(out.length).toBe(500 - broken);
    // input seq i+1 is line i: the output id names it, and the output is that line's translation
    for (const m of out) {
      const seq = Number((m.id as string).split(".").pop());
      expect(m.id).toBe(`${n.in}.${seq}`);
      expect(JSON.parse(m.text).eventID).toBe(`m-${seq - 1}`);
    }
    const rejects = await readStream(nc, n.rej);
    expect(rejects.length).toBe(broken);
    for (const m of rejects) {
      const row = JSON.parse(m.text);
      expect(row.stream).toBe(n.in);
      expect(isBroken(row.seq - 1)).toBe(true);
      expect(m.id).toBe(`${n.in}.${row.seq}.reject`);
      expect(row.errors[0].path).toBe("$");
      expect(row.errors[0].message).toMatch(/userId or anonymousId/);
      expect(row.input).toEqual(JSON.parse(lines[row.seq - 1] as string));
    }
    // the consumer holds nothing more
    const consumer = await jetstream(nc).consumers.get(n.in, "translate");
    await waitFor("no ack pending", async () => (await consumer.info()).num_ack_pending === 0, 3000);
    expect((await consumer.info()).num_pending).toBe(0);
    // losses are counted by kind (omnisend spells both event names its own way: one "renamed" per
    // converted record; the userId now travels in properties, so nothing is dropped)
    expect(t.counters.lossesByKind.renamed ?? 0).toBe(500 - broken);
  });

  it("terminates a rejected input when there is no rejects subject, logging the reason", async () => {
    const n = names();
    const lines = trackCalls(40);
    await load(n.sIn, n.in, lines);
    await ensureStream(nc, n.out, [n.sOut]);
    const logged: Array<{ event: string; fields?: Record<string, unknown> }> = [];
    const t = createJetStreamTranslator({
      connection: nc,
      stream: n.in,
      consumer: "c",
      config: { from: "customerio", to: "canonical", options: {} },
      publish: n.sOut,
      log: (event, fields) => logged.push({ event, fields }),
    });
    await t.start();
    await waitFor("all done", () => t.counters.acked + t.counters.termed === 40);
    await t.drain();
    const broken = lines.filter((_, i) => isBroken(i)).length;
    expect(t.counters.termed).toBe(broken);
    const terms = logged.filter((l) => l.event === "term");
    expect(terms.map((l) => l.fields?.seq)).toEqual(lines.flatMap((_, i) => (isBroken(i) ? [i + 1] : [])));
    expect(JSON.stringify(terms[0]?.fields?.errors)).toMatch(/userId or anonymousId/);
    // acks are asynchronous on the server too: every one arrives well within the ack wait (30 s)
    const consumer = await jetstream(nc).consumers.get(n.in, "c");
    await waitFor("no ack pending", async () => (await consumer.info()).num_ack_pending === 0, 3000);
    expect((await consumer.info()).num_redelivered).toBe(0);
  });

  it("naks when the output has no stream (no responders) and delivers once it has one; past max deliver, the rejects say so", async () => {
    const n = names();
    await load(
      n.sIn,
      n.in,
      trackCalls(20).filter((_, i) => !isBroken(i)),
    );
    await ensureStream(nc, n.rej, [n.sRej]);
    const t = createJetStreamTranslator({
      connection: nc,
      stream: n.in,
      consumer: "c",
      config: { from: "customerio", to: "canonical", options: {} },
      publish: n.sOut,
      rejectsSubject: n.sRej,
      maxDeliver: 2,
      publishTimeoutMs: 1000,
    });
    await t.start();
    // first delivery fails (no stream for the output subject): nak'ed with 0.5 s; the second fails
    // too; the third delivery is past max deliver 2 → rejects
    await waitFor("every input given up", () => t.counters.gaveUp === 19, 20_000);
    await t.drain();
    expect(t.counters.naked).toBe(38);
    expect(t.counters.redelivered).toBe(38);
    const rejects = (await readStream(nc, n.rej)).map((m) => JSON.parse(m.text));
    expect(rejects.length).toBe(19);
    expect(rejects[0].errors[0].message).toBe("gave up after 2 deliveries");
    expect(rejects.every((r) => typeof r.input === "string" && r.input.includes('"type":"track"'))).toBe(true);

    // the same with the output stream in place after the first failure: delivered, not given up
    const m = names();
    await load(
      m.sIn,
      m.in,
      trackCalls(20).filter((_, i) => !isBroken(i)),
    );
    const u = createJetStreamTranslator({
      connection: nc,
      stream: m.in,
      consumer: "c",
      config: { from: "customerio", to: "canonical", options: {} },
      publish: m.sOut,
      maxDeliver: 5,
      publishTimeoutMs: 1000,
    });
    await u.start();
    await waitFor("a first failure", () => u.counters.naked > 0);
    await ensureStream(nc, m.out, [m.sOut]);
    await waitFor("every input acked", () => u.counters.acked === 19, 20_000);
    await u.drain();
    expect(u.counters.gaveUp).toBe(0);
    expect((await readStream(nc, m.out)).length).toBe(19);
  });

  it("drain stops fetching, finishes what is in flight and acknowledges it", async () => {
    const n = names();
    await load(n.sIn, n.in, trackCalls(3000));
    await ensureStream(nc, n.out, [n.sOut]);
    const t = createJetStreamTranslator({
      connection: nc,
      stream: n.in,
      consumer: "c",
      config: { from: "customerio", to: "redo", options: {} },
      publish: n.sOut,
      maxInFlight: 64,
      maxDeliver: 1,
    });
    await t.start();
    await waitFor("some work", () => t.counters.acked > 100);
    await t.drain();
    expect(t.counters.inFlight).toBe(0);
    expect(t.counters.received).toBeLessThan(3000);
    // everything received was finished: acked or (never here) handed back
    expect(t.counters.acked + t.counters.termed).toBe(t.counters.received);
    const consumer = await jetstream(nc).consumers.get(n.in, "c");
    await waitFor("no ack pending", async () => (await consumer.info()).num_ack_pending === 0, 3000);
    expect((await consumer.info()).num_pending).toBe(3000 - t.counters.received);
  });

  it("serves Prometheus metrics from the counters, with the consumer's lag asked from the server", async () => {
    const n = names();
    await load(n.sIn, n.in, trackCalls(100));
    await ensureStream(nc, n.out, [n.sOut]);
    const t = createJetStreamTranslator({
      connection: nc,
      stream: n.in,
      consumer: "c",
      config: { from: "customerio", to: "omnisend", options: {} },
      publish: n.sOut,
    });
    await t.start();
    await waitFor("all done", () => t.counters.acked + t.counters.termed === 100);
    const server = await serveMetrics(translatorRegistry(t.counters, { lag: t.lag }), 0, "127.0.0.1");
    try {
      const port = (server.address() as { port: number }).port;
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
      expect(value("rosetta_records_read_total")).toBe(100);
      expect(value("rosetta_records_converted_total") + value("rosetta_records_rejected_total")).toBe(100);
      expect(value("rosetta_messages_in_flight")).toBe(0);
      expect(value("rosetta_consumer_lag")).toBe(0);
      expect(text).toMatch(/^rosetta_losses_total\{kind="renamed"\} [1-9]\d*$/m);
      expect(text).toMatch(/^process_resident_memory_bytes /m);
    } finally {
      server.close();
      await t.drain();
    }
  });
});

describe("partitionOf", () => {
  it("is FNV-1a over the UTF-8 bytes, modulo the count", () => {
    // FNV-1a 32-bit of "" is the offset basis 0x811c9dc5; of "a" is 0xe40c292c (published test vectors)
    expect(partitionOf("", 2 ** 31)).toBe(0x811c9dc5 % 2 ** 31);
    expect(partitionOf("a", 1000)).toBe(0xe40c292c % 1000);
    expect(partitionOf("foobar", 4096)).toBe(0xbf9cf968 % 4096);
  });
  it("spreads people over the partitions and never leaves the range", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const p = partitionOf(`userId:u-${i}`, 4);
      counts[p] = (counts[p] as number) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(800);
    expect(() => partitionOf("x", 0)).toThrow(RangeError);
  });
  prop.prop([
    fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("", "__proto__", "ü", "😀", "a".repeat(10_000))),
    fc.integer({ min: 1, max: 64 }),
    fc.integer({ min: 1, max: 64 }),
  ])("lies in [0, N), and is the same hash for every N: partitionOf(k, a·b) mod a = partitionOf(k, a)", (key, a, b) => {
    const p = partitionOf(key, a * b);
    expect(Number.isInteger(p) && p >= 0 && p < a * b).toBe(true);
    expect(p % a).toBe(partitionOf(key, a));
    expect(partitionOf(key, a * b)).toBe(p);
  });
  it("keys a person by the first identifier present, named, skipping empty strings", () => {
    expect(personKeyOf({ type: "cart_viewed", name: "x", identity: { userId: "", email: "a@b.co" } })).toBe("email:a@b.co");
    expect(personKeyOf({ type: "cart_viewed", name: "x", identity: { anonymousId: "an", email: "a@b.co" } })).toBe(
      "anonymousId:an",
    );
    expect(personKeyOf({ type: "cart_viewed", name: "x" })).toBeUndefined();
    // a userId and an email that are the same string are different people
    expect(personKeyOf({ type: "cart_viewed", name: "x", identity: { userId: "p" } })).not.toBe(
      personKeyOf({ type: "cart_viewed", name: "x", identity: { email: "p" } }),
    );
  });
  it("parses i/N and refuses what is not a partition", () => {
    expect(parsePartition("3/4")).toEqual({ index: 3, count: 4 });
    for (const bad of ["4/4", "1/0", "-1/4", "a/b", "1/4/5", ""]) expect(parsePartition(bad)).toBeUndefined();
  });
});
