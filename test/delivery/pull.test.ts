/**
 * `rosetta pull attribuly` against the Attribuly emulator: every page until `total`, `code ≠ 1` on
 * HTTP 200 as a failure, 5xx retried, at most 20 requests in any second, resumable with `--state`,
 * and `--to canonical` translating the journeys.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { pullAttribuly } from "../../src/delivery/index.js";
import { type AttribulyEmulator, startAttribulyEmulator } from "../emulators/attribuly.js";
import { runCli } from "../support/cli.js";

const SECRET = "attr-key-9c0ffee1234";
let ems: Array<AttribulyEmulator> = [];
afterEach(async () => {
  await Promise.all(ems.map((e) => e.stop()));
  ems = [];
});

const journey = (order: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    event_id: `${order}-e${i}`,
    event_at: `2024-03-0${1 + (i % 9)} 10:00:00`,
    event_page_url: "https://shop.example/",
    event_type: "direct",
  }));

test("pulls every page of every order at ≤ 20 requests/s; code ≠ 1 on HTTP 200 is a failure; 5xx are retried", async () => {
  const orders = new Map([
    ["o1", journey("o1", 250)],
    ["o2", journey("o2", 3)],
    ["o3", journey("o3", 0)],
  ]);
  const em = await startAttribulyEmulator({ secret: SECRET, orders, failEvery: 4 });
  ems.push(em);
  const out = [];
  for await (const o of pullAttribuly(["o1", "missing", "o2", "o3"], {
    credentials: { apiKey: SECRET },
    endpoint: em.url,
    backoffBaseMs: 5,
  }))
    out.push(o);
  expect(out.map((o) => [o.orderId, o.status])).toEqual([
    ["o1", "pulled"],
    ["missing", "failed"],
    ["o2", "pulled"],
    ["o3", "pulled"],
  ]);
  const o1 = out[0] as unknown as { pages: Array<{ data: { events: Array<{ event_id: string }> } }> };
  expect(o1.pages.length).toBe(3);
  expect(o1.pages.flatMap((p) => p.data.events.map((e) => e.event_id))).toEqual(journey("o1", 250).map((e) => e.event_id));
  expect((out[1] as { reason: string }).reason).toMatch(/code 0: order not found/);
  expect(em.overLimit).toBe(0);
  let max = 0;
  for (let i = 0, j = 0; i < em.arrivals.length; i++) {
    while ((em.arrivals[i] as number) - (em.arrivals[j] as number) >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  expect(max).toBeLessThanOrEqual(20);
});

test("the CLI writes the journeys (or translated events), resumes with --state and redacts the key", async () => {
  const orders = new Map([
    ["a", journey("a", 120)],
    ["b", journey("b", 2)],
  ]);
  const em = await startAttribulyEmulator({ secret: SECRET, orders });
  ems.push(em);
  const dir = mkdtempSync(path.join(tmpdir(), "rosetta-pull-"));
  const list = path.join(dir, "orders.txt");
  writeFileSync(list, "a\nb\nnope\n");
  const state = path.join(dir, "state");
  const dead = path.join(dir, "dead.ndjson");
  const env = process.env.ATTRIBULY_API_KEY;
  process.env.ATTRIBULY_API_KEY = SECRET;
  try {
    const first = await runCli([
      "pull",
      "attribuly",
      "--orders",
      list,
      "--endpoint",
      em.url,
      "--state",
      state,
      "--dead-letter",
      dead,
    ]);
    expect(first.status).toBe(1);
    expect(first.out.trim().split("\n").length).toBe(3); // a: 2 pages, b: 1
    const served = em.served.length;
    const again = await runCli(["pull", "attribuly", "--orders", list, "--endpoint", em.url, "--state", state, "-q"]);
    expect(again.out).toBe("");
    expect(em.served.length).toBe(served);
    expect(again.status).toBe(0);
    const translated = await runCli(["pull", "attribuly", "--orders", list, "--endpoint", em.url, "--to", "canonical", "-q"]);
    const events = translated.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id?: string });
    expect(events.length).toBe(122);
    expect(events[0]?.id).toBe("a-e0");
    for (const text of [first.out, first.err, again.err, translated.err, readFileSync(dead, "utf8"), readFileSync(state, "utf8")])
      expect(text.includes(SECRET)).toBe(false);
    expect(readFileSync(dead, "utf8")).toContain("order not found");
  } finally {
    if (env === undefined) delete process.env.ATTRIBULY_API_KEY;
    else process.env.ATTRIBULY_API_KEY = env;
  }
});
