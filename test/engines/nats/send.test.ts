/**
 * `rosetta consume --send`: three processes deliver one stream to a vendor emulator, sharing the
 * vendor's rate limit through a JetStream KV bucket. The emulator's measured rate must never exceed
 * the limit, and every event must be accepted exactly once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { NatsConnection } from "@nats-io/transport-node";
import { v5 as uuidV5 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormatId } from "../../../src/core/codec.js";
import { connectNats, createKvRateLimiter, publishNdjson } from "../../../src/engines/nats/index.js";
import { codecOf } from "../../../src/formats/index.js";
import { DERIVED_ID_NAMESPACE } from "../../../src/translate.js";
import { startEmulator } from "../../emulators/emulator.js";
import { type NatsTestServer, natsTestsEnabled, startNatsServer } from "./nats-server.js";
import { isBroken, trackCalls, waitFor } from "./support.js";

const CLI = fileURLToPath(new URL("../../../dist/cli.js", import.meta.url));
const enabled = await natsTestsEnabled();
const hasOmnisendApi = codecOf("omnisend-api" as FormatId) !== undefined;
if (!hasOmnisendApi) console.warn("skipping consume --send to Omnisend: the omnisend-api codec is not in this build (issue 19)");

describe.skipIf(!enabled)("rosetta consume --send (3 processes, one KV rate limit)", () => {
  let server: NatsTestServer;
  let nc: NatsConnection;
  const children: Array<ChildProcess> = [];
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await nc?.close();
    await server?.close();
  });

  const fleet = async (options: {
    vendor: "redo" | "omnisend-api";
    to: string;
    limit: number;
    windowMs: number;
    events: number;
    env: () => Record<string, string>;
    vendorId: (messageId: string) => string;
  }) => {
    const emulator = await startEmulator({
      vendor: options.vendor,
      secret: "s3cret",
      storeId: "store-1",
      limit: options.limit,
      windowMs: options.windowMs,
    });
    try {
      const id = `${options.vendor.replace("-", "")}_${process.pid}_${Date.now().toString(36)}`;
      const lines = trackCalls(options.events, 30);
      await publishNdjson({
        connection: nc,
        stream: `S_${id}`,
        subject: `s.${id}`,
        input: Readable.from([`${lines.join("\n")}\n`]),
      });
      const args = [
        ...["consume", "--nats", server.url, "--stream", `S_${id}`, "--consumer", "send", "--from", "customerio"],
        ...["--to", options.to, "--send", "--endpoint", emulator.url, "--rate", String(options.limit)],
        ...["--rate-window", String(options.windowMs / 1000), "--force-rate", "--rate-key", id, "--heartbeat", "1"],
        // small fetches, so that the three processes share the stream
        ...["--max-in-flight", "8"],
        ...["--rejects-subject", `r.${id}`],
        // a grant reaches the emulator up to ~200 ms later on a busy 2-core machine (process start-up,
        // first connections): the margin covers it, as it must cover network jitter in production
        ...["--rate-margin", "300"],
      ];
      const procs = [0, 1, 2].map(() => {
        const c = spawn(process.execPath, [CLI, ...args], {
          stdio: ["ignore", "ignore", "pipe"],
          env: { ...process.env, ...options.env() },
        });
        let err = "";
        c.stderr?.on("data", (d) => (err = (err + d).slice(-20_000)));
        children.push(c);
        return { c, err: () => err, exit: new Promise<number | null>((r) => c.once("exit", (code) => r(code))) };
      });
      const expected = lines.flatMap((_, i) => (isBroken(i) ? [] : [`m-${i}`]));
      await waitFor(
        `${expected.length} events accepted`,
        () => {
          for (const p of procs)
            if (p.c.exitCode !== null) throw new Error(`a consume process exited ${p.c.exitCode}: ${p.err()}`);
          return emulator.accepted.size >= expected.length;
        },
        60_000,
      ).catch((e: Error) => {
        throw new Error(
          `${e.message} (${emulator.accepted.size} accepted): ${procs.map((p) => p.err().slice(-3000)).join("\n---\n")}`,
        );
      });
      for (const p of procs) p.c.kill("SIGTERM");
      for (const p of procs) expect(await p.exit, p.err()).toBe(0);
      // every event accepted, each once: the emulator keeps one record per vendor id (Redo's
      // uniqueId is the messageId; Omnisend's eventID is the UUID v5 of the messageId)
      expect([...emulator.accepted.keys()].sort()).toEqual(expected.map(options.vendorId).sort());
      // the fleet together never went over the limit, by the emulator's own clock
      expect(emulator.overLimit, JSON.stringify(emulator.arrivals.map((a) => a - (emulator.arrivals[0] as number)))).toBe(0);
      expect(emulator.maxInWindow(options.windowMs)).toBeLessThanOrEqual(options.limit);
      // and it used the limit: the three processes each sent requests
      const worked = procs.map((p) => /"event":"drained".*"published":(\d+)/.exec(p.err())?.[1]);
      expect(worked.filter((n) => Number(n) > 0).length).toBeGreaterThanOrEqual(2);
      return emulator;
    } finally {
      await emulator.stop();
    }
  };

  it("Redo: 8 requests per second for the whole fleet, every event accepted once", async () => {
    const em = await fleet({
      vendor: "redo",
      to: "redo",
      limit: 8,
      windowMs: 1000,
      events: 240,
      env: () => ({ REDO_API_SECRET: "s3cret", REDO_STORE_ID: "store-1" }),
      vendorId: (m) => m,
    });
    // more requests than one window holds: the limit was actually in play
    expect(em.arrivals.length).toBeGreaterThan(8);
  }, 90_000);

  // the omnisend-api codec comes from issue 19's branch; until it is merged, say so instead of passing
  it.skipIf(!hasOmnisendApi)(
    "Omnisend: 25 requests per second for the whole fleet (one event each), every event accepted once",
    async () => {
      const em = await fleet({
        vendor: "omnisend-api",
        to: "omnisend",
        limit: 25,
        windowMs: 1000,
        events: 120,
        env: () => ({ OMNISEND_API_KEY: "s3cret" }),
        vendorId: (m) => uuidV5(m, DERIVED_ID_NAMESPACE),
      });
      expect(em.arrivals.length).toBeGreaterThan(25);
    },
    90_000,
  );

  it("the KV limiter holds three limiters in one process to the limit together", async () => {
    // no cold-start booking here: the grants themselves are measured
    const options = { bucket: "rates", key: `k${Date.now()}`, limit: 10, windowMs: 500, coldGrants: 0 };
    const limiters = await Promise.all([0, 1, 2].map(async () => createKvRateLimiter(await connectNats(server.url), options)));
    const starts: Array<number> = [];
    await Promise.all(
      limiters.map(async (l) => {
        for (let i = 0; i < 10; i++) {
          await l.acquire(1);
          starts.push(Date.now());
        }
      }),
    );
    starts.sort((a, b) => a - b);
    // 30 grants at 10 per 500 ms: no 500 ms window holds more than 10, so it took at least 1 s
    let max = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while ((starts[i] as number) - (starts[j] as number) >= 500) j++;
      max = Math.max(max, i - j + 1);
    }
    expect(max).toBeLessThanOrEqual(10);
    expect((starts.at(-1) as number) - (starts[0] as number)).toBeGreaterThanOrEqual(1000);
  });
});
