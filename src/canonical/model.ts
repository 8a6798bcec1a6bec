/**
 * The canonical ecommerce event: one model every vendor format decodes into and encodes from.
 *
 * It is defined once, as an Effect `Schema`, from which the TypeScript types, the published JSON
 * Schema (`rosetta schema canonical`) and the validator for `--from canonical` input all derive.
 * Every optional scalar is `T | null`: absent means the source did not say, `null` means it said null.
 * Money amounts are decimal numbers in major units, with the currency beside them.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema";
import { EVENT_TYPES } from "./event-types.js";
import { isTimestamp } from "./time.js";
import type * as Generated from "./types.generated.js";

export { EVENT_TYPES, type EventType } from "./event-types.js";

const opt = Schema.optionalKey;
const Str = Schema.NullOr(Schema.String);
const Num = Schema.NullOr(Schema.Number.check(Schema.isFinite()));
const Int = Schema.NullOr(Schema.Int);
const Strings = Schema.NullOr(Schema.Array(Schema.String));
const JsonRecord = Schema.Record(Schema.String, Schema.Unknown);
const Objects = Schema.NullOr(Schema.Array(JsonRecord));
const Bool = Schema.NullOr(Schema.Boolean);

/** An ISO-8601 / RFC 3339 date-time whose date exists in the calendar. */
const Timestamp = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})$/u),
  Schema.makeFilter((s: string) => isTimestamp(s), {
    expected: "an ISO-8601 date-time with a real calendar date",
  }),
).annotate({ description: "ISO-8601 date-time as the source spelled it (offset and precision kept)" });

/** @category schemas */
export const Identity = Schema.Struct({
  userId: opt(Str),
  anonymousId: opt(Str),
  email: opt(Str),
  phone: opt(Str),
  redoCustomerId: opt(Str),
  omnisendContactId: opt(Str),
}).annotate({ identifier: "Identity", description: "Who the event is about" });

/** @category schemas */
export const Location = Schema.Struct({
  street1: opt(Str),
  street2: opt(Str),
  city: opt(Str),
  state: opt(Str),
  stateCode: opt(Str),
  postalCode: opt(Str),
  country: opt(Str),
  countryCode: opt(Str),
  timeZone: opt(Str),
  latitude: opt(Num),
  longitude: opt(Num),
}).annotate({ identifier: "Location" });

/** @category schemas */
export const Customer = Schema.Struct({
  firstName: opt(Str),
  lastName: opt(Str),
  location: opt(Schema.NullOr(Location)),
  customFields: opt(Schema.NullOr(JsonRecord)),
  /** `YYYY-MM-DD` as the source gave it. */
  birthdate: opt(Str),
  /** As the source gave it (Omnisend: `m` or `f`). */
  gender: opt(Str),
  /** The customer's profile tags. */
  tags: opt(Strings),
}).annotate({ identifier: "Customer", description: "The customer's profile" });

/** @category schemas */
export const Order = Schema.Struct({
  id: opt(Str),
  number: opt(Str),
  checkoutId: opt(Str),
  cartId: opt(Str),
  affiliation: opt(Str),
  total: opt(Num),
  subtotal: opt(Num),
  revenue: opt(Num),
  value: opt(Num),
  shipping: opt(Num),
  tax: opt(Num),
  discount: opt(Num),
  coupon: opt(Str),
  currency: opt(Str),
  paymentStatus: opt(Str),
  fulfillmentStatus: opt(Str),
  recoveryUrl: opt(Str),
  /** When the order was created in the store, as the source spelled it. */
  createdAt: opt(Str),
  /** Whether the subtotal includes tax. */
  subtotalTaxIncluded: opt(Bool),
  /** The discounts applied, each as the source gave it (Omnisend: `{amount, code, type}`). */
  discounts: opt(Objects),
  /** The page where the customer sees the order's status. */
  statusUrl: opt(Str),
  note: opt(Str),
  tags: opt(Strings),
  cancelReason: opt(Str),
  /** The amount refunded in major units (Omnisend `totalRefundedAmount`). */
  refunded: opt(Num),
  /** The tax refunded in major units. */
  refundedTax: opt(Num),
  /** The billing address (Omnisend's read into `firstName, lastName, company, street1, street2, city, state, stateCode, postalCode, country, countryCode, phone`). */
  billingAddress: opt(Schema.NullOr(JsonRecord)),
  /** The shipping address, as `billingAddress`. */
  shippingAddress: opt(Schema.NullOr(JsonRecord)),
  /** The shipment's tracking (Omnisend's read into `code, carrier, url`). */
  tracking: opt(Schema.NullOr(JsonRecord)),
}).annotate({ identifier: "Order", description: "Order, checkout or cart; amounts in major units of currency" });

/** @category schemas */
export const Product = Schema.Struct({
  id: opt(Str),
  variantId: opt(Str),
  sku: opt(Str),
  name: opt(Str),
  variant: opt(Str),
  brand: opt(Str),
  category: opt(Str),
  categoryIds: opt(Strings),
  tags: opt(Strings),
  price: opt(Num),
  quantity: opt(Int),
  discount: opt(Num),
  coupon: opt(Str),
  position: opt(Num),
  url: opt(Str),
  imageUrl: opt(Str),
  currency: opt(Str),
  description: opt(Str),
  /** The price before a markdown (Omnisend `productStrikeThroughPrice`, `oldPrice`), major units. */
  compareAtPrice: opt(Num),
  weight: opt(Num),
  variantImageUrl: opt(Str),
  /** The product's categories, each as the source gave it (Omnisend: `{id, title}`). */
  categories: opt(Objects),
  properties: opt(JsonRecord),
}).annotate({ identifier: "Product", description: "A product; price per unit in major units" });

/** @category schemas */
export const List = Schema.Struct({
  id: opt(Str),
  category: opt(Str),
  filters: opt(Objects),
  sorts: opt(Objects),
}).annotate({ identifier: "ProductList" });

/** @category schemas */
export const Search = Schema.Struct({ query: opt(Str) }).annotate({ identifier: "Search" });

/** @category schemas */
export const Promotion = Schema.Struct({
  id: opt(Str),
  creative: opt(Str),
  name: opt(Str),
  position: opt(Str),
}).annotate({ identifier: "Promotion" });

/** @category schemas */
export const Checkout = Schema.Struct({
  id: opt(Str),
  step: opt(Int),
  shippingMethod: opt(Str),
  paymentMethod: opt(Str),
}).annotate({ identifier: "Checkout" });

/** @category schemas */
export const Coupon = Schema.Struct({
  id: opt(Str),
  name: opt(Str),
  reason: opt(Str),
  discount: opt(Num),
}).annotate({ identifier: "Coupon" });

/** @category schemas */
export const Wishlist = Schema.Struct({ id: opt(Str), name: opt(Str) }).annotate({ identifier: "Wishlist" });

/** @category schemas */
export const Share = Schema.Struct({ via: opt(Str), message: opt(Str), recipient: opt(Str) }).annotate({
  identifier: "Share",
});

/** @category schemas */
export const Review = Schema.Struct({ id: opt(Str), body: opt(Str), rating: opt(Num) }).annotate({
  identifier: "Review",
});

/** @category schemas */
export const Value = Schema.Struct({ amount: opt(Num), currency: opt(Str) }).annotate({
  identifier: "Value",
  description: "The event's monetary value in major units",
});

/** @category schemas */
export const Page = Schema.Struct({
  url: opt(Str),
  title: opt(Str),
  referrer: opt(Str),
  path: opt(Str),
  search: opt(Str),
}).annotate({ identifier: "Page" });

/** @category schemas */
export const Device = Schema.Struct({ ip: opt(Str), userAgent: opt(Str) }).annotate({ identifier: "Device" });

/** @category schemas */
export const Attribution = Schema.Struct({
  campaign: opt(Str),
  source: opt(Str),
  medium: opt(Str),
  term: opt(Str),
  content: opt(Str),
  channel: opt(Str),
  creator: opt(Schema.NullOr(JsonRecord)),
  ad: opt(Schema.NullOr(JsonRecord)),
  email: opt(Schema.NullOr(JsonRecord)),
  socialMedia: opt(Schema.NullOr(JsonRecord)),
  organicSearch: opt(Schema.NullOr(JsonRecord)),
}).annotate({ identifier: "Attribution", description: "Where the event came from: campaign, channel and details" });

/**
 * The canonical event schema (Effect `Schema`). Unknown keys are rejected when validating with
 * {@link validateCanonical}; format-specific content lives under `extensions.<format>`.
 *
 * @example
 * import { Schema } from "effect"
 * import { CanonicalEventSchema } from "commerce-rosetta"
 * Schema.decodeUnknownSync(CanonicalEventSchema)({ type: "custom", name: "Signed Up" })
 *
 * @category schemas
 * @since 0.1.0
 */
export const CanonicalEventSchema = Schema.Struct({
  type: Schema.Literals(EVENT_TYPES),
  name: Schema.String.check(Schema.isMinLength(1)),
  id: opt(Str),
  occurredAt: opt(Schema.NullOr(Timestamp)),
  identity: opt(Identity),
  customer: opt(Customer),
  order: opt(Order),
  products: opt(Schema.NullOr(Schema.Array(Product))),
  /** The products refunded, beside the order's own products (Omnisend `refundedLineItems`). */
  refundedProducts: opt(Schema.NullOr(Schema.Array(Product))),
  /** The cart's contents when `products` holds the product the event is about (Omnisend `addedItem` vs `lineItems`). */
  cartProducts: opt(Schema.NullOr(Schema.Array(Product))),
  list: opt(List),
  search: opt(Search),
  promotion: opt(Promotion),
  checkout: opt(Checkout),
  coupon: opt(Coupon),
  wishlist: opt(Wishlist),
  share: opt(Share),
  review: opt(Review),
  value: opt(Value),
  page: opt(Page),
  device: opt(Device),
  attribution: opt(Attribution),
  properties: opt(JsonRecord),
  extensions: opt(Schema.Record(Schema.String, JsonRecord)),
}).annotate({
  identifier: "CanonicalEvent",
  title: "commerce-rosetta canonical event",
  description:
    "One ecommerce event in commerce-rosetta's canonical model. Amounts are decimal numbers in major units; `null` is a value, an absent key is 'not said'.",
});

/**
 * A canonical event (the type of {@link CanonicalEventSchema}, generated as plain TypeScript so the
 * published types need no effect: test/types/canonical-types.test.ts holds the two equal).
 *
 * @example
 * import type { CanonicalEvent } from "commerce-rosetta"
 * const e: CanonicalEvent = { type: "order_completed", name: "Order Completed", order: { id: "1", total: 27.5, currency: "USD" } }
 *
 * @category models
 * @since 0.1.0
 */
export type CanonicalEvent = Generated.CanonicalEvent;

/** @category models */
export type CanonicalProduct = Generated.CanonicalProduct;

/**
 * Removes `readonly` all the way down: codecs build canonical events in place, then hand them out
 * as read-only values.
 *
 * @example
 * import type { Draft, CanonicalEvent } from "commerce-rosetta"
 * const e: Draft<CanonicalEvent> = { type: "custom", name: "x" }
 * e.name = "y"
 *
 * @category models
 * @since 0.1.0
 */
export type Draft<T> =
  T extends ReadonlyArray<infer U> ? Array<Draft<U>> : T extends object ? { -readonly [K in keyof T]: Draft<T[K]> } : T;
