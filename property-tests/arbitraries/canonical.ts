/**
 * fast-check arbitraries for canonical events: every type, every part, every field, with nulls,
 * empty strings, zeros, unicode, `__proto__` keys, 0/2/3-decimal currencies and offset timestamps.
 * Each generated event is valid under the canonical schema (a property test checks that).
 */
import fc from "fast-check";
import { type CanonicalEvent, EVENT_TYPES, type EventType } from "../../src/canonical/model.js";
import { EVENT_NAME_TABLE, SEGMENT_ALIASES } from "../../src/canonical/names.js";
import { amount, currency, edgeString, jsonObject, jsonValue, objectOf, partial, timestamp } from "./common.js";

const str = edgeString;
const nonEmpty = fc.string({ minLength: 1, maxLength: 12 });
const int = fc.oneof(fc.constantFrom(0, 1, 2, 100), fc.integer({ min: -5, max: 1000 }));
const num = fc.oneof(amount(2), amount(3), amount(0));
const strings = fc.array(str, { maxLength: 3 });

/** A canonical product with any subset of its fields. */
export const canonicalProduct = fc
  .tuple(
    partial({
      id: str,
      variantId: str,
      sku: str,
      name: str,
      variant: str,
      brand: str,
      category: str,
      categoryIds: strings,
      tags: strings,
      price: num,
      quantity: int,
      discount: num,
      coupon: str,
      position: int,
      url: str,
      imageUrl: str,
      currency,
      description: str,
      compareAtPrice: num,
      weight: num,
      variantImageUrl: str,
      categories: fc.array(jsonObject(2), { maxLength: 2 }),
    }),
    fc.option(jsonObject(3), { nil: undefined }),
  )
  .map(([fields, properties]) => (properties === undefined ? fields : { ...fields, properties }));

const parts = {
  order: partial({
    id: str,
    number: str,
    checkoutId: str,
    cartId: str,
    affiliation: str,
    total: num,
    subtotal: num,
    revenue: num,
    value: num,
    shipping: num,
    tax: num,
    discount: num,
    coupon: str,
    currency,
    paymentStatus: str,
    fulfillmentStatus: str,
    recoveryUrl: str,
    createdAt: str,
    subtotalTaxIncluded: fc.boolean(),
    discounts: fc.array(jsonObject(2), { maxLength: 2 }),
    statusUrl: str,
    note: str,
    tags: strings,
    cancelReason: str,
    refunded: num,
    refundedTax: num,
    billingAddress: jsonObject(2),
    tracking: jsonObject(2),
  }),
  list: partial({
    id: str,
    category: str,
    filters: fc.array(jsonObject(2), { maxLength: 2 }),
    sorts: fc.array(jsonObject(2), { maxLength: 2 }),
  }),
  search: partial({ query: str }),
  promotion: partial({ id: str, creative: str, name: str, position: str }),
  checkout: partial({ id: str, step: int, shippingMethod: str, paymentMethod: str }),
  coupon: partial({ id: str, name: str, reason: str, discount: num }),
  wishlist: partial({ id: str, name: str }),
  share: partial({ via: str, message: str, recipient: str }),
  review: partial({ id: str, body: str, rating: fc.integer({ min: 0, max: 5 }) }),
  value: partial({ amount: num, currency }),
  page: partial({ url: str, title: str, referrer: str, path: str, search: str }),
  device: partial({ ip: str, userAgent: str }),
  attribution: partial({
    campaign: str,
    source: str,
    medium: str,
    term: str,
    content: str,
    channel: str,
    creator: jsonObject(2),
    ad: jsonObject(2),
    email: jsonObject(2),
    socialMedia: jsonObject(2),
    organicSearch: jsonObject(2),
  }),
  customer: partial(
    {
      firstName: str,
      lastName: str,
      location: partial({ street1: str, city: str, countryCode: str, timeZone: str, latitude: num, longitude: num }),
      customFields: jsonObject(3),
      birthdate: str,
      gender: str,
      tags: strings,
    },
    true,
  ),
} as const;

const identity = partial({
  userId: nonEmpty,
  anonymousId: nonEmpty,
  email: str,
  phone: str,
  redoCustomerId: str,
  omnisendContactId: str,
});

/** A name for a type: its spelling in some format (or an alias), or anything for `custom`. */
const nameFor = (type: EventType): fc.Arbitrary<string> => {
  if (type === "custom")
    return fc.oneof(nonEmpty, fc.constantFrom("Signed Up", "wishlist reminder sent", "Purchase Milestone Reached"));
  const row = EVENT_NAME_TABLE.find((r) => r.type === type);
  const names = new Set<string>();
  if (row !== undefined) {
    names.add(row.customerio);
    names.add(row.redo);
    if (row.omnisend !== null) names.add(row.omnisend);
  }
  for (const [alias, t] of Object.entries(SEGMENT_ALIASES)) if (t === type) names.add(alias);
  return fc.constantFrom(...names);
};

/** Options: which parts to generate (defaults to all). */
export interface CanonicalArbitraryOptions {
  /** Generate `extensions` of a foreign format (default true). */
  readonly extensions?: boolean;
  /** Require a userId or anonymousId (default false). */
  readonly identified?: boolean;
  /** Restrict the types. */
  readonly types?: ReadonlyArray<EventType>;
}

/**
 * Canonical events of every type with any subset of parts.
 */
export const canonicalEvent = (options: CanonicalArbitraryOptions = {}): fc.Arbitrary<CanonicalEvent> =>
  fc
    .constantFrom(...(options.types ?? EVENT_TYPES))
    .chain((type) =>
      fc.record(
        {
          type: fc.constant(type),
          name: nameFor(type),
          id: fc.oneof(str, fc.constant(null)),
          occurredAt: fc.oneof({ weight: 5, arbitrary: timestamp }, { weight: 1, arbitrary: fc.constant(null) }),
          identity: options.identified
            ? fc
                .tuple(identity, fc.oneof(fc.constant("userId"), fc.constant("anonymousId")), nonEmpty)
                .map(([i, key, v]) => ({ ...i, [key]: v }))
            : identity,
          customer: parts.customer,
          order: parts.order,
          products: fc.oneof(
            { weight: 6, arbitrary: fc.array(canonicalProduct, { maxLength: 3 }) },
            { weight: 1, arbitrary: fc.constant(null) },
          ),
          list: parts.list,
          search: parts.search,
          promotion: parts.promotion,
          checkout: parts.checkout,
          coupon: parts.coupon,
          wishlist: parts.wishlist,
          share: parts.share,
          review: parts.review,
          value: parts.value,
          page: parts.page,
          device: parts.device,
          attribution: parts.attribution,
          properties: jsonObject(4),
          extensions:
            options.extensions === false
              ? fc.constant(undefined)
              : fc.option(
                  fc.tuple(jsonObject(2)).map(([o]) => objectOf([["othervendor", o]])),
                  { nil: undefined },
                ),
        },
        { requiredKeys: options.identified ? ["type", "name", "identity"] : ["type", "name"] },
      ),
    )
    .map((e) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(e)) if (v !== undefined) out[k] = v;
      return out as unknown as CanonicalEvent;
    });

export { jsonValue };
