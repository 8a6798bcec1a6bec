/**
 * The event-name table (`mappings/events.json`) as lookups: the name each format gives a canonical
 * type, and the type a name stands for. Callers may override names per format.
 *
 * @since 0.1.0
 */

import table from "../../mappings/events.json" with { type: "json" };
import aliases from "../../mappings/segment-aliases.json" with { type: "json" };
import type { EventType } from "./model.js";

/**
 * A row of the event-name table.
 *
 * @example
 * import { EVENT_NAME_TABLE } from "commerce-rosetta"
 * EVENT_NAME_TABLE.find((r) => r.type === "order_completed")?.omnisend // "placed order"
 *
 * @category mappings
 * @since 0.1.0
 */
export interface EventNameRow {
  readonly type: Exclude<EventType, "custom">;
  readonly customerio: string;
  readonly omnisend: string | null;
  readonly redo: string;
  readonly attribuly: string | null;
}

/**
 * The event-name table, one row per canonical type (all but `custom`).
 *
 * @example
 * import { EVENT_NAME_TABLE } from "commerce-rosetta"
 * EVENT_NAME_TABLE.length // 32
 *
 * @category mappings
 * @since 0.1.0
 */
export const EVENT_NAME_TABLE = table.events as ReadonlyArray<EventNameRow>;

/**
 * Segment v1 / Google Analytics-era names that decode to a v2 type (`Viewed Product` → `product_viewed`).
 *
 * @example
 * import { SEGMENT_ALIASES } from "commerce-rosetta"
 * SEGMENT_ALIASES["Viewed Product"] // "product_viewed"
 *
 * @category mappings
 * @since 0.1.0
 */
export const SEGMENT_ALIASES = aliases.aliases as Readonly<Record<string, Exclude<EventType, "custom">>>;

const ROWS = new Map<EventType, EventNameRow>(EVENT_NAME_TABLE.map((r) => [r.type, r]));

/**
 * The row of the event-name table for a type (`undefined` for `custom`).
 *
 * @example
 * import { eventNameRow } from "commerce-rosetta"
 * eventNameRow("order_cancelled")?.omnisend // "order canceled"
 *
 * @category mappings
 * @since 0.1.0
 */
export const eventNameRow = (type: EventType): EventNameRow | undefined => ROWS.get(type);

/**
 * A name as the lookups compare it: lower-case, without spaces, underscores and hyphens
 * (`Order Completed`, `order_completed`, `ORDER-COMPLETED` and `ordercompleted` are one name).
 *
 * @example
 * import { normalizeEventName } from "commerce-rosetta"
 * normalizeEventName("Checkout Step_Completed") // "checkoutstepcompleted"
 *
 * @category mappings
 * @since 0.2.0
 */
export const normalizeEventName = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, "");

/**
 * Builds a name → type lookup from name/type pairs: exact spelling first, then regardless of case,
 * spaces, underscores and hyphens ({@link normalizeEventName}); `exact` asks for the spelling to the
 * letter only.
 *
 * @example
 * import { nameLookup } from "commerce-rosetta"
 * const find = nameLookup([["Order Completed", "order_completed"]])
 * find("order_completed") // "order_completed"
 *
 * @category mappings
 * @since 0.1.0
 */
export const nameLookup = (
  pairs: Iterable<readonly [string, Exclude<EventType, "custom">]>,
): ((name: string, exact?: boolean) => Exclude<EventType, "custom"> | undefined) => {
  const exact = new Map<string, Exclude<EventType, "custom">>();
  const folded = new Map<string, Exclude<EventType, "custom">>();
  for (const [name, type] of pairs) {
    if (!exact.has(name)) exact.set(name, type);
    const f = normalizeEventName(name);
    if (!folded.has(f)) folded.set(f, type);
  }
  // the last name looked up by its folded spelling: a translation looks a custom name up when decoding and again when encoding
  let lastName: string | undefined;
  let lastType: Exclude<EventType, "custom"> | undefined;
  return (name, exactOnly = false) => {
    const hit = exact.get(name);
    if (hit !== undefined || exactOnly) return hit;
    if (name !== lastName) {
      lastType = folded.get(normalizeEventName(name));
      lastName = name;
    }
    return lastType;
  };
};
