/**
 * The built `rosetta` CLI as a fleet: several `rosetta consume` processes on one durable consumer,
 * one killed with SIGKILL mid-run and started again, the NATS server restarted once; and per-person
 * order over partitions. The output stream must hold each translatable input exactly once.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectNats, ensureStream, partitionOf } from "../../../src/engines/nats/index.js";
import { type NatsTestServer, natsTestsEnabled, startNatsServer } from "./nats-server.js";
import { isBroken, readStream, streamCount, trackCalls, waitFor } from "./support.js";

const CLI = fileURLToPath(new URL("../../../dist/cli.js", import.meta.url));
const enabled = await natsTestsEnabled();

interface Worker {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const consume = (url: string, args: ReadonlyArray<string>): Worker => {
  const child = spawn(process.execPath, [CLI, "consume", "--nats", url, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  const logs: Array<Record<string, unknown>> = [];
  let rest = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    rest += chunk;
    const lines = rest.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        // keep what the test reads; a long run may log many naks during the server restart
        if (entry.event !== "nak" && entry.event !== "reject") logs.push(entry);
      } catch {
        logs.push({ event: "text", text: line });
      }
    }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, logs, exit };
};

const drained = (w: Worker) => w.logs.find((l) => l.event === "drained") as Record<string, number> | undefined;

describe.skipIf(!enabled)("rosetta consume fleet (built CLI, real nats-server)", () => {
  let server: NatsTestServer;
  let nc: NatsConnection;
  let dir: string;
  const workers: Array<Worker> = [];
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connectNats(server.url);
    dir = mkdtempSync(join(tmpdir(), "rosetta-fleet-"));
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    await nc?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("200,000 messages, 3 processes, one kill -9'ed and restarted, the server restarted: each translatable input once in the output, the rest in the rejects", async (ctx) => {
    if (!server.restartable) ctx.skip(); // the shared server (NATS_URL) cannot be restarted by a test
    const total = 200_000;
    const id = `${process.pid}_${Date.now().toString(36)}`;
    const [IN, OUT, REJ] = [`FIN_${id}`, `FOUT_${id}`, `FREJ_${id}`];
    const file = join(dir, "events.ndjson");
    const lines = trackCalls(total, 5000);
    writeFileSync(file, `${lines.join("\n")}\n`);
    const publish = (await promisify(execFile)(process.execPath, [
      CLI,
      "publish",
      "--nats",
      server.url,
      "--stream",
      IN,
      "--subject",
      `fin.${id}`,
      file,
    ])) as { stderr: string };
    expect(publish.stderr).toMatch(`published ${total} records to fin.${id}: ${total} stored, 0 already there`);
    await ensureStream(nc, OUT, [`fout.${id}`]);
    await ensureStream(nc, REJ, [`frej.${id}`]);
    const args = [
      ...["--stream", IN, "--consumer", "fleet", "--from", "customerio", "--to", "omnisend"],
      ...["--publish", `fout.${id}`, "--rejects-subject", `frej.${id}`],
      ...["--ack-wait", "3", "--max-in-flight", "512", "--heartbeat", "1"],
    ];
    for (let i = 0; i < 3; i++) workers.push(consume(server.url, args));
    const done = async () => (await streamCount(nc, OUT)) + (await streamCount(nc, REJ));

    await waitFor("30 % done", async () => (await done()) >= total * 0.3, 60_000);
    const victim = workers[0] as Worker;
    victim.child.kill("SIGKILL");
    expect((await victim.exit).signal).toBe("SIGKILL");
    workers.push(consume(server.url, args));

    await waitFor("60 % done", async () => (await done()) >= total * 0.6, 60_000);
    await server.restart();

    await waitFor("every input settled", async () => (await done()) >= total, 90_000);
    const consumer = await jetstream(nc).consumers.get(IN, "fleet");
    await waitFor(
      "the consumer empty",
      async () => {
        const info = await consumer.info();
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      30_000,
    );
    const survivors = workers.slice(1);
    for (const w of survivors) w.child.kill("SIGTERM");
    for (const w of survivors) expect((await w.exit).code).toBe(0);

    const translatable = new Set<number>();
    for (let i = 0; i < total; i++) if (!isBroken(i)) translatable.add(i);
    const out = await readStream(nc, OUT);
    expect(out.length).toBe(translatable.size);
    const seen = new Set<number>();
    for (const m of out) {
      const seq = Number(/\.(\d+)$/.exec(m.id as string)?.[1]);
      expect(m.id).toBe(`${IN}.${seq}`);
      const line = Number((JSON.parse(m.text).eventID as string).slice(2));
      // input seq n is line n - 1 (the file was loaded in order)
      expect(line).toBe(seq - 1);
      expect(seen.has(line)).toBe(false);
      seen.add(line);
    }
    expect([...seen].every((i) => translatable.has(i))).toBe(true);
    const rejects = await readStream(nc, REJ);
    expect(rejects.length).toBe(total - translatable.size);
    const rejected = new Set(rejects.map((m) => JSON.parse(m.text).seq - 1));
    expect(rejected.size).toBe(rejects.length);
    for (const i of rejected) expect(isBroken(i)).toBe(true);

    // each surviving process's own counts: read = converted + rejected, and all of it acked
    for (const w of survivors) {
      const c = drained(w);
      expect(c).toBeDefined();
      expect(c?.read).toBe((c?.converted ?? 0) + (c?.rejected ?? 0));
      expect(c?.inFlight).toBe(0);
    }
    // the fleet did the work together, and redeliveries happened (the kill and the restart) without duplicates
    const worked = survivors.map((w) => drained(w)?.acked ?? 0);
    expect(worked.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(survivors.some((w) => (drained(w)?.redelivered ?? 0) > 0)).toBe(true);
    expect(survivors.some((w) => w.logs.some((l) => l.event === "reconnect"))).toBe(true);
  }, 240_000);

  it("keeps each person's events in order across 4 partitions worked by 2 processes", async () => {
    const id = `${process.pid}_${Date.now().toString(36)}`;
    const [IN, OUT] = [`PIN_${id}`, `POUT_${id}`];
    const total = 4000;
    const file = join(dir, "people.ndjson");
    const lines = trackCalls(total, 40).filter((_, i) => !isBroken(i));
    writeFileSync(file, `${lines.join("\n")}\n`);
    await promisify(execFile)(process.execPath, [
      CLI,
      ...["publish", "--nats", server.url, "--stream", IN, "--subject", `pin.${id}`],
      ...["--partitions", "4", "--from", "customerio", file],
    ]);
    // every partition got people, and each person's messages are all on their partition's subject
    const input = await readStream(nc, IN);
    for (const m of input) {
      const user = JSON.parse(m.text).userId as string;
      expect(m.subject).toBe(`pin.${id}.${partitionOf(`userId:${user}`, 4)}`);
    }
    expect(new Set(input.map((m) => m.subject)).size).toBe(4);
    const args = (parts: ReadonlyArray<number>) => [
      ...["--stream", IN, "--consumer", "ordered", "--from", "customerio", "--to", "canonical"],
      // both processes ask for the output stream: one creates it, the other finds it
      ...["--publish", `pout.${id}`, "--output-stream", OUT, "--heartbeat", "1", "--max-in-flight", "64"],
      ...parts.flatMap((p) => ["--partition", `${p}/4`]),
    ];
    const pair = [consume(server.url, args([0, 1])), consume(server.url, args([2, 3]))];
    workers.push(...pair);
    await waitFor("all translated", async () => (await streamCount(nc, OUT)) >= lines.length, 60_000);
    for (const w of pair) w.child.kill("SIGTERM");
    for (const w of pair) expect((await w.exit).code).toBe(0);
    const out = await readStream(nc, OUT);
    expect(out.length).toBe(lines.length);
    const last = new Map<string, number>();
    for (const m of out) {
      const event = JSON.parse(m.text) as { id: string; identity: { userId: string } };
      const n = Number(event.id.slice(2));
      const previous = last.get(event.identity.userId) ?? -1;
      expect(n, `${event.identity.userId}: m-${n} after m-${previous}`).toBeGreaterThan(previous);
      last.set(event.identity.userId, n);
    }
    expect(last.size).toBe(40);
    // both processes worked their partitions
    for (const w of pair) expect(drained(w)?.converted ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
