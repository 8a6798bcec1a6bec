/**
 * Wall clocks in IANA time zones: exact conversion between a zone-less `YYYY-MM-DD HH:mm:ss`
 * (Attribuly's `event_at`) and an instant, using the zone rules `Intl.DateTimeFormat` carries.
 *
 * A wall-clock time can name no instant (the clocks skipped it: a DST gap) or two (the clocks went
 * back over it: a DST fold). Both cases are reported to the caller, never resolved silently:
 * {@link wallClockInstants} returns every instant a wall clock names, and
 * {@link wallClockToTimestamp} rejects a gap and resolves a fold only as the caller asks
 * (`earlier`, `later` or `reject`).
 *
 * @since 0.1.0
 */
import { fail, issue, type Result, succeed } from "../core/result.js";
import { isCalendarDate } from "./time.js";

/**
 * A wall-clock time: calendar date and time of day, with no zone.
 *
 * @example
 * import type { WallClock } from "commerce-rosetta"
 * const w: WallClock = { year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0 }
 *
 * @category time
 * @since 0.1.0
 */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * How to resolve a wall-clock time that names two instants (a DST fold): the first, the second, or
 * refuse.
 *
 * @example
 * import type { Disambiguation } from "commerce-rosetta"
 * const d: Disambiguation = "earlier"
 *
 * @category time
 * @since 0.1.0
 */
export type Disambiguation = "earlier" | "later" | "reject";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// calendar arithmetic (proleptic Gregorian, exact for any year; no Date.UTC two-digit-year quirk)
// ---------------------------------------------------------------------------------------------

/** Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
const daysFromCivil = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

/** The civil date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
const civilFromDays = (z0: number): { y: number; m: number; d: number } => {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
};

/** The wall clock read as if it were UTC, in milliseconds since the epoch. */
const wallMillis = (w: WallClock): number =>
  daysFromCivil(w.year, w.month, w.day) * DAY + w.hour * HOUR + w.minute * MINUTE + w.second * SECOND;

/** The wall clock of a millisecond count read as UTC (whole seconds). */
const wallOfMillis = (ms: number): WallClock => {
  const days = Math.floor(ms / DAY);
  const rest = Math.floor((ms - days * DAY) / SECOND);
  const { y, m, d } = civilFromDays(days);
  return { year: y, month: m, day: d, hour: Math.floor(rest / 3600), minute: Math.floor((rest % 3600) / 60), second: rest % 60 };
};

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

// ---------------------------------------------------------------------------------------------
// zones
// ---------------------------------------------------------------------------------------------

interface Zone {
  readonly id: string;
  readonly format: Intl.DateTimeFormat;
}

const ZONES = new Map<string, Zone>();

/** UTC needs no formatter (its offset is 0): the first `Intl.DateTimeFormat` loads ICU's zone data (~17 ms). */
const UTC: Zone = {
  id: "UTC",
  get format() {
    return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", timeZoneName: "longOffset", year: "numeric" });
  },
};

const zoneOf = (name: string): Zone | undefined => {
  if (name === "UTC") return UTC;
  const cached = ZONES.get(name);
  if (cached !== undefined) return cached;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset", year: "numeric" });
  } catch {
    return undefined;
  }
  const zone: Zone = { id: format.resolvedOptions().timeZone, format };
  if (ZONES.size < 1000) ZONES.set(name, zone);
  return zone;
};

/**
 * The canonical IANA id of a time zone name (`"utc"` → `"UTC"`), or `undefined` when the runtime
 * does not know the zone.
 *
 * @example
 * import { resolveTimeZone } from "commerce-rosetta"
 * resolveTimeZone("Asia/Kolkata") // "Asia/Kolkata"
 * resolveTimeZone("Mars/Olympus") // undefined
 *
 * @category time
 * @since 0.1.0
 */
export const resolveTimeZone = (name: string): string | undefined => zoneOf(name)?.id;

const OFFSET = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

const offsetOf = (zone: Zone, epochMs: number): number => {
  if (zone.id === "UTC") return 0;
  const parts = zone.format.formatToParts(epochMs);
  let text = "GMT";
  for (const p of parts) if (p.type === "timeZoneName") text = p.value;
  const m = OFFSET.exec(text);
  if (m === null) throw new Error(`unexpected zone offset ${JSON.stringify(text)} from Intl for ${zone.id}`);
  if (m[1] === undefined) return 0;
  const ms = +(m[2] as string) * HOUR + +(m[3] ?? 0) * MINUTE + +(m[4] ?? 0) * SECOND;
  return m[1] === "-" ? -ms : ms;
};

/**
 * The UTC offset of a zone at an instant, in milliseconds (`Asia/Kolkata` → 19 800 000), or
 * `undefined` for an unknown zone. Offsets with seconds (local mean time before 1900) are exact.
 *
 * @example
 * import { zoneOffsetAt } from "commerce-rosetta"
 * zoneOffsetAt(Date.parse("2024-07-01T00:00:00Z"), "America/New_York") // -14400000
 *
 * @category time
 * @since 0.1.0
 */
export const zoneOffsetAt = (epochMs: number, zone: string): number | undefined => {
  const z = zoneOf(zone);
  return z === undefined ? undefined : offsetOf(z, epochMs);
};

/**
 * Every instant (milliseconds since the epoch) at which a zone's clocks show a wall-clock time,
 * in ascending order: one usually, none in a DST gap, two in a DST fold. `undefined` for an
 * unknown zone.
 *
 * @example
 * import { wallClockInstants } from "commerce-rosetta"
 * wallClockInstants({ year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0 }, "America/New_York")
 * // [Date.parse("2024-11-03T05:30:00Z"), Date.parse("2024-11-03T06:30:00Z")]
 *
 * @category time
 * @since 0.1.0
 */
export const wallClockInstants = (wall: WallClock, zone: string): ReadonlyArray<number> | undefined => {
  const z = zoneOf(zone);
  if (z === undefined) return undefined;
  const local = wallMillis(wall);
  // every offset in force within a day either side; then keep those that really show this wall clock
  const offsets = new Set([offsetOf(z, local - DAY), offsetOf(z, local), offsetOf(z, local + DAY)]);
  const out: Array<number> = [];
  for (const o of offsets) {
    const t = local - o;
    if (offsetOf(z, t) === o && !out.includes(t)) out.push(t);
  }
  return out.sort((a, b) => a - b);
};

/**
 * The wall clock a zone's clocks show at an instant (whole seconds; milliseconds are dropped), or
 * `undefined` for an unknown zone.
 *
 * @example
 * import { instantToWallClock } from "commerce-rosetta"
 * instantToWallClock(Date.parse("2024-01-01T00:00:00Z"), "Asia/Kolkata") // { year: 2024, month: 1, day: 1, hour: 5, minute: 30, second: 0 }
 *
 * @category time
 * @since 0.1.0
 */
export const instantToWallClock = (epochMs: number, zone: string): WallClock | undefined => {
  const z = zoneOf(zone);
  if (z === undefined) return undefined;
  const whole = Math.floor(epochMs / SECOND) * SECOND;
  return wallOfMillis(whole + offsetOf(z, whole));
};

// ---------------------------------------------------------------------------------------------
// spellings
// ---------------------------------------------------------------------------------------------

const WALL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Parses `YYYY-MM-DD HH:mm:ss` strictly: that exact spelling, a real calendar date (no
 * `2026-02-29`), hours 00–23, minutes and seconds 00–59. `undefined` otherwise.
 *
 * @example
 * import { parseWallClock } from "commerce-rosetta"
 * parseWallClock("2023-03-29 08:26:42") // { year: 2023, month: 3, day: 29, hour: 8, minute: 26, second: 42 }
 * parseWallClock("2026-02-29 00:00:00") // undefined
 *
 * @category time
 * @since 0.1.0
 */
export const parseWallClock = (text: string): WallClock | undefined => {
  const m = WALL.exec(text);
  if (m === null) return undefined;
  const w: WallClock = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! };
  if (!isCalendarDate(w.year, w.month, w.day) || w.hour > 23 || w.minute > 59 || w.second > 59) return undefined;
  return w;
};

/**
 * Spells a wall clock as `YYYY-MM-DD HH:mm:ss`, or `undefined` when its year is outside 0000–9999.
 *
 * @example
 * import { formatWallClock } from "commerce-rosetta"
 * formatWallClock({ year: 2024, month: 2, day: 1, hour: 8, minute: 0, second: 0 }) // "2024-02-01 08:00:00"
 *
 * @category time
 * @since 0.1.0
 */
export const formatWallClock = (w: WallClock): string | undefined =>
  w.year < 0 || w.year > 9999
    ? undefined
    : `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/**
 * The instant of an ISO-8601 date-time with a zone (`Z` or an offset), in milliseconds since the
 * epoch, with its fraction of a second dropped; `undefined` when the string is not one (or names no
 * real date).
 *
 * @example
 * import { timestampInstant } from "commerce-rosetta"
 * timestampInstant("2024-02-01T08:00:00+05:30") // Date.parse("2024-02-01T02:30:00Z")
 *
 * @category time
 * @since 0.1.0
 */
export const timestampInstant = (ts: string): number | undefined => {
  const m = ISO.exec(ts);
  if (m === null) return undefined;
  const w: WallClock = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +(m[6] ?? 0) };
  if (!isCalendarDate(w.year, w.month, w.day) || w.hour > 23 || w.minute > 59 || w.second > 59) return undefined;
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = +m[10]!;
    const om = +m[11]!;
    if (oh > 23 || om > 59) return undefined;
    offset = (oh * HOUR + om * MINUTE) * (m[9] === "-" ? -1 : 1);
  }
  return wallMillis(w) - offset;
};

/**
 * Spells an instant as an ISO-8601 date-time in a zone, to the second: `Z` for `UTC`, the zone's
 * offset otherwise (`2024-11-03T01:30:00-04:00`). An offset with seconds (local mean time) cannot
 * be spelled `±HH:MM`, so such instants are spelled in UTC. `undefined` for an unknown zone or a
 * year outside 0000–9999.
 *
 * @example
 * import { instantToTimestamp } from "commerce-rosetta"
 * instantToTimestamp(Date.parse("2024-01-01T00:00:00Z"), "Asia/Kolkata") // "2024-01-01T05:30:00+05:30"
 *
 * @category time
 * @since 0.1.0
 */
export const instantToTimestamp = (epochMs: number, zone: string): string | undefined => {
  const z = zoneOf(zone);
  if (z === undefined) return undefined;
  const whole = Math.floor(epochMs / SECOND) * SECOND;
  let offset = z.id === "UTC" ? 0 : offsetOf(z, whole);
  let suffix: string;
  if (z.id === "UTC" || offset % MINUTE !== 0) {
    offset = 0;
    suffix = "Z";
  } else {
    const abs = Math.abs(offset) / MINUTE;
    suffix = `${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
  const w = wallOfMillis(whole + offset);
  if (w.year < 0 || w.year > 9999) return undefined;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${suffix}`;
};

/**
 * Converts a zone-less `YYYY-MM-DD HH:mm:ss` into an ISO-8601 timestamp in that zone. Fails with an
 * issue at `path` for a malformed or impossible date, an unknown zone, a time the zone's clocks
 * skipped (DST gap), or — unless `ambiguous` says which to take — a time they showed twice (DST fold).
 *
 * @example
 * import { wallClockToTimestamp } from "commerce-rosetta"
 * wallClockToTimestamp("2023-03-29 08:26:42", "UTC") // { ok: true, value: "2023-03-29T08:26:42Z" }
 * wallClockToTimestamp("2024-11-03 01:30:00", "America/New_York", "later") // { ok: true, value: "2024-11-03T01:30:00-05:00" }
 *
 * @category time
 * @since 0.1.0
 */
export const wallClockToTimestamp = (
  text: string,
  zone: string,
  ambiguous: Disambiguation = "earlier",
  path = "$",
): Result<string> => {
  const wall = parseWallClock(text);
  if (wall === undefined) return fail([issue(path, "a real date and time spelled YYYY-MM-DD HH:mm:ss", text)]);
  const instants = wallClockInstants(wall, zone);
  if (instants === undefined) return fail([unknownZone(zone, path)]);
  if (instants.length === 0)
    return fail([
      issue(
        path,
        `a time that exists in ${zone}`,
        text,
        `${path}: ${text} does not exist in ${zone} (the clocks skipped it at a DST change); check the zone option`,
      ),
    ]);
  let instant = instants[0] as number;
  if (instants.length > 1) {
    if (ambiguous === "reject")
      return fail([
        issue(
          path,
          `a time that ${zone} shows only once`,
          text,
          `${path}: ${text} happened twice in ${zone} (the clocks went back at a DST change); choose earlier or later`,
        ),
      ]);
    if (ambiguous === "later") instant = instants[instants.length - 1] as number;
  }
  const ts = instantToTimestamp(instant, zone);
  return ts === undefined ? fail([issue(path, "a year between 0000 and 9999 in UTC", text)]) : succeed(ts);
};

/**
 * Converts an ISO-8601 timestamp (any offset) into the wall clock a zone shows at that instant,
 * spelled `YYYY-MM-DD HH:mm:ss` (fractions of a second are dropped). Fails with an issue at `path`
 * for a malformed timestamp, an unknown zone or a year outside 0000–9999.
 *
 * @example
 * import { timestampToWallClock } from "commerce-rosetta"
 * timestampToWallClock("2024-02-01T08:00:00Z", "America/New_York") // { ok: true, value: "2024-02-01 03:00:00" }
 *
 * @category time
 * @since 0.1.0
 */
export const timestampToWallClock = (ts: string, zone: string, path = "$"): Result<string> => {
  const instant = timestampInstant(ts);
  if (instant === undefined) return fail([issue(path, "an ISO-8601 date-time with a real calendar date", ts)]);
  const wall = instantToWallClock(instant, zone);
  if (wall === undefined) return fail([unknownZone(zone, path)]);
  const text = formatWallClock(wall);
  return text === undefined
    ? fail([issue(path, `an instant whose year in ${zone} is between 0000 and 9999`, ts)])
    : succeed(text);
};

const unknownZone = (zone: string, path: string) =>
  issue(path, "a known IANA time zone", zone, `${path}: unknown time zone ${JSON.stringify(zone)} (the zone option)`);
