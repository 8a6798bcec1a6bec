/**
 * `rosetta send` as a separate process (the built CLI) against the emulators: `kill -9` at 10
 * random points followed by re-runs with the same `--state` ends with every valid record held once;
 * the documented Redo rate is kept in every 1-second window the emulator measures; credentials
 * never appear in any output; 401 stops the run with exit status 2.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test } from "vitest";
import { type Emulator, startEmulator } from "../emulators/emulator.js";
import { generate, indexOf, refuseMarked } from "./data.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const SECRET = "rk-live-5e1f0c9a77b3d2e4";
const ENV = { REDO_API_SECRET: SECRET, REDO_STORE_ID: "store-9" };

let emulators: Array<Emulator> = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
  emulators = [];
});

const tmp = () => mkdtempSync(path.join(tmpdir(), "rosetta-send-"));

const run = (
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  onChild?: (child: ChildProcess) => void,
): Promise<{ status: number | null; signal: NodeJS.Signals | null; out: string; err: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    onChild?.(child);
    child.on("close", (status, signal) => resolve({ status, signal, out, err }));
  });

/** A seeded PRNG for the kill points (mulberry32). */
const prng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

describe("rosetta send", () => {
  test("kill -9 at 10 random points, then the same command with the same --state: every valid record held once", async () => {
    const dir = tmp();
    const g = generate(12_000, { malformedEvery: 1000, refusedEvery: 1500, people: 600 });
    const input = path.join(dir, "events.ndjson");
    writeFileSync(input, `${g.lines.join("\n")}\n`);
    // 10 kill points, at least 400 accepted records apart (4 requests), seeded so a failure replays
    const random = prng(Number(process.env.KILL_SEED ?? 22));
    const points: Array<number> = [];
    while (points.length < 10) {
      const p = Math.floor(500 + random() * (g.valid.size - 1000));
      if (points.every((q) => Math.abs(q - p) >= 400)) points.push(p);
    }
    points.sort((a, b) => a - b);
    let current: ChildProcess | undefined;
    let kills = 0;
    const em = await startEmulator({
      vendor: "redo",
      secret: SECRET,
      storeId: "store-9",
      limit: 1_000_000,
      faults: {
        error5xx: 0.05,
        reset: 0.01,
        refuse: refuseMarked,
        onAccepted: (total) => {
          if (points.length > 0 && total >= (points[0] as number) && current !== undefined && current.exitCode === null) {
            while (points.length > 0 && total >= (points[0] as number)) points.shift();
            current.kill("SIGKILL");
            kills++;
          }
        },
      },
    });
    emulators.push(em);
    const state = path.join(dir, "run.state");
    const dead = path.join(dir, "dead.ndjson");
    const report = path.join(dir, "report.json");
    const args = ["send", "--to", "redo", "--from", "segment", "--endpoint", em.url, "--rate", "100", "--force-rate"];
    args.push("--concurrency", "4", "--state", state, "--dead-letter", dead, "--report", report, "-q", input);
    let last: Awaited<ReturnType<typeof run>> | undefined;
    for (let attempt = 0; attempt < 30; attempt++) {
      last = await run(args, ENV, (c) => {
        current = c;
      });
      if (last.signal === null) break;
    }
    expect(kills).toBe(10);
    expect(last?.signal).toBeNull();
    expect(last?.status).toBe(1); // some records were rejected or dead-lettered
    // the vendor holds every valid record exactly once
    const held = [...em.accepted.values()].map(indexOf);
    expect(held.length).toBe(new Set(held).size);
    expect(new Set(held)).toEqual(g.valid);
    // every invalid record is in the dead-letter file with its reason (a crash between the file and
    // the journal may write a row twice; the set is what counts)
    const rows = readFileSync(dead, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { stage: string; input: unknown; reason: string; status?: number });
    expect(new Set(rows.filter((r) => r.stage === "translate").map((r) => indexOf(r.input)))).toEqual(g.malformed);
    expect(new Set(rows.filter((r) => r.stage === "vendor").map((r) => indexOf(r.input)))).toEqual(g.refused);
    for (const r of rows.filter((r) => r.stage === "vendor")) expect(r.status).toBe(400);
    // the last run's accounting covers every record: most of them from the journal
    const rep = JSON.parse(readFileSync(report, "utf8")) as Record<string, number>;
    expect(rep.read).toBe(g.lines.length);
    expect((rep.accepted as number) + (rep.rejected as number) + (rep.deadLettered as number)).toBe(rep.read);
    expect(rep.accepted).toBe(g.valid.size);
    expect(rep.resumed).toBeGreaterThan(0);
  }, 120_000);

  test("Redo's documented 100 requests/s holds in every 1-second window the vendor measures", async () => {
    const dir = tmp();
    const g = generate(25_000, { people: 5000 });
    const input = path.join(dir, "events.ndjson");
    writeFileSync(input, `${g.lines.join("\n")}\n`);
    const em = await startEmulator({ vendor: "redo", secret: SECRET, storeId: "store-9" });
    emulators.push(em);
    const r = await run(["send", "--to", "redo", "--from", "segment", "--endpoint", em.url, "-q", input], ENV);
    expect(r.status).toBe(0);
    expect(em.accepted.size).toBe(25_000);
    expect(em.overLimit).toBe(0);
    expect(em.maxInWindow(1000)).toBeLessThanOrEqual(100);
  }, 60_000);

  test("credentials never appear in any output: stderr, dry-run requests, dead letters, report, journal", async () => {
    const dir = tmp();
    const g = generate(600, { malformedEvery: 100, refusedEvery: 150 });
    const input = path.join(dir, "events.ndjson");
    // a record that carries the secret itself (pasted by mistake) is redacted in the dead letters too
    writeFileSync(input, `${g.lines.join("\n")}\n{"type":"track","event":7,"userId":"${SECRET}"}\n`);
    const em = await startEmulator({ vendor: "redo", secret: SECRET, storeId: "store-9", faults: { refuse: refuseMarked } });
    emulators.push(em);
    const files = { dead: path.join(dir, "dead.ndjson"), report: path.join(dir, "report.json"), state: path.join(dir, "s") };
    const common = ["--to", "redo", "--from", "segment", "--endpoint", em.url];
    const sent = await run(
      ["send", ...common, "--dead-letter", files.dead, "--report", files.report, "--state", files.state, input],
      ENV,
    );
    expect(sent.status).toBe(1);
    const dry = await run(["send", ...common, "--dry-run", input], ENV);
    expect(dry.status).toBe(1);
    const requests = dry.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { url: string; headers: Record<string, string>; body: string });
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]?.headers.authorization).toBe("Bearer [REDACTED]");
    expect(requests[0]?.url).toBe(`${em.url}/stores/store-9/events/bulk`);
    expect((JSON.parse(requests[0]?.body as string) as { events: Array<unknown> }).events.length).toBe(100);
    const credFile = path.join(dir, "redo.env");
    writeFileSync(credFile, `REDO_API_SECRET=${SECRET}\nREDO_STORE_ID=store-9\n`);
    const fromFile = await run(["send", ...common, "--credentials", credFile, input], {});
    expect(fromFile.status).toBe(1);
    const wrong = await run(["send", ...common, input], { REDO_API_SECRET: `${SECRET}-old`, REDO_STORE_ID: "store-9" });
    expect(wrong.status).toBe(2);
    expect(wrong.err).toContain("credentials rejected by redo");
    const missing = await run(["send", ...common, input], {});
    expect(missing.status).toBe(2);
    expect(missing.err).toContain("REDO_API_SECRET is not set");
    const outputs = [
      sent.out,
      sent.err,
      dry.out,
      dry.err,
      fromFile.out,
      fromFile.err,
      wrong.out,
      wrong.err,
      missing.err,
      readFileSync(files.dead, "utf8"),
      readFileSync(files.report, "utf8"),
      readFileSync(files.state, "utf8"),
    ].join("\n");
    expect(outputs).toContain("[REDACTED]");
    for (const form of [SECRET, Buffer.from(SECRET).toString("base64"), `${SECRET}-old`.slice(0, SECRET.length)])
      expect(outputs.includes(form)).toBe(false);
  }, 60_000);
  test("reads like convert: --coerce reads a numeric-string price, --user-id email gives a Customer.io call its userId", async () => {
    const dir = tmp();
    const input = path.join(dir, "omnisend.ndjson");
    writeFileSync(
      input,
      `${JSON.stringify({ eventName: "viewed product", eventID: "ev-1", eventTime: "2024-05-01T10:00:00Z", contact: { email: "pat@example.com" }, lineItems: [{ productID: "p1", title: "Mug", price: "12.5" }] })}\n`,
    );
    const env = { CUSTOMERIO_WRITE_KEY: "wk-test" };
    const common = ["send", "--to", "customerio", "--from", "omnisend", "--endpoint", "http://127.0.0.1:9", "--dry-run"];
    // without the flags: the price is a string (rejected, --coerce would read it) and there is no userId
    const plain = await run([...common, input], env);
    expect(plain.status).toBe(1);
    expect(plain.out).toBe("");
    const read = await run([...common, "--coerce", "--user-id", "email", input], env);
    expect(read.status, read.err).toBe(0);
    const request = JSON.parse(read.out.trim()) as { body: string };
    const call = (JSON.parse(request.body) as { batch: Array<Record<string, unknown>> }).batch[0] as Record<string, unknown>;
    expect(call.userId).toBe("pat@example.com");
    expect((call.properties as Record<string, unknown>).price).toBe(12.5);
  });
});
