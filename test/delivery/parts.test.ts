/**
 * The delivery engine's parts on their own: status classes, Retry-After / X-Rate-Limit-Reset
 * parsing, full-jitter backoff, the sliding-window limiter (with a fake clock) and the journal's
 * torn-line recovery.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, test, vi } from "vitest";
import { backoffMs, createRateLimiter, openJournal, redactor, retryAfterMs, statusClass } from "../../src/delivery/index.js";
import { rangesOf } from "../../src/delivery/journal.js";

describe("statusClass", () => {
  test("retries 408, 429 and 5xx except 501/505; stops on 401/403; dead-letters other 4xx", () => {
    expect([200, 201, 202].map(statusClass)).toEqual(["ok", "ok", "ok"]);
    expect([408, 429, 500, 502, 503, 504, 522].map(statusClass)).toEqual(Array(7).fill("retry"));
    expect([401, 403].map(statusClass)).toEqual(["auth", "auth"]);
    expect([400, 404, 413, 422, 501, 505, 410].map(statusClass)).toEqual(Array(7).fill("reject"));
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  test("seconds, fractions, an HTTP date, capped; X-Rate-Limit-Reset as seconds left or a Unix time", () => {
    expect(retryAfterMs({ "retry-after": "2" }, 300_000, now)).toBe(2000);
    expect(retryAfterMs({ "retry-after": "0.5" }, 300_000, now)).toBe(500);
    expect(retryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }, 300_000, now)).toBe(30_000);
    expect(retryAfterMs({ "retry-after": "Wed, 31 Dec 2025 23:00:00 GMT" }, 300_000, now)).toBe(0);
    expect(retryAfterMs({ "retry-after": "86400" }, 300_000, now)).toBe(300_000);
    expect(retryAfterMs({ "x-rate-limit-reset": "7" }, 300_000, now)).toBe(7000);
    expect(retryAfterMs({ "x-rate-limit-reset": String(now / 1000 + 12) }, 300_000, now)).toBe(12_000);
    expect(retryAfterMs({ "retry-after": "soon" }, 300_000, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "" }, 300_000, now)).toBeUndefined();
    expect(retryAfterMs({}, 300_000, now)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  prop.prop([fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 0.999_999, noNaN: true })])(
    "is full jitter: within [0, min(cap, base·2^attempt))",
    (attempt, r) => {
      const ms = backoffMs(attempt, 500, 60_000, () => r);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(Math.min(60_000, 500 * 2 ** attempt));
    },
  );
});

describe("createRateLimiter", () => {
  test("never starts more than the limit within any window, and a 429's Retry-After pauses everyone", async () => {
    let t = 0;
    const limiter = createRateLimiter({ limit: 5, windowMs: 1000, marginMs: 0, adaptive: false, now: () => t });
    const starts: Array<number> = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire(1);
      starts.push(t);
    }
    let sixth = false;
    const p = limiter.acquire(1).then(() => {
      sixth = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(sixth).toBe(false);
    t = 1000;
    await new Promise((r) => setTimeout(r, 1100));
    await p;
    expect(sixth).toBe(true);
    limiter.penalize(50_000);
    let seventh = false;
    void limiter.acquire(1).then(() => {
      seventh = true;
    });
    t = 2500; // the window has room, but the vendor asked for 50 s
    await new Promise((r) => setTimeout(r, 20));
    expect(seventh).toBe(false);
  }, 10_000);

  test("a settled request counts from its answer, without the margin; an unanswered one from its permit, with it", async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      // answered at 50 ms: the next may start at 150 (not 100, not 160)
      const answered = createRateLimiter({ limit: 1, windowMs: 100, marginMs: 10, adaptive: false });
      const first = await answered.acquire(1);
      let next = false;
      void answered.acquire(1).then(() => {
        next = true;
      });
      await vi.advanceTimersByTimeAsync(50);
      answered.settle(first);
      await vi.advanceTimersByTimeAsync(99); // 149 ms
      expect(next).toBe(false);
      await vi.advanceTimersByTimeAsync(1); // 150 ms
      expect(next).toBe(true);

      // never answered: 100 ms + the 10 ms margin from its permit
      const silent = createRateLimiter({ limit: 1, windowMs: 100, marginMs: 10, adaptive: false });
      await silent.acquire(1);
      let after = false;
      void silent.acquire(1).then(() => {
        after = true;
      });
      await vi.advanceTimersByTimeAsync(109);
      expect(after).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(after).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  test("429s lower the rate; quiet windows raise it back", () => {
    let t = 0;
    const limiter = createRateLimiter({ limit: 100, windowMs: 1000, now: () => t });
    limiter.penalize();
    expect(limiter.factor()).toBeCloseTo(0.7);
    t = 100;
    limiter.penalize();
    expect(limiter.factor()).toBeCloseTo(0.49);
  });
});

describe("the journal", () => {
  test("keeps what was recorded, drops a torn last line, refuses another destination's journal", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "rosetta-journal-")), "state");
    const j = openJournal(file, "redo");
    await j.record("accepted", [0, 1, 2, 5]);
    await j.record("dead-lettered", [3]);
    await j.close();
    writeFileSync(file, `${readFileSync(file, "utf8")}a 4-`); // a crash mid-line
    const k = openJournal(file, "redo");
    expect([0, 1, 2, 3, 4, 5, 6].map(k.stateOf)).toEqual([
      "accepted",
      "accepted",
      "accepted",
      "dead-lettered",
      undefined,
      "accepted",
      undefined,
    ]);
    expect(k.loaded).toEqual({ accepted: 4, deadLettered: 1 });
    await k.record("accepted", [4]);
    await k.close();
    expect(readFileSync(file, "utf8").split("\n").slice(1)).toEqual(["a 0-2,5", "d 3", "a 4", ""]);
    expect(() => openJournal(file, "customerio")).toThrow(/journal of a run to redo/);
  });

  prop.prop([fc.uniqueArray(fc.nat({ max: 500 }), { maxLength: 60 })])("rangesOf lists every ordinal exactly once", (seqs) => {
    const text = rangesOf(seqs);
    const back: Array<number> = [];
    for (const part of text === "" ? [] : text.split(",")) {
      const [a, b] = part.split("-").map(Number) as [number, number | undefined];
      for (let s = a; s <= (b ?? a); s++) back.push(s);
    }
    expect(back).toEqual([...seqs].sort((x, y) => x - y));
  });
});

describe("redactor", () => {
  test("replaces the secret, its Basic-auth and base64 forms; keeps the store id", () => {
    const redact = redactor({ writeKey: "wk_12345678", storeId: "store-1" });
    const basic = Buffer.from("wk_12345678:").toString("base64");
    expect(redact(`key wk_12345678 auth Basic ${basic} store store-1`)).toBe(
      "key [REDACTED] auth Basic [REDACTED] store store-1",
    );
  });
});
