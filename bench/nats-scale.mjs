#!/usr/bin/env node
// How `rosetta consume` scales over NATS JetStream on this machine (issue 23):
//
//   1. throughput of 1 process and of 2 processes sharing one durable consumer, over the same
//      messages (customerio → omnisend, the realistic mix of bench/generate.mjs), measured between
//      10 % and 90 % of the output stream filling (start-up and the tail are left out);
//   2. peak RSS of each of 2 processes over a long run (1,000,000 messages), sampled from
//      /proc/<pid>/status every 250 ms: "flat" means the last quarter's peak is within 10 % of the
//      second quarter's (after warm-up).
//
// Each phase loads its messages into a fresh stream (rosetta's publishNdjson) and starts the built
// CLI (`dist/cli.js consume`). The NATS server is the script's own `nats-server -js` (NATS_SERVER_BIN
// or /usr/sbin/nats-server) on a free port with a temporary store, or NATS_URL when no binary exists.
// The server shares the machine's cores with the workers: on 2 cores, 2 workers and the server
// compete, which is part of what is measured.
//
//   node bench/nats-scale.mjs            # full: 300,000 messages for 1 vs 2, 1,000,000 for RSS
//   node bench/nats-scale.mjs --quick    # smoke run: 20,000 and 60,000 (checks the script works)
//   options: --messages N (1 vs 2), --long N (RSS run), --out FILE (JSON results)
//
// It exits 1 only when a run fails (a process dies, the output is short), never because of the numbers.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist", "cli.js");
if (!existsSync(cli) || !existsSync(join(root, "dist", "nats.js"))) {
  console.error("nats-scale: dist/ is missing: run npm run build first");
  process.exit(1);
}
const { connectNats, ensureStream, publishNdjson } = await import(join(root, "dist", "nats.js"));
const { jetstreamManager } = await import("@nats-io/jetstream");

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const quick = flag("--quick");
const messages = Number(value("--messages", quick ? 20_000 : 300_000));
const long = Number(value("--long", quick ? 60_000 : 1_000_000));
const out = value("--out", undefined);

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const startServer = async () => {
  const bin = [process.env.NATS_SERVER_BIN, "/usr/sbin/nats-server", "/usr/local/bin/nats-server"].find(
    (b) => b !== undefined && b !== "" && existsSync(b),
  );
  if (bin === undefined) {
    const url = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
    console.error(`nats-scale: no nats-server binary; using ${url}`);
    return { url, pid: undefined, stop: async () => {} };
  }
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), "rosetta-nats-bench-"));
  const child = spawn(bin, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", store], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  for (let i = 0; i < 200 && !/Server is ready/.test(log); i++) await new Promise((r) => setTimeout(r, 50));
  if (!/Server is ready/.test(log)) throw new Error(`nats-server did not start: ${log}`);
  return {
    url: `nats://127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(store, { recursive: true, force: true });
    },
  };
};

/**
 * NDJSON of `n` customerio track calls, every one carrying an email (so every one converts to
 * omnisend), in chunks of whole lines: 1,000,000 lines (≈ 960 MB) are longer than a string may be.
 */
function* input(n) {
  const chunk = 10_000;
  for (let start = 0; start < n; start += chunk) {
    let text = "";
    for (const e of generate(Math.min(chunk, n - start), { start, seed: 7 + start, anonymous: false }))
      text += `${JSON.stringify(e)}\n`;
    yield text;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux /proc; undefined elsewhere). */
const cpuOf = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
};

const rssOf = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
};

let phaseNo = 0;
/** Loads `n` messages, runs `procs` consume processes until the output holds them all. */
const phase = async (server, nc, n, procs) => {
  const jsm = await jetstreamManager(nc);
  const id = `B${process.pid}_${phaseNo++}`;
  const loadStart = Date.now();
  await publishNdjson({
    connection: nc,
    stream: `${id}_IN`,
    subject: `${id}.in`,
    input: Readable.from(input(n)),
    inputName: id,
  });
  const loadSeconds = (Date.now() - loadStart) / 1000;
  await ensureStream(nc, `${id}_OUT`, [`${id}.out`]);
  const workers = [];
  for (let i = 0; i < procs; i++) {
    const child = spawn(
      process.execPath,
      [
        cli,
        ...["consume", "--nats", server.url, "--stream", `${id}_IN`, "--consumer", "bench"],
        ...["--from", "customerio", "--to", "omnisend", "--publish", `${id}.out`, "--max-in-flight", "512"],
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d) => (err = (err + d).slice(-5000)));
    workers.push({ child, err: () => err, rss: [] });
  }
  const marks = {};
  const started = Date.now();
  const serverCpuStart = server.pid === undefined ? undefined : cpuOf(server.pid);
  for (;;) {
    const count = (await jsm.streams.info(`${id}_OUT`)).state.messages;
    const t = Date.now();
    for (const w of workers) {
      const r = rssOf(w.child.pid);
      if (r !== undefined) w.rss.push({ done: count / n, rss: r });
      if (w.child.exitCode !== null) throw new Error(`a consume process exited ${w.child.exitCode}: ${w.err()}`);
    }
    if (marks.p10 === undefined && count >= n * 0.1) marks.p10 = { t, count };
    if (marks.p90 === undefined && count >= n * 0.9) marks.p90 = { t, count };
    if (count >= n) break;
    if (t - started > 30 * 60_000) throw new Error(`phase timed out at ${count} of ${n}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (Date.now() - started) / 1000;
  const workerCpu = workers.map((w) => cpuOf(w.child.pid));
  const serverCpu = serverCpuStart === undefined ? undefined : cpuOf(server.pid) - serverCpuStart;
  for (const w of workers) w.child.kill("SIGTERM");
  await Promise.all(workers.map((w) => new Promise((r) => (w.child.exitCode !== null ? r() : w.child.once("exit", r)))));
  await jsm.streams.delete(`${id}_IN`);
  await jsm.streams.delete(`${id}_OUT`);
  const steady = (marks.p90.count - marks.p10.count) / ((marks.p90.t - marks.p10.t) / 1000);
  const peakIn = (samples, from, to) => Math.max(0, ...samples.filter((s) => s.done >= from && s.done < to).map((s) => s.rss));
  return {
    messages: n,
    processes: procs,
    loadSeconds,
    seconds,
    messagesPerSecond: Math.round(steady),
    // where the machine's time went: each worker's CPU seconds, and the server's during the phase
    cpuSeconds: { workers: workerCpu, server: serverCpu },
    rss: workers.map((w) => ({
      peak: Math.max(0, ...w.rss.map((s) => s.rss)),
      secondQuarterPeak: peakIn(w.rss, 0.25, 0.5),
      lastQuarterPeak: peakIn(w.rss, 0.75, 1.01),
    })),
  };
};

const server = await startServer();
const nc = await connectNats(server.url);
let failed = false;
const results = {
  date: new Date().toISOString(),
  machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, node: process.version },
  quick,
};
try {
  results.one = await phase(server, nc, messages, 1);
  results.two = await phase(server, nc, messages, 2);
  results.speedup = Math.round((results.two.messagesPerSecond / results.one.messagesPerSecond) * 100) / 100;
  results.long = await phase(server, nc, long, 2);
  results.rssFlat = results.long.rss.every((r) => r.lastQuarterPeak <= r.secondQuarterPeak * 1.1);
} catch (e) {
  failed = true;
  console.error(`nats-scale: ${e.message}`);
} finally {
  await nc.close();
  await server.stop();
}
if (!failed) {
  const mb = (b) => `${Math.round(b / 1048576)} MB`;
  console.log(
    `1 process:   ${results.one.messagesPerSecond} msg/s (${results.one.messages} messages, ${results.one.seconds.toFixed(1)} s; CPU s: workers ${results.one.cpuSeconds.workers.join(", ")}, server ${results.one.cpuSeconds.server})\n` +
      `2 processes: ${results.two.messagesPerSecond} msg/s — ${results.speedup}× (target ≥ 1.7×; CPU s: workers ${results.two.cpuSeconds.workers.join(", ")}, server ${results.two.cpuSeconds.server})\n` +
      `RSS over ${results.long.messages} messages, 2 processes: ${results.long.rss
        .map((r) => `peak ${mb(r.peak)} (2nd quarter ${mb(r.secondQuarterPeak)}, last ${mb(r.lastQuarterPeak)})`)
        .join("; ")} — ${results.rssFlat ? "flat" : "GROWING"}`,
  );
  const file = out ?? join(tmpdir(), `rosetta-nats-scale${quick ? "-quick" : ""}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${file}`);
}
process.exit(failed ? 1 : 0);
