/**
 * The canonical event types, apart from the schema that uses them: the format codecs, detection
 * and the CLI read them without loading effect's Schema.
 *
 * @since 0.1.0
 */
import eventsTable from "../../mappings/events.json" with { type: "json" };

/**
 * Every canonical event type: the 28 Customer.io / Segment semantic events, four more, and `custom`.
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
