#!/usr/bin/env node
// `send` benchmark (issue 22). See bench/README.md.
//
//   node bench/send.mjs            full run: throughput with a generous limit (200,000 events per
//                                  destination), then each documented limit held for 2 windows+
//   node bench/send.mjs --quick    smoke run (< 60 s): 20,000 events; documented limits of Redo and
//                                  Customer.io only (Omnisend's 400/min needs minutes to measure)
//
// The sender runs here, on the main thread (translation included: Segment track calls in, each
// destination's records out); the vendor emulator (test/emulators/emulator.ts, bundled with esbuild
// on the fly) runs in a child process, so the two do not share a core. Imports the BUILT library
// (../dist/delivery.js): run `npm run build` first.
import { fork } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const SECRET = "bench-secret-0123456789";

const bundleEmulator = async () => {
  const { build } = await import("esbuild");
  // inside test/ so the emulator finds test/fixtures by the same relative URLs as from its source
  const dir = path.join(root, "test", ".bundle");
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, "emulator.mjs");
  await build({
    entryPoints: [path.join(root, "test", "emulators", "emulator.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "error",
  });
  return outfile;
};

function emulatorChild(file, options) {
  const child = fork(fileURLToPath(import.meta.url), ["--emulator-child", file, JSON.stringify(options)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () => new Promise((resolve) => child.once("message", resolve));
  return {
    ready: next(),
    stats: () => {
      const p = next();
      child.send("stats");
      return p;
    },
    stop: () => {
      child.send("stop");
      return new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

function events(n, people) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = i % people;
    out[i] = {
      type: "track",
      userId: `u-${p}`,
      event: i % 4 === 0 ? "Product Viewed" : "Order Completed",
      messageId: `m-${i}`,
      timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
      context: { traits: { email: `person${p}@example.com` } },
      properties:
        i % 4 === 0
          ? { product_id: `p-${i % 97}`, name: "Mug", price: 12.5, currency: "EUR" }
          : {
              order_id: `o-${i}`,
              total: 27.5,
              currency: "EUR",
              products: [{ product_id: `p-${i % 50}`, price: 27.5, quantity: 1 }],
            },
    };
  }
  return out;
}

const CREDS = {
  customerio: { writeKey: SECRET },
  redo: { apiSecret: SECRET, storeId: "bench-store" },
  "omnisend-api": { apiKey: SECRET },
};

async function run(delivery, file, to, n, { emulator = {}, sender = {} } = {}) {
  const em = emulatorChild(file, { vendor: to, ...emulator });
  const { url } = await em.ready;
  const s = delivery.createSender({ to, from: "segment", credentials: CREDS[to], endpoint: url, ...sender });
  const input = events(n, Math.max(1000, n / 20));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for await (const _ of s.send(input)) {
    // drain
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const stats = s.stats();
  const seen = await em.stats();
  await em.stop();
  return { stats, seen, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function main() {
  const delivery = await import(pathToFileURL(path.join(root, "dist", "delivery.js")).href);
  const { codecOf } = await import(pathToFileURL(path.join(root, "dist", "index.js")).href);
  const file = await bundleEmulator();
  const results = [];
  const n = QUICK ? 20_000 : 200_000;
  const only = argv.includes("--to") ? argv[argv.indexOf("--to") + 1].split(",") : undefined;
  const destinations = ["customerio", "redo", ...(codecOf("omnisend-api") ? ["omnisend-api"] : [])].filter(
    (d) => only === undefined || only.includes(d),
  );
  console.log(`send throughput, generous limit, ${n} events (Segment → destination, translation included)`);
  for (const to of destinations) {
    const extra = to === "omnisend-api" ? { omnisendBatches: true, pollMs: 5, concurrency: 16 } : {};
    const r = await run(delivery, file, to, n, {
      emulator: { limit: 10_000_000, batchDelayMs: 1 },
      sender: { rate: 10_000_000, forceRate: true, ...extra },
    });
    const perSecond = Math.round(r.stats.accepted / r.seconds);
    const perCpuSecond = Math.round(r.stats.accepted / r.cpuSeconds);
    results.push({ kind: "throughput", to, events: n, ...r, perSecond, perCpuSecond });
    console.log(
      `  ${to.padEnd(13)} ${perSecond.toLocaleString("en")} events/s wall, ${perCpuSecond.toLocaleString("en")} per CPU-second of the sender (${r.stats.requests} requests, accepted ${r.stats.accepted}, emulator holds ${r.seen.accepted})`,
    );
  }
  console.log("documented limits (sustained share of the limit; any window over it?)");
  // Redo (and, in the full run, Omnisend) through the emulator: the share of the limit the sender
  // sustains after the first window, and the most requests the emulator saw in any window
  const limits = [
    ...(destinations.includes("redo") ? [["redo", 1000, 100, QUICK ? 600 : 1500]] : []),
    ...(!QUICK && destinations.includes("omnisend-api") ? [["omnisend-api", 60_000, 400, 1200]] : []),
  ];
  for (const [to, windowMs, limit, requests] of limits) {
    const perRequest = to === "redo" ? 100 : 1;
    const r = await run(delivery, file, to, requests * perRequest);
    const span = (r.seen.last - r.seen.first) / 1000;
    const steady = (r.seen.requests - limit) / span / (limit / (windowMs / 1000));
    results.push({ kind: "limit", to, windowMs, limit, ...r, steadyShare: steady });
    console.log(
      `  ${to.padEnd(13)} ${(steady * 100).toFixed(1)} % of ${limit} per ${windowMs / 1000} s; max in any window ${r.seen.maxInWindow}; emulator 429s for the limit ${r.seen.overLimit}`,
    );
  }
  // Customer.io's 3000 requests / 3 s never binds a real run (each request carries up to 480 KB of
  // events): its limiter is measured on its own, permits only, answered after a simulated 5 ms
  if (destinations.includes("customerio")) {
    const limiter = delivery.createRateLimiter({ limit: 3000, windowMs: 3000 });
    const n = QUICK ? 6000 : 15_000;
    const starts = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (starts.length < n) {
          const permit = await limiter.acquire(1);
          starts.push(performance.now());
          await new Promise((r) => setTimeout(r, 5));
          limiter.settle(permit);
        }
      }),
    );
    const span = (starts.at(-1) - starts[0]) / 1000;
    let max = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (starts[i] - starts[j] >= 3000) j++;
      max = Math.max(max, i - j + 1);
    }
    const steady = (starts.length - 3000) / span / 1000;
    results.push({
      kind: "limiter",
      to: "customerio",
      steadyShare: steady,
      maxInWindow: max,
      seconds: (performance.now() - t0) / 1000,
    });
    console.log(
      `  customerio    ${(steady * 100).toFixed(1)} % of 3000 per 3 s (limiter alone, 5 ms answers); max in any window ${max}`,
    );
  }
  if (argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
}

// ---- the emulator child: starts one emulator, reports its URL, answers stats requests ----
if (argv[0] === "--emulator-child") {
  const { startEmulator } = await import(pathToFileURL(argv[1]).href);
  const options = JSON.parse(argv[2]);
  const em = await startEmulator({ ...options, secret: SECRET, storeId: "bench-store" });
  process.send?.({ url: em.url });
  // the bench process went away: so does its emulator
  process.on("disconnect", () => process.exit(0));
  process.on("message", async (m) => {
    if (m === "stats") {
      const w = options.windowMs ?? { customerio: 3000, redo: 1000, "omnisend-api": 60_000 }[options.vendor];
      process.send?.({
        accepted: em.accepted.size,
        duplicates: em.duplicates,
        overLimit: em.overLimit,
        requests: em.arrivals.length,
        first: em.arrivals[0],
        last: em.arrivals.at(-1),
        maxInWindow: em.maxInWindow(w),
      });
    } else if (m === "stop") {
      await em.stop();
      process.exit(0);
    }
  });
} else {
  await main();
}
