/**
 * The canonical event types, apart from the schema that uses them: the format codecs, detection
 * and the CLI read them without loading effect's Schema.
 *
 * @since 0.1.0
 */
import eventsTable from "../../mappings/events.json" with { type: "json" };
import { type Issue, issue } from "../core/result.js";

/**
 * Every canonical event type: the 28 Customer.io / Segment semantic events, five more (`order_paid`, `order_fulfilled`, `product_ordered`, `page_viewed`, `screen_viewed`), and `custom`.
 *
 * @example
 * import { EVENT_TYPES } from "commerce-rosetta"
 * EVENT_TYPES.includes("order_completed") // true
 *
 * @category models
 * @since 0.1.0
 */
export const EVENT_TYPES = [
  "product_list_viewed",
  "product_list_filtered",
  "products_searched",
  "promotion_viewed",
  "promotion_clicked",
  "product_clicked",
  "product_viewed",
  "product_added",
  "product_removed",
  "cart_viewed",
  "checkout_started",
  "checkout_step_viewed",
  "checkout_step_completed",
  "payment_info_entered",
  "order_updated",
  "order_completed",
  "order_refunded",
  "order_cancelled",
  "coupon_entered",
  "coupon_applied",
  "coupon_denied",
  "coupon_removed",
  "product_added_to_wishlist",
  "product_removed_from_wishlist",
  "wishlist_product_added_to_cart",
  "product_shared",
  "cart_shared",
  "product_reviewed",
  "order_paid",
  "order_fulfilled",
  "product_ordered",
  "page_viewed",
  "screen_viewed",
  "custom",
] as const;

/**
 * A canonical event type.
 *
 * @example
 * import type { EventType } from "commerce-rosetta"
 * const t: EventType = "product_viewed"
 *
 * @category models
 * @since 0.1.0
 */
export type EventType = (typeof EVENT_TYPES)[number];

if (eventsTable.events.length + 1 !== EVENT_TYPES.length) {
  throw new Error("mappings/events.json and EVENT_TYPES disagree");
}

const TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * Whether a value is one of the canonical event types.
 *
 * @example
 * import { isEventType } from "commerce-rosetta"
 * isEventType("order_completed") // true
 * isEventType("Order Completed") // false
 *
 * @category guards
 * @since 0.1.0
 */
export const isEventType = (u: unknown): u is EventType => typeof u === "string" && TYPE_SET.has(u);

/**
 * What an encoder finds wrong with the head of the event it is given: not an object, a `type` that is
 * not a canonical type, a `name` that is not a non-empty string; `undefined` when all is well. The API
 * types an encoder's input, but JavaScript callers need not follow the types: this turns what would
 * be a TypeError deep in an encoder into issues with JSONPaths.
 *
 * @example
 * import { eventHeadIssues } from "commerce-rosetta"
 * eventHeadIssues({ type: "custom", name: "Signed Up" }) // undefined
 * eventHeadIssues({ type: "bogus", name: "" })?.map((i) => i.path) // ["$.type", "$.name"]
 *
 * @category validation
 * @since 0.1.0
 */
export const eventHeadIssues = (event: unknown): Array<Issue> | undefined => {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return [issue("$", "a canonical event object", event)];
  const { type, name } = event as { type?: unknown; name?: unknown };
  if (isEventType(type) && typeof name === "string" && name.length > 0) return undefined;
  const issues: Array<Issue> = [];
  if (!isEventType(type)) issues.push(issue("$.type", `one of ${EVENT_TYPES.join(", ")}`, type));
  if (typeof name !== "string" || name.length === 0) issues.push(issue("$.name", "a non-empty event name", name));
  return issues;
};
