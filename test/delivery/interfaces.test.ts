/**
 * The library's three ways in: `send()` as an async iterable (the other tests), a Node `Writable`
 * with `receipt` events, and Effect's `sendStream` / `sendSink`; plus `--dry-run`'s redacted requests.
 */

import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Effect, Exit, Stream } from "effect";
import { afterEach, expect, test } from "vitest";
import { createSender, type OutgoingRequest, type Receipt } from "../../src/delivery/index.js";
import { sendSink, sendStream } from "../../src/effect.js";
import { type Emulator, startEmulator } from "../emulators/emulator.js";
import { generate, indexOf } from "./data.js";

const SECRET = "cio-write-key-0a1b2c3d";
let ems: Array<Emulator> = [];
afterEach(async () => {
  await Promise.all(ems.map((e) => e.stop()));
  ems = [];
});
const start = async () => {
  const em = await startEmulator({ vendor: "customerio", secret: SECRET, limit: 1_000_000 });
  ems.push(em);
  return em;
};
const options = (url: string) => ({
  to: "customerio" as const,
  from: "segment" as const,
  credentials: { writeKey: SECRET },
  endpoint: url,
});

test("a Node Writable: records in, receipt events out, finish once every record is settled", async () => {
  const em = await start();
  const g = generate(20_000, { malformedEvery: 5000 });
  const w = createSender(options(em.url)).writable();
  const receipts: Array<Receipt> = [];
  w.on("receipt", (r: Receipt) => receipts.push(r));
  await pipeline(Readable.from(g.lines.map((l) => JSON.parse(l) as unknown)), w);
  expect(receipts.length).toBe(20_000);
  expect(receipts.filter((r) => r.status === "rejected").length).toBe(g.malformed.size);
  expect(new Set([...em.accepted.values()].map(indexOf))).toEqual(g.valid);
});

test("Effect: sendStream emits a receipt per record; sendSink ends with the counts; 401 fails with DeliveryError", async () => {
  const em = await start();
  const g = generate(300);
  const records = Stream.fromIterable(g.lines.map((l) => JSON.parse(l) as unknown));
  const receipts = await Effect.runPromise(Stream.runCollect(records.pipe(sendStream(options(em.url)))));
  expect(receipts.length).toBe(300);
  expect(receipts.every((r) => r.status === "accepted")).toBe(true);
  const stats = await Effect.runPromise(Stream.run(records, sendSink(options(em.url))));
  expect(stats.read).toBe(300);
  expect(stats.accepted).toBe(300);
  const refused = await Effect.runPromiseExit(
    Stream.run(records, sendSink({ ...options(em.url), credentials: { writeKey: "not-the-key" } })),
  );
  expect(Exit.isFailure(refused)).toBe(true);
  expect(JSON.stringify(refused)).toContain("credentials rejected by customerio (HTTP 401)");
});

test("dry run: the exact requests with the write key redacted, X-Strict-Mode on, batches within 500 KB", async () => {
  const g = generate(5000);
  const requests: Array<OutgoingRequest> = [];
  const sender = createSender({ ...options("https://cdp-eu.customer.io/v1"), dryRun: (r) => requests.push(r) });
  for await (const _ of sender.send(g.lines.map((l) => JSON.parse(l) as unknown))) {
    // drain
  }
  expect(requests.length).toBeGreaterThan(1);
  for (const r of requests) {
    expect(r.url).toBe("https://cdp-eu.customer.io/v1/batch");
    expect(r.headers.authorization).toBe("Basic [REDACTED]");
    expect(r.headers["x-strict-mode"]).toBe("1");
    expect(Buffer.byteLength(r.body ?? "")).toBeLessThanOrEqual(500 * 1024);
  }
  const sent = requests.flatMap((r) => (JSON.parse(r.body ?? "{}") as { batch: Array<{ messageId: string }> }).batch);
  expect(sent.length).toBe(5000);
  // every record carries a messageId; those without one get the same derived id on every run
  expect(sent.every((e) => typeof e.messageId === "string" && e.messageId !== "")).toBe(true);
  const again: Array<OutgoingRequest> = [];
  const second = createSender({ ...options("https://cdp.customer.io/v1"), dryRun: (r) => again.push(r) });
  for await (const _ of second.send(g.lines.map((l) => JSON.parse(l) as unknown))) {
    // drain
  }
  const ids = (rs: Array<OutgoingRequest>) =>
    rs
      .flatMap((r) => (JSON.parse(r.body ?? "{}") as { batch: Array<{ messageId: string }> }).batch.map((e) => e.messageId))
      .sort();
  expect(ids(again)).toEqual(ids(requests));
});
