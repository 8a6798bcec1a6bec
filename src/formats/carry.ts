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
import { isObject, type JsonObject, pathKey, setOwn } from "../core/json.js";
import { type Loss, lossList, lossOf, lossTo } from "../core/result.js";
import { parsePath } from "../lossless.js";
import { type LiftNotes, liftTable, setPath, Written, wouldLift, writeTable } from "./omnisend-api/codec.js";
import { type Field, LINE_ITEM, PROPERTIES, type Table } from "./omnisend-api/fields.js";

/** A destination's carrier: the rows it carries at the event level and in each line item. @internal */
export interface Carrier {
  readonly event: Table;
  readonly product: Table;
  /** What to do with a dropped loss, by its path: the same few paths recur on every record. */
  readonly plans: Map<string, Plan>;
}

/**
 * The carry decision for one loss path, worked out once: keep the loss (`keep`), carry a product
 * field into line item `index` under `key`, carry an event-level path whatever its value (`always`),
 * or carry it when every leaf of its value has a row (`leaves`).
 */
type Plan =
  | { readonly t: "keep" }
  | { readonly t: "product"; readonly index: number; readonly key: string }
  | { readonly t: "always"; readonly segs: ReadonlyArray<string> }
  | { readonly t: "leaves"; readonly segs: ReadonlyArray<string>; readonly dotted: string };

const KEEP: Plan = { t: "keep" };
/** Plans kept per carrier; past this many (product indices, odd keys) the memo starts over. */
const MAX_PLANS = 4096;

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
  plans: new Map(),
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
    const plan = planOf(carrier, l.path);
    switch (plan.t) {
      case "product": {
        if (items === undefined || items[plan.index] === undefined) break;
        let src = perProduct.get(plan.index);
        if (src === undefined) perProduct.set(plan.index, (src = {}));
        src[plan.key] = l.value;
        continue;
      }
      case "always":
        setPath(top, plan.segs, l.value);
        continue;
      case "leaves":
        if (!carries(carrier.event, plan.dotted, l.value)) break;
        setPath(top, plan.segs, l.value);
        continue;
      case "keep":
        break;
    }
    kept.push(l);
  }
  const sink = { losses: kept, errors: [] };
  const written = new Written();
  // the canonical event's own fields win a key over a custom property of the same name (as in
  // omnisend-api), which is then reported: written apart, then merged in place
  const carried: JsonObject = {};
  writeTable(top, carrier.event, carried, written, "$", sink);
  for (const key in carried) {
    if (Object.hasOwn(props, key)) {
      const from = carrier.event.byWire.get(key)?.dotted ?? key;
      if (custom === undefined || !Object.hasOwn(custom, key) || custom[key] === undefined) {
        // a key the destination wrote itself: the carried value yields
        kept.push(lossOf(`$.${from}`, "dropped", carried[key], `the key ${key} is already taken`));
        continue;
      }
      kept.push(lossOf(pathKey("$.properties", key), "dropped", custom[key], `the key ${key} is written from ${from}`));
    }
    setOwn(props, key, carried[key]);
  }
  for (const [i, src] of perProduct) {
    const item = items?.[i] as JsonObject;
    writeTable(src, carrier.product, item, new Written(), `$.products[${i}]`, sink);
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

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The plan for a loss path, from the carrier's memo or worked out now. */
const planOf = (carrier: Carrier, path: string): Plan => {
  let plan = carrier.plans.get(path);
  if (plan !== undefined) return plan;
  plan = makePlan(carrier, path);
  if (carrier.plans.size >= MAX_PLANS) carrier.plans.clear();
  carrier.plans.set(path, plan);
  return plan;
};

const makePlan = (carrier: Carrier, path: string): Plan => {
  const m = PRODUCT.exec(path);
  if (m !== null) {
    const key = m[2] as string;
    return carrier.product.byPath.has(key) && IDENTIFIER.test(key) ? { t: "product", index: Number(m[1]), key } : KEEP;
  }
  const parsed = parsePath(path);
  if (parsed === undefined || parsed.length === 0 || parsed.some((x) => typeof x !== "string")) return KEEP;
  const segs = parsed as Array<string>;
  // an object row of a part holding the path carries it whatever the value
  for (let i = 1; i < segs.length; i++)
    if (carrier.event.byPath.get(segs.slice(0, i).join("."))?.[0]?.object !== undefined) return { t: "always", segs };
  const dotted = segs.join(".");
  if (carrier.event.byPath.has(dotted)) return { t: "always", segs };
  // a part is carried when its leaves are: only worth a look when some row lies under it
  const under = `${dotted}.`;
  return carrier.event.rows.some((f) => f.dotted.startsWith(under)) ? { t: "leaves", segs, dotted } : KEEP;
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
