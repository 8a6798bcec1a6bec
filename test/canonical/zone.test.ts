/**
 * Wall clocks in IANA zones: known DST changes in several zones, strict parsing, and properties that
 * check the conversion in every zone the runtime knows against an independent oracle (the calendar
 * fields `Intl.DateTimeFormat` shows for an instant).
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  formatWallClock,
  instantToTimestamp,
  instantToWallClock,
  parseWallClock,
  resolveTimeZone,
  timestampInstant,
  timestampToWallClock,
  type WallClock,
  wallClockInstants,
  wallClockToTimestamp,
  zoneOffsetAt,
} from "../../src/canonical/zone.js";

const ALL_ZONES = Intl.supportedValuesOf("timeZone");
const DST_ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "America/Santiago",
  "Pacific/Chatham",
];

// --- the oracle: calendar fields as Intl shows them, no offset arithmetic shared with the code ---
const ORACLE = new Map<string, Intl.DateTimeFormat>();
const oracleWall = (t: number, zone: string): WallClock => {
  let f = ORACLE.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    ORACLE.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(t)) p[part.type] = part.value;
  const y = Number(p.year);
  return {
    year: p.era === "BC" || p.era === "B" ? 1 - y : y,
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
};
const text = (w: WallClock): string => formatWallClock(w) as string;

/** The instants where a zone's offset changes within [from, to), found by the oracle. */
const transitions = (zone: string, from: number, to: number): Array<number> => {
  const offset = (t: number) => {
    const w = oracleWall(t, zone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(t / 1000) * 1000;
  };
  const out: Array<number> = [];
  const step = 6 * 3600_000;
  for (let t = from; t < to; t += step) {
    if (offset(t) === offset(t + step)) continue;
    let lo = t;
    let hi = t + step;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
};

const Y2020 = Date.UTC(2020, 0, 1);
const Y2027 = Date.UTC(2027, 0, 1);
const NEAR_TRANSITIONS: Array<[string, number]> = DST_ZONES.flatMap((z) =>
  transitions(z, Y2020, Y2027).map((t) => [z, t] as [string, number]),
);

describe("wall clocks at known DST changes", () => {
  it("finds DST changes in every DST zone of the list (so the transition properties test something)", () => {
    for (const z of DST_ZONES.filter((z) => z !== "Asia/Kolkata"))
      expect(NEAR_TRANSITIONS.filter(([zz]) => zz === z).length, z).toBeGreaterThanOrEqual(10);
    expect(NEAR_TRANSITIONS.filter(([z]) => z === "Asia/Kolkata")).toEqual([]);
  });

  it("reads the clocks of New York, London, Lord Howe and Kolkata", () => {
    const cases: Array<[string, string, string]> = [
      ["America/New_York", "2024-03-10 01:59:59", "2024-03-10T01:59:59-05:00"],
      ["America/New_York", "2024-03-10 03:00:00", "2024-03-10T03:00:00-04:00"],
      ["America/New_York", "2024-11-03 00:59:59", "2024-11-03T00:59:59-04:00"],
      ["America/New_York", "2024-11-03 02:00:00", "2024-11-03T02:00:00-05:00"],
      ["Europe/London", "2024-03-31 00:59:59", "2024-03-31T00:59:59+00:00"],
      ["Europe/London", "2024-03-31 02:00:00", "2024-03-31T02:00:00+01:00"],
      ["Australia/Lord_Howe", "2024-10-06 01:59:59", "2024-10-06T01:59:59+10:30"],
      ["Australia/Lord_Howe", "2024-10-06 02:30:00", "2024-10-06T02:30:00+11:00"],
      ["Asia/Kolkata", "2024-03-10 02:30:00", "2024-03-10T02:30:00+05:30"],
      ["UTC", "2024-03-10 02:30:00", "2024-03-10T02:30:00Z"],
    ];
    for (const [zone, wall, ts] of cases) {
      expect(wallClockToTimestamp(wall, zone), `${zone} ${wall}`).toEqual({ ok: true, value: ts });
      expect(timestampToWallClock(ts, zone)).toEqual({ ok: true, value: wall });
    }
  });

  it("finds no instant in a gap and two in a fold", () => {
    const w = (s: string) => parseWallClock(s) as WallClock;
    expect(wallClockInstants(w("2024-03-10 02:00:00"), "America/New_York")).toEqual([]);
    expect(wallClockInstants(w("2024-03-10 02:59:59"), "America/New_York")).toEqual([]);
    expect(wallClockInstants(w("2024-11-03 01:00:00"), "America/New_York")).toEqual([
      Date.parse("2024-11-03T05:00:00Z"),
      Date.parse("2024-11-03T06:00:00Z"),
    ]);
    expect(wallClockInstants(w("2024-10-27 01:30:00"), "Europe/London")).toEqual([
      Date.parse("2024-10-27T00:30:00Z"),
      Date.parse("2024-10-27T01:30:00Z"),
    ]);
    // Lord Howe moves its clocks by half an hour
    expect(wallClockInstants(w("2024-10-06 02:15:00"), "Australia/Lord_Howe")).toEqual([]);
    expect(wallClockInstants(w("2024-04-07 01:45:00"), "Australia/Lord_Howe")).toEqual([
      Date.parse("2024-04-06T14:45:00Z"),
      Date.parse("2024-04-06T15:15:00Z"),
    ]);
  });

  it("rejects a gap, and resolves a fold only as asked", () => {
    const gap = wallClockToTimestamp("2024-03-31 01:30:00", "Europe/London", "earlier", "$.event_at");
    expect(gap.ok).toBe(false);
    if (!gap.ok) expect(gap.errors[0]).toMatchObject({ path: "$.event_at", actual: "2024-03-31 01:30:00" });
    expect(wallClockToTimestamp("2024-10-27 01:30:00", "Europe/London", "earlier")).toEqual({
      ok: true,
      value: "2024-10-27T01:30:00+01:00",
    });
    expect(wallClockToTimestamp("2024-10-27 01:30:00", "Europe/London", "later")).toEqual({
      ok: true,
      value: "2024-10-27T01:30:00+00:00",
    });
    expect(wallClockToTimestamp("2024-10-27 01:30:00", "Europe/London", "reject").ok).toBe(false);
  });

  it("spells local mean time (an offset with seconds) in UTC, since ±HH:MM cannot hold it", () => {
    expect(zoneOffsetAt(Date.parse("1800-01-01T00:00:00Z"), "America/New_York")).toBe(-(4 * 3600 + 56 * 60 + 2) * 1000);
    const r = wallClockToTimestamp("1800-01-01 00:00:00", "America/New_York");
    expect(r).toEqual({ ok: true, value: "1800-01-01T04:56:02Z" });
    expect(timestampToWallClock("1800-01-01T04:56:02Z", "America/New_York")).toEqual({ ok: true, value: "1800-01-01 00:00:00" });
  });
});

describe("wall-clock spellings", () => {
  it("parses only real YYYY-MM-DD HH:mm:ss times", () => {
    expect(parseWallClock("2024-02-29 23:59:59")).toEqual({ year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59 });
    for (const bad of [
      "2026-02-29 00:00:00",
      "1900-02-29 00:00:00",
      "2023-00-10 00:00:00",
      "2023-06-31 00:00:00",
      "2023-06-01 24:00:00",
      "2023-06-01 12:00:60",
      "2023-06-01T12:00:00",
      "2023-06-01 12:00:00Z",
      " 2023-06-01 12:00:00",
      "2023-6-1 12:00:00",
    ])
      expect(parseWallClock(bad), bad).toBeUndefined();
    expect(parseWallClock("2000-02-29 00:00:00")).toBeDefined();
  });

  it("reads ISO timestamps with any offset spelling and rejects impossible ones", () => {
    expect(timestampInstant("2024-02-01T08:00:00Z")).toBe(Date.parse("2024-02-01T08:00:00Z"));
    expect(timestampInstant("2024-02-01T13:45+0545")).toBe(Date.parse("2024-02-01T08:00:00Z"));
    expect(timestampInstant("2024-02-01T08:00:00.999-08:00")).toBe(Date.parse("2024-02-01T16:00:00Z"));
    expect(timestampInstant("0099-01-01T00:00:00Z")).toBe(Date.parse("0099-01-01T00:00:00Z"));
    for (const bad of ["2026-02-29T00:00:00Z", "2024-02-01T08:00:00", "2024-02-01 08:00:00Z", "2024-02-01T08:00:00+24:00"])
      expect(timestampInstant(bad), bad).toBeUndefined();
  });

  it("knows the runtime's zones and answers unknown ones with undefined or an issue", () => {
    expect(resolveTimeZone("utc")).toBe("UTC");
    expect(resolveTimeZone("Mars/Olympus")).toBeUndefined();
    expect(zoneOffsetAt(0, "Mars/Olympus")).toBeUndefined();
    expect(instantToTimestamp(0, "Mars/Olympus")).toBeUndefined();
    const r = wallClockToTimestamp("2024-01-01 00:00:00", "Mars/Olympus");
    expect(r.ok).toBe(false);
    expect(timestampToWallClock("2024-01-01T00:00:00Z", "Mars/Olympus").ok).toBe(false);
  });
});

const anyZone = fc.constantFrom(...ALL_ZONES);
const anyInstant = fc.integer({ min: Date.UTC(1850, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }).map((s) => s * 1000);
const nearTransition = fc
  .tuple(fc.constantFrom(...NEAR_TRANSITIONS), fc.integer({ min: -3 * 3600, max: 3 * 3600 }))
  .map(([[zone, t], d]) => [zone, t + d * 1000] as const);
const zoneAndInstant = fc.oneof(fc.tuple(anyZone, anyInstant), nearTransition);

describe("wall-clock conversion is exact in any IANA zone across DST changes", () => {
  test.prop([zoneAndInstant], { numRuns: 2000 })("should show the wall clock Intl shows at every instant", ([zone, t]) => {
    expect(instantToWallClock(t, zone)).toEqual(oracleWall(t, zone));
  });

  test.prop([zoneAndInstant], { numRuns: 2000 })(
    "should find every instant showing a wall clock, and only those, and at most two",
    ([zone, t]) => {
      const wall = oracleWall(t, zone);
      const instants = wallClockInstants(wall, zone) as ReadonlyArray<number>;
      expect(instants).toContain(t);
      expect(instants.length).toBeLessThanOrEqual(2);
      for (const i of instants) expect(oracleWall(i, zone)).toEqual(wall);
      // a second either side of each instant shows another wall clock, or it is the same instant
      for (const i of instants)
        for (const d of [-1000, 1000]) if (!instants.includes(i + d)) expect(oracleWall(i + d, zone)).not.toEqual(wall);
    },
  );

  test.prop([zoneAndInstant, fc.constantFrom("earlier" as const, "later" as const)], { numRuns: 2000 })(
    "should give back the wall clock after wall clock → timestamp → wall clock, and the instant it chose",
    ([zone, t], ambiguous) => {
      const wall = text(oracleWall(t, zone));
      const ts = wallClockToTimestamp(wall, zone, ambiguous);
      if (!ts.ok) expect.unreachable(JSON.stringify(ts.errors));
      const instants = wallClockInstants(oracleWall(t, zone), zone) as ReadonlyArray<number>;
      expect(timestampInstant(ts.value)).toBe(ambiguous === "earlier" ? instants[0] : instants[instants.length - 1]);
      expect(timestampToWallClock(ts.value, zone)).toEqual({ ok: true, value: wall });
    },
  );

  test.prop([zoneAndInstant], { numRuns: 1000 })(
    "should give back the instant after timestamp → wall clock → timestamp, unless the wall clock happened twice",
    ([zone, t]) => {
      const ts = instantToTimestamp(t, zone) as string;
      expect(timestampInstant(ts)).toBe(t);
      const wall = timestampToWallClock(ts, zone);
      if (!wall.ok) expect.unreachable(JSON.stringify(wall.errors));
      const once = (wallClockInstants(parseWallClock(wall.value) as WallClock, zone) as ReadonlyArray<number>).length === 1;
      const back = wallClockToTimestamp(wall.value, zone, "reject");
      expect(back.ok).toBe(once);
      if (back.ok) expect(back.value).toBe(ts);
    },
  );

  test.prop([fc.constantFrom(...NEAR_TRANSITIONS), fc.integer({ min: -90 * 60, max: 90 * 60 })], { numRuns: 2000 })(
    "should reject exactly the wall clocks no instant shows (the gaps)",
    ([zone, t], d) => {
      // a wall clock near a transition, read as UTC fields, shown by the oracle or not
      const w = oracleWall(t, zone);
      const base = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) + d * 1000;
      const dt = new Date(base);
      const wall: WallClock = {
        year: dt.getUTCFullYear(),
        month: dt.getUTCMonth() + 1,
        day: dt.getUTCDate(),
        hour: dt.getUTCHours(),
        minute: dt.getUTCMinutes(),
        second: dt.getUTCSeconds(),
      };
      // brute force: every instant within 15 h either side that shows this wall clock
      const shown: Array<number> = [];
      for (let i = base - 15 * 3600_000; i <= base + 15 * 3600_000; i += 15 * 60_000) {
        const off = i - base; // candidate offsets in quarter hours
        const cand = base - off;
        if (jsonWall(oracleWall(cand, zone)) === jsonWall(wall) && !shown.includes(cand)) shown.push(cand);
      }
      shown.sort((a, b) => a - b);
      expect(wallClockInstants(wall, zone)).toEqual(shown);
      expect(wallClockToTimestamp(text(wall), zone).ok).toBe(shown.length > 0);
    },
  );
});

const jsonWall = (w: WallClock): string => JSON.stringify(w);
