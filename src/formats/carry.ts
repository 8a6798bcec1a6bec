/**
 * Carrying in a free-form area: the canonical fields a destination has no key of its own for travel
 * in its free-form object (Omnisend `properties`, a line item's extra keys) under the names
 * `mappings/omnisend-api.json` gives them — Omnisend's own property names where the Events API has one
 * (`createdAt`, `billingAddress`, `productVariantTitle`), the Segment / Customer.io property name
 * otherwise (`query`, `promotion_id`, `share_via`) — and are read back from there.
 *
 * A carrier is built for one destination from the canonical paths it already maps: those are never
 * carried (the destination's own key wins), everything else is. Encoding hands the carrier the
 * `dropped` losses of its encode; what fits a free key is written and its loss replaced by what
 * could not be carried. Decoding lifts those keys back into the canonical event where the path is
 * still empty.
 *
 * @since 0.2.0
 */
import { isObject, type JsonObject, pathKey } from "../core/json.js";
import { type Loss, lossList, lossTo } from "../core/result.js";
import { parsePath } from "../lossless.js";
import { type LiftNotes, liftTable, setPath, type Written, wouldLift, writeTable } from "./omnisend-api/codec.js";
import { type Field, LINE_ITEM, PROPERTIES, type Table } from "./omnisend-api/fields.js";

/** A destination's carrier: the rows it carries at the event level and in each line item. @internal */
export interface Carrier {
  readonly event: Table;
  readonly product: Table;
}

const restrict = (table: Table, keep: (f: Field) => boolean): Table => {
  const rows = table.rows.filter(keep);
  const byWire = new Map<string, Field>();
  const byPath = new Map<string, Array<Field>>();
  for (const f of rows) {
    if (!byWire.has(f.wire)) byWire.set(f.wire, f);
    const list = byPath.get(f.dotted);
    if (list === undefined) byPath.set(f.dotted, [f]);
    else list.push(f);
  }
  return { rows, byWire, byPath };
};

/**
 * The carrier of a destination that maps `eventPaths` (canonical paths: `order.id`) and
 * `productPaths` (product keys: `price`) with keys of its own; `reserved` are free-form keys it
 * writes itself (never carried under).
 *
 * @example
 * const c = carrierFor(new Set(["order.id"]), new Set(["id"]), new Set())
 * c.event.byWire.has("query") // true
 *
 * @category free-form
 * @internal
 */
export const carrierFor = (
  eventPaths: ReadonlySet<string>,
  productPaths: ReadonlySet<string>,
  reserved: ReadonlySet<string>,
): Carrier => ({
  event: restrict(
    PROPERTIES,
    (f) =>
      !eventPaths.has(f.dotted) &&
      f.path[0] !== "id" &&
      f.path[0] !== "occurredAt" &&
      !reserved.has(f.wire) &&
      // an object row stands for a whole part: not when the destination maps some of its keys itself
      (f.object === undefined || ![...eventPaths].some((p) => p.startsWith(`${f.dotted}.`))),
  ),
  product: restrict(LINE_ITEM, (f) => !productPaths.has(f.dotted) && f.kind !== "sku"),
});

/**
 * Lifts the carried keys of a free-form object into `target` (where the path is empty); returns the
 * keys not lifted, or `undefined` when there are none.
 *
 * @category free-form
 * @internal
 */
export const liftCarried = (raw: JsonObject, table: Table, target: JsonObject): JsonObject | undefined => {
  const notes: LiftNotes = { numeric: false };
  return liftTable(raw, table, target, notes);
};

const PRODUCT = /^\$\.products\[(\d+)\]\.(.+)$/;

/**
 * Writes the values of `dropped` losses into the free-form objects (`props` for event-level paths,
 * `items[i]` for `$.products[i].key`), and returns the losses with each carried one replaced by what
 * could not be carried. `custom` is the event's own custom properties already in `props`: one the
 * destination would read back as a canonical field is reported as moved.
 *
 * @category free-form
 * @internal
 */
export const carryLosses = (
  losses: ReadonlyArray<Loss>,
  carrier: Carrier,
  props: JsonObject,
  items: ReadonlyArray<JsonObject> | undefined,
  event: JsonObject,
  custom: JsonObject | undefined,
): Array<Loss> => {
  let anyDropped = false;
  for (let i = 0; i < losses.length; i++) if ((losses[i] as Loss).kind === "dropped") anyDropped = true;
  // nothing to carry and no custom property to check: the losses as they are
  if (!anyDropped && custom === undefined) return losses as Array<Loss>;
  const kept = lossList();
  const top: JsonObject = {};
  const perProduct = new Map<number, JsonObject>();
  for (const l of losses) {
    if (l.kind !== "dropped") {
      kept.push(l);
      continue;
    }
    const m = PRODUCT.exec(l.path);
    if (m !== null && items !== undefined) {
      const i = Number(m[1]);
      const key = m[2] as string;
      const row = carrier.product.byPath.get(key);
      if (row !== undefined && items[i] !== undefined && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) {
        let src = perProduct.get(i);
        if (src === undefined) perProduct.set(i, (src = {}));
        src[key] = l.value;
        continue;
      }
      kept.push(l);
      continue;
    }
    const segs = parsePath(l.path);
    if (
      segs === undefined ||
      segs.length === 0 ||
      segs.some((s) => typeof s !== "string") ||
      !carriesPath(carrier.event, segs as Array<string>, l.value)
    ) {
      kept.push(l);
      continue;
    }
    setPath(top, segs as Array<string>, l.value);
  }
  const sink = { losses: kept, errors: [] };
  const written: Written = new Map();
  writeTable(
    top,
    carrier.event,
    props,
    written,
    "$",
    sink,
    () => false,
    () => false,
  );
  for (const [i, src] of perProduct) {
    const item = items?.[i] as JsonObject;
    writeTable(
      src,
      carrier.product,
      item,
      new Map(),
      `$.products[${i}]`,
      sink,
      () => false,
      () => false,
    );
  }
  if (custom !== undefined)
    for (const key in custom) {
      const v = custom[key];
      const f = carrier.event.byWire.get(key);
      if (v === undefined || f === undefined || written.has(f.dotted) || !wouldLift(f, v, event)) continue;
      kept.push(lossTo(pathKey("$.properties", key), "moved", v, `$.${f.dotted}`, `the key ${key} is read as ${f.dotted}`));
    }
  return kept;
};

/** Whether a canonical path has carried rows: its own, an object row of a part holding it, or rows for all its leaves. */
const carriesPath = (table: Table, segs: ReadonlyArray<string>, v: unknown): boolean => {
  for (let i = 1; i < segs.length; i++) if (table.byPath.get(segs.slice(0, i).join("."))?.[0]?.object !== undefined) return true;
  return carries(table, segs.join("."), v);
};

/** Whether a canonical path (or a part whose leaves are) has carried rows. */
const carries = (table: Table, dotted: string, v: unknown): boolean => {
  if (table.byPath.has(dotted)) return true;
  if (!isObject(v)) return false;
  let any = false;
  for (const key in v) {
    if (v[key] === undefined) continue;
    if (!carries(table, `${dotted}.${key}`, v[key])) return false;
    any = true;
  }
  return any;
};
