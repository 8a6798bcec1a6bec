/**
 * A canonical event under construction: the object every decoder starts from and fills in place.
 *
 * @since 0.1.0
 */
import type { CanonicalEvent, Draft, EventType } from "./model.js";

/**
 * Starts a canonical event with its type and name, built key by key rather than as the literal
 * `{ type, name }`: callers keep decoded events (`translateAll` over an array, results held for a bulk
 * request), and V8 can pretenure an object literal's allocation site once many of its objects are
 * kept, after which every event from that site is allocated in the old generation (see
 * bench/README.md#why-the-code-looks-like-this).
 *
 * @example
 * const e = draftEvent("order_completed", "Order Completed")
 * e.id = "m-1" // { type: "order_completed", name: "Order Completed", id: "m-1" }
 *
 * @category constructors
 * @internal
 */
export const draftEvent = (type: EventType, name: string): Draft<CanonicalEvent> => {
  const event = {} as Draft<CanonicalEvent>;
  event.type = type;
  event.name = name;
  return event;
};
