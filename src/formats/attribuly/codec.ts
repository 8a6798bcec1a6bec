/**
 * The Attribuly codec: the items of Attribuly's "Customer journey of an order" API
 * (`POST /{version}/api/order/event`), both directions, and the API response that holds them.
 *
 * An item's kind is the non-null section that marks it (`checkout_completed` → order_completed,
 * `payment_info_submitted` → payment_info_entered, `checkout_started`, `cart_viewed`,
 * `search_submitted` → products_searched, `products` alone → product_viewed, none → a page_viewed
 * touchpoint); when several are non-null the first in that order wins and the others are kept
 * verbatim. `event_at` (`YYYY-MM-DD HH:mm:ss`, no zone) is read in the `zone` option (default UTC):
 * a time the zone skipped is rejected, a time it showed twice is resolved as the `ambiguous` option
 * says (default the earlier). Integer prices are minor units of their currency by default
 * (`moneyUnit: "major"` reads them as major units), converted exactly; an amount that cannot be
 * converted is kept verbatim. Field kinds are checked against the spec; fields the spec requires may
 * be missing, and any value may be `null`.
 *
 * What has no canonical meaning (shop-currency amounts, `total_quantity`, `final_name`, unknown keys,
 * sections that did not mark the kind, which sections were absent rather than `null`, the response
 * envelope) is kept in `extensions.attribuly`, so encoding gives back exactly the item decoded. The
 * response envelope (`extensions.attribuly.response`) travels with `batch`, which regroups items
 * into their response pages; a bare item does not carry it. Attribuly has no free-form area: every
 * other canonical field is reported as a loss.
 *
 * @since 0.1.0
 */
import { draftEvent } from "../../canonical/draft.js";
import type { CanonicalEvent, EventType } from "../../canonical/model.js";
import { type Disambiguation, resolveTimeZone, timestampToWallClock, wallClockToTimestamp } from "../../canonical/zone.js";
import type { Codec, CodecOptions, EncodedItem, WireRecord } from "../../core/codec.js";
import { isObject, type JsonObject, jsonEqual, own, pathIndex, pathKey, setOwn } from "../../core/json.js";
import { foreignExtension, memo2, memoAt } from "../../core/memo.js";
import {
  describe,
  type Encoded,
  fail,
  type Issue,
  issue,
  lossList,
  lossOf,
  lossTo,
  type Result,
  succeed,
} from "../../core/result.js";
import { majorToMinor, minorToMajor, utcTimestamp, utcWallClock } from "./exact.js";
import {
  ATTRIBULY_TYPES,
  CARRIED_PARTS,
  DETAILS,
  EMAIL,
  fits,
  ITEM_FIELDS,
  ITEM_KEYS,
  KIND_BY_SECTION,
  KIND_BY_TYPE,
  KIND_SECTIONS,
  type Kind,
  type KindSection,
  kindName,
  type Lift,
  NAME_OF,
  PRODUCT_BY_WIRE,
  PRODUCT_LIFT,
  PRODUCTS_ONLY,
  SECTION_FIELDS,
  TOUCHPOINT,
} from "./fields.js";
import { CLOCK_FAILED, itemSlot, liftProductField, writeItemFields } from "./writers.generated.js";

/**
 * Options of the Attribuly codec: the shared codec options plus how to read an `event_at` that the
 * zone's clocks showed twice (a DST fold): `earlier` (default), `later` or `reject`.
 *
 * @example
 * import type { AttribulyOptions } from "commerce-rosetta/attribuly"
 * const o: AttribulyOptions = { zone: "America/New_York", moneyUnit: "minor", ambiguous: "reject" }
 *
 * @category models
 * @since 0.1.0
 */
export interface AttribulyOptions extends CodecOptions {
  /** How to read an `event_at` the zone's clocks showed twice (DST fold). Default `earlier`. */
  readonly ambiguous?: Disambiguation | undefined;
}

interface Settings {
  readonly zone: string;
  readonly unit: "minor" | "major";
  readonly ambiguous: Disambiguation;
  /** The zone is UTC: `event_at` converts without zone rules. */
  readonly utc: boolean;
}

const checkSettings = (options: AttribulyOptions, path: string): Result<Settings> => {
  const errors: Array<Issue> = [];
  const zone = options.zone ?? "UTC";
  const id = typeof zone === "string" ? resolveTimeZone(zone) : undefined;
  if (id === undefined)
    errors.push(issue(path, "a known IANA time zone", zone, `${path}: unknown time zone ${describe(zone)} (the zone option)`));
  const unit = options.moneyUnit ?? "minor";
  if (unit !== "minor" && unit !== "major")
    errors.push(
      issue(path, '"minor" or "major"', unit, `${path}: the moneyUnit option must be "minor" or "major", not ${describe(unit)}`),
    );
  const ambiguous = options.ambiguous ?? "earlier";
  if (ambiguous !== "earlier" && ambiguous !== "later" && ambiguous !== "reject")
    errors.push(
      issue(
        path,
        '"earlier", "later" or "reject"',
        ambiguous,
        `${path}: the ambiguous option must be "earlier", "later" or "reject"`,
      ),
    );
  return errors.length > 0 ? fail(errors) : succeed({ zone, unit, ambiguous, utc: id === "UTC" });
};

// every record of a run has the same options: keep the last valid settings (they depend on nothing else)
let lastSettings: Result<Settings> | undefined;
let lastZone: unknown;
let lastUnit: unknown;
let lastAmbiguous: unknown;

const settingsOf = (options: AttribulyOptions, path: string): Result<Settings> => {
  const zone = options.zone;
  const unit = options.moneyUnit;
  const ambiguous = options.ambiguous;
  if (lastSettings !== undefined && zone === lastZone && unit === lastUnit && ambiguous === lastAmbiguous) return lastSettings;
  const s = checkSettings(options, path);
  if (s.ok) {
    lastSettings = s;
    lastZone = zone;
    lastUnit = unit;
    lastAmbiguous = ambiguous;
  }
  return s;
};

const isEmpty = (o: object): boolean => {
  for (const _ in o) return false;
  return true;
};

const ATTRIBUTION_OF = new Map(DETAILS.map((d) => [d.wire, d.key]));
const FIELD_BY_WIRE = new Map(ITEM_FIELDS.map((f) => [f.wire, f]));
const ITEM_KEY_SET: ReadonlySet<string> = new Set(ITEM_KEYS);
const SLOTLESS = new Set(KIND_SECTIONS.map((k) => k.section));
const PRODUCT_FIELDS = SECTION_FIELDS.get("products") as ReadonlyMap<string, string>;

/** Integer minor (or major) units → a major-unit amount, or `undefined` when it cannot be converted exactly. */
const toMajor = (amount: number, currency: unknown, unit: Settings["unit"]): number | undefined => {
  if (unit === "major") return amount;
  return typeof currency === "string" ? minorToMajor(amount, currency) : undefined;
};

/** A major-unit amount → integer wire units, or the reason it cannot be. */
const toWire = (
  amount: unknown,
  currency: unknown,
  unit: Settings["unit"],
): { ok: true; value: number } | { ok: false; reason: string } => {
  if (typeof amount !== "number" || !Number.isFinite(amount)) return { ok: false, reason: "attribuly amounts are integers" };
  if (unit === "major") {
    return Number.isInteger(amount)
      ? { ok: true, value: amount }
      : { ok: false, reason: `attribuly amounts are integers (major units): ${amount} is not one, and it is never rounded` };
  }
  if (typeof currency !== "string")
    return { ok: false, reason: "attribuly amounts are integer minor units of a currency, and there is no currency" };
  const r = majorToMinor(amount, currency);
  if (!r.ok)
    return { ok: false, reason: `attribuly amounts are integer minor units of ${currency}: ${r.errors[0]?.message ?? ""}` };
  return { ok: true, value: r.value };
};

// ---------------------------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------------------------

/** Checks the kinds of an object's known fields. */
const checkFields = (section: string, v: JsonObject, path: string, errors: Array<Issue>): void => {
  const kinds = SECTION_FIELDS.get(section) as ReadonlyMap<string, "string" | "integer">;
  for (const [key, kind] of kinds) {
    if (Object.hasOwn(v, key) && !fits(kind, v[key])) errors.push(issue(pathKey(path, key), kindName(kind), v[key]));
  }
};

/** Checks an item against the spec; returns the issues. */
const checkItem = (item: JsonObject, at: string): Array<Issue> => {
  const errors: Array<Issue> = [];
  for (const f of ITEM_FIELDS) {
    if (!Object.hasOwn(item, f.wire)) continue;
    const v = item[f.wire];
    if (v !== null && typeof v !== "string") errors.push(issue(pathKey(at, f.wire), "string or null", v));
  }
  for (const [section] of SECTION_FIELDS) {
    if (!Object.hasOwn(item, section)) continue;
    const v = item[section];
    const path = pathKey(at, section);
    if (section === "products") {
      if (v === null) continue;
      if (!Array.isArray(v)) {
        errors.push(issue(path, "array of products or null", v));
        continue;
      }
      for (let i = 0; i < v.length; i++) {
        const p = v[i];
        if (p === null) continue;
        if (!isObject(p)) errors.push(issue(pathIndex(path, i), "product object or null", p));
        else checkFields(section, p, pathIndex(path, i), errors);
      }
      continue;
    }
    if (v === null) continue;
    if (!isObject(v)) errors.push(issue(path, "object or null", v));
    else checkFields(section, v, path, errors);
  }
  return errors;
};

// Decoding reads an item's own keys once, into slots indexed by the key's place in ITEM_KEYS, and
// then writes the event in the tables' order (so the event's key order does not follow the item's).

/** How a slot's value is validated: a scalar (string or null), `products`, or an object section. */
const SCALAR = 0;
const PRODUCTS = 1;
const SECTION = 2;

interface Slot {
  readonly index: number;
  readonly check: typeof SCALAR | typeof PRODUCTS | typeof SECTION;
  readonly kinds: ReadonlyMap<string, Kind> | undefined;
}

const SLOTS = new Map<string, Slot>(
  ITEM_KEYS.map((key, index) => {
    const kinds = SECTION_FIELDS.get(key);
    const check = kinds === undefined ? SCALAR : key === "products" ? PRODUCTS : SECTION;
    return [key, { index, check, kinds }];
  }),
);
for (const key of [...ITEM_FIELDS.map((f) => f.wire), ...SECTION_FIELDS.keys()])
  if (!SLOTS.has(key)) throw new Error(`mappings/attribuly.json: ${key} is not in item`);

const slotOf = (key: string): number => (SLOTS.get(key) as Slot).index;
/** The slots by index (`itemSlot`, generated from the same table, gives the index). */
const SLOT_LIST: ReadonlyArray<Slot> = ITEM_KEYS.map((key, i) => {
  if (itemSlot(key) !== i) throw new Error("attribuly/writers.generated.ts is out of date: run npm run generate");
  return SLOTS.get(key) as Slot;
});

const DETAIL_SLOTS = DETAILS.map((d) => ({ slot: slotOf(d.wire), key: d.key, email: d.wire === EMAIL.section }));
/** The kind-marking sections in priority order, with their slots. */
const KIND_SLOTS = KIND_SECTIONS.map((k) => slotOf(k.section));
/** The kind-marking sections in ITEM_KEYS order (the order they are kept in). */
const SLOTLESS_SLOTS = ITEM_KEYS.filter((k) => SLOTLESS.has(k)).map((key) => ({ key, slot: slotOf(key) }));
const PRODUCTS_SLOT = slotOf("products");

/** What `readClock` needs: the decoder's settings, the item's path, and the issues it found. */
interface Clock {
  settings: Settings;
  at: string;
  errors: Array<Issue> | undefined;
}

/** Reads a wall-clock field (`ITEM_FIELDS[index]`) as a timestamp, or records why it cannot. */
const readClock = (v: string, index: number, c: Clock): unknown => {
  const fast = c.settings.utc ? utcTimestamp(v) : undefined;
  if (fast !== undefined) return fast;
  const ts = wallClockToTimestamp(v, c.settings.zone, c.settings.ambiguous, pathKey(c.at, (ITEM_FIELDS[index] as Lift).wire));
  if (ts.ok) return ts.value;
  c.errors ??= [];
  for (const e of ts.errors) c.errors.push(e);
  return CLOCK_FAILED;
};

/** Reused for every item, like `scratch`. */
const CLOCK: Clock = { settings: undefined as unknown as Settings, at: "$", errors: undefined };

/** Reused for every item: decoding is synchronous and never nested. */
const scratch = new Array<unknown>(ITEM_KEYS.length);

/** Whether `checkFields` finds nothing, without building paths. */
const fieldsFit = (kinds: ReadonlyMap<string, Kind>, v: JsonObject): boolean => {
  for (const key in v) {
    const kind = kinds.get(key);
    if (kind !== undefined && !fits(kind, v[key])) return false;
  }
  return true;
};

/** Whether `checkItem` finds nothing in a slot's value (own values are never undefined in a valid item). */
const slotFits = (slot: Slot, v: unknown): boolean => {
  if (v === null) return true;
  if (slot.check === SCALAR) return typeof v === "string";
  if (slot.check === SECTION) return isObject(v) && fieldsFit(slot.kinds as ReadonlyMap<string, Kind>, v);
  if (!Array.isArray(v)) return false;
  const kinds = slot.kinds as ReadonlyMap<string, Kind>;
  for (let i = 0; i < v.length; i++) {
    const p: unknown = v[i];
    if (p !== null && !(isObject(p) && fieldsFit(kinds, p))) return false;
  }
  return true;
};

const decodeItem = (record: WireRecord, settings: Settings): Result<CanonicalEvent> => {
  const item = record.value;
  const at = record.path;
  if (!isObject(item)) return fail([issue(at, "an Attribuly journey item object", item)]);
  const slots = scratch;
  for (let i = 0; i < slots.length; i++) slots[i] = undefined;
  let unknown = false;
  let valid = true;
  for (const key in item) {
    const index = itemSlot(key);
    if (index < 0) {
      unknown = true;
      continue;
    }
    const slot = SLOT_LIST[index] as Slot;
    const v = item[key];
    slots[index] = v;
    if (valid && !slotFits(slot, v)) valid = false;
  }
  // the issues, in the spec's order, come from the full check
  if (!valid) {
    const errors = checkItem(item, at);
    if (errors.length > 0) return fail(errors);
  }

  let primary: KindSection | undefined;
  for (let i = 0; i < KIND_SLOTS.length; i++) {
    if (isObject(slots[KIND_SLOTS[i] as number])) {
      primary = KIND_SECTIONS[i];
      break;
    }
  }
  const list = slots[PRODUCTS_SLOT];
  const type: EventType = primary?.type ?? (Array.isArray(list) ? PRODUCTS_ONLY : TOUCHPOINT);
  const event = draftEvent(type, NAME_OF.get(type) as string) as unknown as JsonObject;

  // scalar fields
  const clock = CLOCK;
  clock.settings = settings;
  clock.at = at;
  clock.errors = undefined;
  if (!writeItemFields(slots, event, clock, readClock)) return fail(clock.errors ?? []);

  // attribution details, carried whole; the email section's receiver is also the identity's email
  for (let i = 0; i < DETAIL_SLOTS.length; i++) {
    const d = DETAIL_SLOTS[i] as (typeof DETAIL_SLOTS)[number];
    const v = slots[d.slot];
    if (v === undefined) continue;
    ((event.attribution ??= {}) as JsonObject)[d.key] = v;
    if (d.email && isObject(v) && Object.hasOwn(v, EMAIL.field)) event.identity = { email: v[EMAIL.field] };
  }

  // the kind's section
  let keptSection: JsonObject | undefined;
  let sectionCurrency: unknown;
  if (primary !== undefined) {
    const section = slots[KIND_SLOTS[primary.rank] as number] as JsonObject;
    const part: JsonObject = {};
    event[primary.part] = part;
    sectionCurrency = section.currency;
    for (const key in section) {
      const v = section[key];
      const lift = primary.liftByWire.get(key);
      if (lift !== undefined) {
        if (lift.kind !== "money" || v === null) {
          part[lift.path[1] as string] = v;
          continue;
        }
        const major = toMajor(v as number, sectionCurrency, settings.unit);
        if (major !== undefined) {
          part[lift.path[1] as string] = major;
          continue;
        }
      }
      keptSection ??= {};
      setOwn(keptSection, key, v);
    }
  }

  // products
  let keptProducts: Array<JsonObject | null> | undefined;
  if (list !== undefined) {
    if (list === null) event.products = null;
    else {
      const wire = list as ReadonlyArray<JsonObject | null>;
      const products = new Array<JsonObject>(wire.length);
      // what a product keeps, made only when one keeps something
      let kept: Array<JsonObject | null> | undefined;
      for (let i = 0; i < wire.length; i++) {
        const p = wire[i] as JsonObject | null;
        const product: JsonObject = {};
        products[i] = product;
        if (p === null) {
          kept ??= new Array<JsonObject | null>(wire.length);
          continue;
        }
        let rest: JsonObject | undefined;
        const currency = typeof p.currency === "string" ? p.currency : sectionCurrency;
        for (const key in p) {
          const v = p[key];
          if (liftProductField(key, v, product)) continue;
          const lift = PRODUCT_BY_WIRE.get(key);
          if (lift !== undefined) {
            if (v === null || lift.kind === "string" || (lift.kind === "integer" && Number.isSafeInteger(v))) {
              product[lift.dotted] = v;
              continue;
            }
            const major = lift.kind === "money" ? toMajor(v as number, currency, settings.unit) : undefined;
            if (major !== undefined) {
              product[lift.dotted] = major;
              continue;
            }
          }
          rest ??= {};
          setOwn(rest, key, v);
        }
        if (rest !== undefined) (kept ??= new Array<JsonObject | null>(wire.length))[i] = rest;
      }
      event.products = products;
      if (kept !== undefined) {
        for (let i = 0; i < wire.length; i++) if (kept[i] === undefined) kept[i] = wire[i] === null ? null : {};
        keptProducts = kept;
      }
    }
  }

  // what has no canonical meaning: unknown keys, sections that did not mark the kind, absences
  let keptItem: JsonObject | undefined;
  let absent: Array<string> | undefined;
  for (let i = 0; i < SLOTLESS_SLOTS.length; i++) {
    const s = SLOTLESS_SLOTS[i] as (typeof SLOTLESS_SLOTS)[number];
    const v = slots[s.slot];
    if (v === undefined) (absent ??= []).push(s.key);
    else if (v !== null && s.key !== primary?.section) (keptItem ??= {})[s.key] = v;
  }
  if (unknown) {
    for (const key in item) {
      if (ITEM_KEY_SET.has(key)) continue;
      setOwn((keptItem ??= {}), key, item[key]);
    }
  }
  let ext: JsonObject | undefined;
  if (record.envelope !== undefined) (ext ??= {}).response = record.envelope;
  if (keptItem !== undefined) (ext ??= {}).item = keptItem;
  if (absent !== undefined) (ext ??= {}).absent = absent;
  if (keptSection !== undefined) (ext ??= {}).section = keptSection;
  if (keptProducts !== undefined) (ext ??= {}).products = keptProducts;
  if (ext !== undefined) event.extensions = { attribuly: ext };
  return succeed(event as unknown as CanonicalEvent);
};

// ---------------------------------------------------------------------------------------------
// encode
// ---------------------------------------------------------------------------------------------

class Sink {
  readonly losses = lossList();
  drop(path: string, value: unknown, reason: string): void {
    this.losses.push(lossOf(path, "dropped", value, reason));
  }
  /** Drops every key of a canonical part, or the part itself when it is empty. */
  dropAll(path: string, value: unknown, reason: (key: string) => string): void {
    if (isObject(value) && !isEmpty(value)) {
      for (const key in value) if (value[key] !== undefined) this.drop(pathKey(path, key), value[key], reason(key));
    } else this.drop(path, value, reason(""));
  }
}

const TYPE_LIST = ATTRIBULY_TYPES.join(", ");

/** Whether `decodeItem` would convert a kept raw amount (then it must not be written raw). */
const converts = (amount: unknown, currency: unknown, unit: Settings["unit"]): boolean =>
  typeof amount === "number" && toMajor(amount, currency, unit) !== undefined;

/** The path of a canonical field: `base.field`, or `base[index].field` for an index ≥ 0. */
const fieldPath = (base: string, index: number, field: string): string =>
  pathKey(index < 0 ? base : pathIndex(base, index), field);

/** Writes one field of a kind's section or a product from its canonical value (paths are built only for a loss). */
const writeLifted = (
  out: JsonObject,
  lift: Lift,
  v: unknown,
  base: string,
  index: number,
  field: string,
  currency: unknown,
  settings: Settings,
  sink: Sink,
): void => {
  if (lift.kind === "money") {
    if (v === null) {
      out[lift.wire] = null;
      return;
    }
    const w = toWire(v, currency, settings.unit);
    if (w.ok) out[lift.wire] = w.value;
    else sink.drop(fieldPath(base, index, field), v, w.reason);
    return;
  }
  if (lift.kind === "integer" ? v === null || Number.isSafeInteger(v) : fits("string", v)) out[lift.wire] = v;
  else
    sink.drop(
      fieldPath(base, index, field),
      v,
      `attribuly ${lift.wire} must be ${lift.kind === "integer" ? "a safe integer" : "a string"} or null`,
    );
};

/** Writes a kept (extension) field if it fits and decoding will keep it where it was. */
const writeKept = (
  out: JsonObject,
  key: string,
  kept: JsonObject | undefined,
  kinds: ReadonlyMap<string, string>,
  lift: Lift | undefined,
  currency: unknown,
  settings: Settings,
): void => {
  if (kept === undefined || !Object.hasOwn(kept, key)) return;
  const v = kept[key];
  if (lift !== undefined) {
    // only what the decoder could not lift is kept raw: an amount it could not convert, an integer beyond 2^53
    if (typeof v !== "number" || !Number.isInteger(v)) return;
    if (lift.kind === "money" ? !converts(v, currency, settings.unit) : lift.kind === "integer" && !Number.isSafeInteger(v))
      out[key] = v;
    return;
  }
  const kind = kinds.get(key);
  if (kind === undefined || fits(kind as "string" | "integer", v)) setOwn(out, key, v);
};

/** A section's or product's fields in the spec's order, each with its lift if it has one. */
interface Written {
  readonly key: string;
  readonly lift: Lift | undefined;
  /** The canonical field the lift reads. */
  readonly field: string;
}

/** Per kind-marking section (by rank): its fields, the canonical fields it lifts, and its part's path. */
const SECTION_PLANS = KIND_SECTIONS.map((kind) => ({
  written: [...(SECTION_FIELDS.get(kind.section) as ReadonlyMap<string, string>).keys()].map((key): Written => {
    const lift = kind.liftByWire.get(key);
    return { key, lift, field: lift?.path[1] as string };
  }),
  lifted: new Set(kind.lift.map((l) => l.path[1] as string)),
  partPath: pathKey("$", kind.part),
  /** A part key this section has no field for: its path and why, once per key. */
  noField: memo2((partPath, key) => ({
    path: pathKey(partPath, key),
    reason: `attribuly ${kind.section} has no ${kind.part}.${key}`,
  })),
}));

const PRODUCT_WRITTEN: ReadonlyArray<Written> = [...PRODUCT_FIELDS.keys()].map((key) => {
  const lift = PRODUCT_BY_WIRE.get(key);
  return { key, lift, field: lift?.dotted as string };
});
const PRODUCT_LIFTED: ReadonlySet<string> = new Set(PRODUCT_LIFT.map((l) => l.dotted));

const encodeSection = (
  kind: KindSection,
  event: CanonicalEvent,
  kept: JsonObject | undefined,
  settings: Settings,
  sink: Sink,
): JsonObject => {
  const plan = SECTION_PLANS[kind.rank] as (typeof SECTION_PLANS)[number];
  const partPath = plan.partPath;
  const part = (event as JsonObject)[kind.part];
  const kinds = SECTION_FIELDS.get(kind.section) as ReadonlyMap<string, string>;
  const source: JsonObject = isObject(part) ? part : {};
  if (part === undefined) {
    sink.losses.push(
      lossTo(
        partPath,
        "defaulted",
        part,
        {},
        `an attribuly ${kind.section} section marks this kind; it is read back as an empty ${kind.part}`,
      ),
    );
  } else if (!isObject(part)) sink.drop(partPath, part, `${kind.part} must be an object`);
  const currency = Object.hasOwn(source, "currency") && fits("string", source.currency) ? source.currency : undefined;
  const out: JsonObject = {};
  for (let i = 0; i < plan.written.length; i++) {
    const { key, lift, field } = plan.written[i] as Written;
    if (lift !== undefined) {
      const v = source[field];
      if (v !== undefined && Object.hasOwn(source, field)) {
        writeLifted(out, lift, v, partPath, -1, field, currency, settings, sink);
        continue;
      }
    }
    writeKept(out, key, kept, kinds, lift, currency, settings);
  }
  if (kept !== undefined) for (const key in kept) if (!kinds.has(key)) setOwn(out, key, kept[key]);
  const lifted = plan.lifted;
  let noFieldIn: ((key: string) => { readonly path: string; readonly reason: string }) | undefined;
  for (const key in source) {
    if (source[key] === undefined || lifted.has(key)) continue;
    const at = (noFieldIn ??= plan.noField.of(partPath))(key);
    sink.drop(at.path, source[key], at.reason);
  }
  return out;
};

/** `$.products[i].key` and why attribuly drops it, once per position and key. */
const noProductField = memoAt((index, key) => ({
  path: pathKey(pathIndex("$.products", index), key),
  reason: `an attribuly product has no ${key}`,
}));

const encodeProduct = (
  p: unknown,
  kept: JsonObject | null | undefined,
  index: number,
  sectionCurrency: unknown,
  settings: Settings,
  sink: Sink,
): JsonObject | null => {
  if (!isObject(p)) {
    sink.losses.push(lossTo(pathIndex("$.products", index), "coerced", p, {}, "an attribuly product is an object"));
    return kept === null ? null : {};
  }
  if (kept === null && isEmpty(p)) return null;
  const rest = isObject(kept) ? kept : undefined;
  const currency = typeof p.currency === "string" ? p.currency : sectionCurrency;
  const out: JsonObject = {};
  for (let i = 0; i < PRODUCT_WRITTEN.length; i++) {
    const { key, lift, field } = PRODUCT_WRITTEN[i] as Written;
    if (lift !== undefined) {
      const v = p[field];
      if (v !== undefined && Object.hasOwn(p, field)) {
        writeLifted(out, lift, v, "$.products", index, field, currency, settings, sink);
        continue;
      }
    }
    writeKept(out, key, rest, PRODUCT_FIELDS, lift, currency, settings);
  }
  if (rest !== undefined) for (const key in rest) if (!PRODUCT_FIELDS.has(key)) setOwn(out, key, rest[key]);
  for (const key in p) {
    if (p[key] === undefined || PRODUCT_LIFTED.has(key)) continue;
    const at = noProductField(index, key);
    sink.drop(at.path, p[key], at.reason);
  }
  return out;
};

/** Whether a value is a response envelope `batch` can write and `explode` reads back as it is. */
const isEnvelope = (env: unknown): env is JsonObject =>
  isObject(env) &&
  isObject(env.data) &&
  !Object.hasOwn(env.data, "events") &&
  checkResponse({ ...env, data: { ...env.data, events: [] } }, "$").length === 0;

/** What the encoder writes at each item key, in the spec's order, prepared once. */
type EncodeStep =
  | {
      readonly at: "field";
      readonly key: string;
      /** The canonical part holding the field, or undefined for a top-level field. */
      readonly head: string | undefined;
      readonly name: string;
      readonly path: string;
      readonly wallClock: boolean;
    }
  | {
      readonly at: "detail";
      readonly key: string;
      readonly detail: string;
      readonly path: string;
      readonly kinds: ReadonlyMap<string, Kind>;
      readonly email: boolean;
    }
  | { readonly at: "products"; readonly key: string }
  | { readonly at: "section"; readonly key: string; readonly section: KindSection };

const ENCODE_STEPS: ReadonlyArray<EncodeStep> = ITEM_KEYS.map((key): EncodeStep => {
  const field = FIELD_BY_WIRE.get(key);
  if (field !== undefined)
    return {
      at: "field",
      key,
      head: field.path.length === 1 ? undefined : (field.path[0] as string),
      name: field.path[field.path.length - 1] as string,
      path: `$.${field.dotted}`,
      wallClock: field.kind === "wallClock",
    };
  const detail = ATTRIBUTION_OF.get(key);
  if (detail !== undefined)
    return {
      at: "detail",
      key,
      detail,
      path: pathKey("$.attribution", detail),
      kinds: SECTION_FIELDS.get(key) as ReadonlyMap<string, Kind>,
      email: key === EMAIL.section,
    };
  if (key === "products") return { at: "products", key };
  const section = KIND_BY_SECTION.get(key);
  if (section === undefined) throw new Error(`mappings/attribuly.json: nothing writes ${key}`);
  return { at: "section", key, section };
});

/** Per carried part, the keys the item's fields and detail sections carry. */
const CARRIED_KEYS: ReadonlyArray<{ readonly part: string; readonly keys: ReadonlySet<string> }> = [...CARRIED_PARTS].map(
  (part) => ({
    part,
    keys: new Set([
      ...ITEM_FIELDS.filter((f) => f.path[0] === part && f.path.length > 1).map((f) => f.path[1] as string),
      ...(part === "attribution" ? DETAILS.map((d) => d.key) : []),
    ]),
  }),
);

const encodeEvent = (event: CanonicalEvent, options: AttribulyOptions): Result<Encoded> => {
  const s = settingsOf(options, "$");
  if (!s.ok) return s;
  const settings = s.value;
  if (!isObject(event)) return fail([issue("$", "a canonical event object", event)]);
  const type = event.type;
  const kind = KIND_BY_TYPE.get(type);
  if (kind === undefined && type !== PRODUCTS_ONLY && type !== TOUCHPOINT) {
    return fail([
      issue(
        "$.type",
        `one of ${TYPE_LIST}`,
        type,
        `$.type: attribuly has no journey item for ${JSON.stringify(type)}; it carries only ${TYPE_LIST}`,
      ),
    ]);
  }
  const sink = new Sink();
  const expectedName = NAME_OF.get(type) as string;
  if (event.name !== expectedName)
    sink.losses.push(
      lossTo(
        "$.name",
        "renamed",
        event.name,
        expectedName,
        "attribuly items have no name; the kind is read back with its Customer.io spelling",
      ),
    );

  const extensions = (event as JsonObject).extensions;
  const extRaw = isObject(extensions) ? extensions.attribuly : undefined;
  const ext = isObject(extRaw) ? extRaw : undefined;
  const keptItem = ext !== undefined && isObject(ext.item) ? ext.item : undefined;
  const absent = ext !== undefined && Array.isArray(ext.absent) ? (ext.absent as ReadonlyArray<unknown>) : undefined;
  const keptSection = ext !== undefined && isObject(ext.section) ? ext.section : undefined;
  const keptProducts = ext !== undefined && Array.isArray(ext.products) ? (ext.products as ReadonlyArray<unknown>) : undefined;

  const out: JsonObject = {};
  const e = event as JsonObject;
  const attribution = isObject(e.attribution) ? e.attribution : undefined;
  let writtenEmail: unknown;

  for (let i = 0; i < ENCODE_STEPS.length; i++) {
    const step = ENCODE_STEPS[i] as EncodeStep;
    const key = step.key;
    if (step.at === "field") {
      const holder = step.head === undefined ? e : isObject(e[step.head]) ? (e[step.head] as JsonObject) : undefined;
      const name = step.name;
      if (holder === undefined || !Object.hasOwn(holder, name) || holder[name] === undefined) continue;
      const v = holder[name];
      const path = step.path;
      if (step.wallClock && v !== null) {
        if (typeof v !== "string") {
          sink.drop(path, v, "attribuly event_at needs an ISO-8601 date-time");
          continue;
        }
        // in UTC a `…Z` timestamp shows its own digits, and reads back as them with `Z`
        let wall = settings.utc ? utcWallClock(v) : undefined;
        let back: string;
        if (wall !== undefined) back = `${wall.slice(0, 10)}T${wall.slice(11)}Z`;
        else {
          const w = timestampToWallClock(v, settings.zone, path);
          if (!w.ok) {
            sink.drop(path, v, w.errors[0]?.message ?? "not a time attribuly can write");
            continue;
          }
          const b = wallClockToTimestamp(w.value, settings.zone, settings.ambiguous, path);
          if (!b.ok) {
            sink.drop(path, v, b.errors[0]?.message ?? "not a time attribuly can read back");
            continue;
          }
          wall = w.value;
          back = b.value;
        }
        if (back !== v)
          sink.losses.push(
            lossTo(
              path,
              "coerced",
              v,
              back,
              `attribuly event_at is a wall clock to the second in ${settings.zone}; it reads back as ${back}`,
            ),
          );
        out[key] = wall;
        continue;
      }
      if (fits("string", v)) out[key] = v;
      else sink.drop(path, v, `attribuly ${key} must be a string or null`);
      continue;
    }
    if (step.at === "detail") {
      const detail = step.detail;
      if (attribution === undefined || !Object.hasOwn(attribution, detail) || attribution[detail] === undefined) continue;
      const v = attribution[detail];
      const path = step.path;
      if (v === null) {
        out[key] = null;
      } else if (!isObject(v)) {
        sink.drop(path, v, `attribuly ${key} is an object or null`);
        continue;
      } else {
        const kinds = step.kinds;
        const copy: JsonObject = {};
        for (const k in v) {
          const kk = kinds.get(k);
          if (kk !== undefined && !fits(kk, v[k])) {
            sink.drop(pathKey(path, k), v[k], `attribuly ${key}.${k} must be ${kindName(kk)}`);
            continue;
          }
          setOwn(copy, k, v[k]);
        }
        out[key] = copy;
      }
      if (step.email) writtenEmail = out[key];
      continue;
    }
    if (step.at === "products") {
      const products = e.products;
      if (products === undefined || products === null) {
        if (type === PRODUCTS_ONLY) {
          out.products = [];
          sink.losses.push(
            lossTo(
              "$.products",
              products === undefined ? "defaulted" : "coerced",
              products,
              [],
              "an attribuly product view is marked by a products array",
            ),
          );
        } else if (products === null) out.products = null;
        continue;
      }
      if (!Array.isArray(products)) {
        sink.drop("$.products", products, "attribuly products is an array or null");
        if (type === PRODUCTS_ONLY) out.products = [];
        continue;
      }
      if (type === TOUCHPOINT) {
        sink.drop("$.products", products, "products on an attribuly item make it a product view, not a touchpoint");
        continue;
      }
      const sectionCurrency = sectionCurrencyOf(kind, e);
      const list = new Array<JsonObject | null>(products.length);
      for (let i = 0; i < products.length; i++) {
        const k = keptProducts?.[i];
        list[i] = encodeProduct(products[i], k === null ? null : isObject(k) ? k : undefined, i, sectionCurrency, settings, sink);
      }
      out.products = list;
      continue;
    }
    // a kind-marking section
    if (kind !== undefined && key === kind.section) {
      out[key] = encodeSection(kind, event, keptSection, settings, sink);
      continue;
    }
    const other = step.section;
    if (keptItem !== undefined && Object.hasOwn(keptItem, key)) {
      const v = keptItem[key];
      const outranked = kind !== undefined && other.rank > kind.rank;
      if (outranked && isObject(v) && slotFits(SLOTS.get(key) as Slot, v)) {
        out[key] = v;
        continue;
      }
    }
    if (absent === undefined || !absent.includes(key)) out[key] = null;
  }
  if (keptItem !== undefined) for (const key in keptItem) if (!ITEM_KEY_SET.has(key)) setOwn(out, key, keptItem[key]);

  // identity: only the email travels, as the Email touchpoint's receiver
  const identity = e.identity;
  const readBack = isObject(writtenEmail) && Object.hasOwn(writtenEmail, EMAIL.field) ? writtenEmail[EMAIL.field] : undefined;
  const email = isObject(identity) ? identity.email : undefined;
  if (email !== undefined && readBack === undefined)
    sink.drop("$.identity.email", email, "attribuly carries an email only as email.receiver_email of an Email touchpoint");
  else if (email !== undefined && !jsonEqual(email, readBack))
    sink.losses.push(
      lossTo("$.identity.email", "coerced", email, readBack, "attribuly reads the identity's email from email.receiver_email"),
    );
  else if (email === undefined && readBack !== undefined)
    sink.losses.push(
      lossTo("$.identity.email", "defaulted", email, readBack, "attribuly reads the identity's email from email.receiver_email"),
    );
  if (identity !== undefined) {
    if (!isObject(identity)) sink.drop("$.identity", identity, "identity must be an object");
    else {
      for (const key in identity)
        if (key !== "email" && identity[key] !== undefined)
          sink.drop(pathKey("$.identity", key), identity[key], `attribuly items carry no ${key}`);
      if (isEmpty(identity) && readBack === undefined) sink.drop("$.identity", identity, "an empty object does not survive");
    }
  }

  // page, device, attribution: what the item's fields do not carry
  for (let i = 0; i < CARRIED_KEYS.length; i++) {
    const { part, keys } = CARRIED_KEYS[i] as (typeof CARRIED_KEYS)[number];
    const obj = e[part];
    if (obj === undefined) continue;
    const partPath = pathKey("$", part);
    if (!isObject(obj)) {
      sink.drop(partPath, obj, `${part} must be an object`);
      continue;
    }
    let any = false;
    for (const key in obj) {
      if (obj[key] === undefined) continue;
      any = true;
      if (!keys.has(key)) sink.drop(pathKey(partPath, key), obj[key], `attribuly items have no ${part}.${key}`);
    }
    if (!any) sink.drop(partPath, obj, "an empty object does not survive");
  }

  // every other canonical part, when this kind has no place for it
  for (const key in e) {
    const v = e[key];
    if (v === undefined) continue;
    switch (key) {
      case "type":
      case "name":
      case "id":
      case "occurredAt":
      case "identity":
      case "products":
      case "page":
      case "device":
      case "attribution":
      case "extensions":
        continue;
    }
    if (kind !== undefined && key === kind.part) continue;
    sink.dropAll(pathKey("$", key), v, (k) =>
      k === "" ? `attribuly ${type} items have no ${key}` : `attribuly ${type} items have no ${key}.${k}`,
    );
  }

  // extensions: other formats' are lost; attribuly's must be what decoding the item gives back
  if (extensions !== undefined) {
    if (!isObject(extensions) || isEmpty(extensions)) sink.drop("$.extensions", extensions, "an empty object does not survive");
    else {
      for (const format in extensions)
        if (format !== "attribuly") {
          const at = foreignExtension("attribuly", format);
          sink.drop(at.path, extensions[format], at.reason);
        }
      if (Object.hasOwn(extensions, "attribuly")) {
        const r = checkKept(extRaw, out, settings, sink);
        if (!r.ok) return r;
      }
    }
  }
  return succeed({ value: out, losses: sink.losses });
};

/** The currency the kind's section will be written with (products without their own currency use it). */
const sectionCurrencyOf = (kind: KindSection | undefined, e: JsonObject): unknown => {
  if (kind === undefined || !kind.liftByWire.has("currency")) return undefined;
  const part = e[kind.part];
  return isObject(part) && fits("string", part.currency) ? part.currency : undefined;
};

/**
 * Compares `extensions.attribuly` with what decoding the written item keeps, and reports each part
 * that does not come back (the response envelope comes back through `batch`, when it is one).
 */
const checkKept = (given: unknown, out: JsonObject, settings: Settings, sink: Sink): Result<void> => {
  const base = "$.extensions.attribuly";
  if (!isObject(given)) {
    sink.drop(base, given, "extensions.attribuly must be an object");
    return succeed(undefined);
  }
  if (isEmpty(given)) {
    sink.drop(base, given, "an empty object does not survive");
    return succeed(undefined);
  }
  let onlyResponse = true;
  for (const key in given) if (key !== "response") onlyResponse = false;
  if (Object.hasOwn(given, "response") && !isEnvelope(given.response))
    sink.drop(pathKey(base, "response"), given.response, "not an attribuly response envelope (code 1, data without events)");
  if (onlyResponse) return succeed(undefined);
  const back = decodeItem({ value: out, path: "$" }, settings);
  if (!back.ok)
    return fail(
      back.errors.map((i) => ({ ...i, message: `internal: the attribuly encoder wrote an item it cannot read: ${i.message}` })),
    );
  const derived = (back.value.extensions?.attribuly ?? {}) as JsonObject;
  const keys = new Set([...Object.keys(given), ...Object.keys(derived)]);
  keys.delete("response");
  for (const key of keys) {
    const a = own(given, key);
    const b = own(derived, key);
    if (jsonEqual(a, b)) continue;
    const path = pathKey(base, key);
    if (isObject(a) && isObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
        if (!jsonEqual(own(a, k), own(b, k))) report(sink, pathKey(path, k), own(a, k), own(b, k));
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) report(sink, pathIndex(path, i), a[i], b[i]);
    } else report(sink, path, a, b);
  }
  return succeed(undefined);
};

const report = (sink: Sink, path: string, given: unknown, back: unknown): void => {
  if (back === undefined) sink.drop(path, given, "kept attribuly content the written item cannot hold as it is");
  else
    sink.losses.push(
      lossTo(
        path,
        given === undefined ? "defaulted" : "coerced",
        given,
        back,
        "the written attribuly item keeps this differently",
      ),
    );
};

// ---------------------------------------------------------------------------------------------
// responses
// ---------------------------------------------------------------------------------------------

const RESPONSE_INTEGERS = ["total", "page", "page_size"] as const;

/** Checks an API response (code 1, data with an events array, typed page fields); returns the issues. */
const checkResponse = (doc: JsonObject, path: string): Array<Issue> => {
  const code = doc.code;
  const message = doc.message;
  const codePath = pathKey(path, "code");
  if (typeof code !== "number" || !Number.isInteger(code)) return [issue(codePath, "integer", code)];
  if (code !== 1) {
    const reason = typeof message === "string" ? message : "no message";
    return [issue(codePath, "1 (success)", code, `${path}: Attribuly answered code ${code}: ${reason}`)];
  }
  const errors: Array<Issue> = [];
  if (Object.hasOwn(doc, "message") && typeof message !== "string")
    errors.push(issue(pathKey(path, "message"), "string", message));
  const data = doc.data;
  const dataPath = pathKey(path, "data");
  if (!isObject(data)) return [...errors, issue(dataPath, "object", data)];
  if (!Array.isArray(data.events)) errors.push(issue(pathKey(dataPath, "events"), "array of journey items", data.events));
  if (Object.hasOwn(data, "order_id") && typeof data.order_id !== "string")
    errors.push(issue(pathKey(dataPath, "order_id"), "string", data.order_id));
  if (Object.hasOwn(data, "shop_currency") && !fits("string", data.shop_currency))
    errors.push(issue(pathKey(dataPath, "shop_currency"), "string or null", data.shop_currency));
  for (const key of RESPONSE_INTEGERS)
    if (Object.hasOwn(data, key) && !(typeof data[key] === "number" && Number.isInteger(data[key])))
      errors.push(issue(pathKey(dataPath, key), "integer", data[key]));
  return errors;
};

/** A response, as opposed to a bare item: it has `code` or `data` and none of an item's own keys. */
const isResponse = (doc: JsonObject): boolean =>
  (Object.hasOwn(doc, "code") || Object.hasOwn(doc, "data")) &&
  !Object.hasOwn(doc, "event_id") &&
  !Object.hasOwn(doc, "event_at");

const explode = (document: unknown, path: string): Result<ReadonlyArray<WireRecord>> => {
  if (!isObject(document) || !isResponse(document)) return succeed([{ value: document, path }]);
  const errors = checkResponse(document, path);
  if (errors.length > 0) return fail(errors);
  const data = document.data as JsonObject;
  const envelope: JsonObject = {};
  for (const key in document) {
    if (key !== "data") {
      setOwn(envelope, key, document[key]);
      continue;
    }
    const kept: JsonObject = {};
    for (const k in data) if (k !== "events") setOwn(kept, k, data[k]);
    envelope.data = kept;
  }
  const events = data.events as ReadonlyArray<unknown>;
  const eventsPath = pathKey(pathKey(path, "data"), "events");
  return succeed(events.map((value, i) => ({ value, path: pathIndex(eventsPath, i), envelope })));
};

/** The largest page Attribuly serves (`page_size` max 100). */
const MAX_PAGE = 100;

const pageOf = (envelope: JsonObject, events: Array<unknown>, page: number | undefined, size: number): JsonObject => {
  const out: JsonObject = {};
  for (const key in envelope) {
    if (key !== "data") {
      setOwn(out, key, envelope[key]);
      continue;
    }
    const data = envelope.data as JsonObject;
    const d: JsonObject = {};
    for (const k in data) setOwn(d, k, data[k]);
    if (page !== undefined) {
      d.page = page;
      d.page_size = size;
    }
    d.events = events;
    out.data = d;
  }
  return out;
};

const batch = (items: ReadonlyArray<EncodedItem>, size: number): Result<ReadonlyArray<unknown>> => {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE)
    return fail([
      issue("$", `a batch size between 1 and ${MAX_PAGE}`, size, `attribuly pages hold 1 to ${MAX_PAGE} items, not ${size}`),
    ]);
  const out: Array<unknown> = [];
  let group: Array<unknown> = [];
  let groupKey: string | undefined;
  let groupEnvelope: JsonObject | undefined;
  let groupOrder: string | undefined;
  const flush = (): void => {
    if (group.length === 0) return;
    const pages = Math.ceil(group.length / size);
    for (let p = 0; p < pages; p++) {
      const events = group.slice(p * size, (p + 1) * size);
      if (groupEnvelope !== undefined) {
        out.push(pageOf(groupEnvelope, events, pages === 1 ? undefined : p + 1, size));
      } else {
        const data: JsonObject = {};
        if (groupOrder !== undefined) data.order_id = groupOrder;
        data.total = group.length;
        data.page = p + 1;
        data.page_size = size;
        data.events = events;
        out.push({ code: 1, message: "Service succeed", data });
      }
    }
    group = [];
  };
  for (const item of items) {
    const ext = item.event.extensions?.attribuly;
    const env = ext !== undefined && isEnvelope(ext.response) ? (ext.response as JsonObject) : undefined;
    const order = item.event.order?.id;
    const orderId = typeof order === "string" ? order : undefined;
    const key = env !== undefined ? `e${JSON.stringify(env)}` : `o${JSON.stringify(orderId ?? null)}`;
    if (key !== groupKey) {
      flush();
      groupKey = key;
      groupEnvelope = env;
      groupOrder = orderId;
    }
    group.push(item.value);
  }
  flush();
  return succeed(out);
};

// ---------------------------------------------------------------------------------------------
// public API
// ---------------------------------------------------------------------------------------------

const decodeRecord = (record: WireRecord, options: AttribulyOptions): Result<CanonicalEvent> => {
  const s = settingsOf(options, record.path);
  return s.ok ? decodeItem(record, s.value) : s;
};

/**
 * The `attribuly` codec (Attribuly order customer-journey items; input may be the whole API
 * response; `batch` writes response-shaped pages of at most 100 items).
 *
 * @example
 * import { attribuly } from "commerce-rosetta/attribuly"
 * const r = attribuly.decode({ value: { event_id: "e1", event_at: "2024-02-01 08:00:00", checkout_completed: { other_order_id: "o1", currency: "USD", total_price: 2750 } }, path: "$" }, {})
 * // r.ok && r.value.type === "order_completed" && r.value.order.total === 27.5
 *
 * @category codecs
 * @since 0.1.0
 */
export const attribuly: Codec = {
  id: "attribuly",
  description:
    "Attribuly order customer-journey items (or whole API responses); event_at in --zone (default UTC), prices in --money-unit",
  explode,
  freshEvents: true,
  decode: decodeRecord,
  encode: encodeEvent,
  batch,
  maxBatch: MAX_PAGE,
};

/**
 * Decodes one Attribuly journey item into a canonical event.
 *
 * @example
 * import { decodeAttribuly } from "commerce-rosetta/attribuly"
 * decodeAttribuly({ event_id: "e1", event_at: "2023-03-29 08:26:42", event_type: "direct" }, { zone: "Asia/Kolkata" })
 * // { ok: true, value: { type: "page_viewed", name: "Page Viewed", id: "e1", occurredAt: "2023-03-29T08:26:42+05:30", attribution: { channel: "direct" } } }
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeAttribuly = (input: unknown, options: AttribulyOptions = {}): Result<CanonicalEvent> =>
  decodeRecord({ value: input, path: "$" }, options);

/**
 * Encodes a canonical event as one Attribuly journey item, with the losses.
 *
 * @example
 * import { encodeAttribuly } from "commerce-rosetta/attribuly"
 * encodeAttribuly({ type: "order_completed", name: "Order Completed", occurredAt: "2024-02-01T08:00:00Z", order: { id: "o1", total: 27.5, currency: "USD" } })
 * // { ok: true, value: { value: { event_at: "2024-02-01 08:00:00", …, checkout_completed: { other_order_id: "o1", currency: "USD", total_price: 2750 }, … }, losses: [] } }
 *
 * @category encoding
 * @since 0.1.0
 */
export const encodeAttribuly = (event: CanonicalEvent, options: AttribulyOptions = {}): Result<Encoded> =>
  encodeEvent(event, options);

/**
 * Splits a parsed Attribuly document into journey items: a whole API response (rejected, with its
 * message, when its `code` is not 1) gives one record per item, each with the response's other
 * fields as its envelope; anything else is one item.
 *
 * @example
 * import { explodeAttribuly } from "commerce-rosetta/attribuly"
 * explodeAttribuly({ code: 1, message: "Service succeed", data: { order_id: "1", total: 1, page: 1, page_size: 20, events: [{ event_id: "e" }] } })
 * // { ok: true, value: [{ value: { event_id: "e" }, path: "$.data.events[0]", envelope: { code: 1, message: "Service succeed", data: { order_id: "1", total: 1, page: 1, page_size: 20 } } }] }
 *
 * @category decoding
 * @since 0.1.0
 */
export const explodeAttribuly = (document: unknown, path = "$"): Result<ReadonlyArray<WireRecord>> => explode(document, path);

/**
 * Regroups encoded journey items into API-response-shaped pages of at most `size` (≤ 100) items:
 * consecutive items decoded from the same response page go back into that page's envelope; other
 * items are grouped by order id.
 *
 * @example
 * import { batchAttribuly } from "commerce-rosetta/attribuly"
 * batchAttribuly([{ value: { event_id: "e" }, event: { type: "page_viewed", name: "Page Viewed" } }], 100)
 * // { ok: true, value: [{ code: 1, message: "Service succeed", data: { total: 1, page: 1, page_size: 100, events: [{ event_id: "e" }] } }] }
 *
 * @category encoding
 * @since 0.1.0
 */
export const batchAttribuly = (items: ReadonlyArray<EncodedItem>, size: number): Result<ReadonlyArray<unknown>> =>
  batch(items, size);
