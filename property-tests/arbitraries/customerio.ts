/**
 * fast-check arbitraries for Customer.io / Segment track calls that are valid under the seed
 * OpenAPI: every semantic event (v2 names and aliases) and custom events, known and anonymous
 * users, every documented property (right kind or null), custom properties at event and product
 * level, envelope fields (`context`, `integrations`, `_metadata`, `sentAt`, unknown keys).
 */
import fc from "fast-check";
import { EVENT_NAME_TABLE, SEGMENT_ALIASES } from "../../src/canonical/names.js";
import { eventFields, type Field, type Kind, PRODUCT_BY_KEY, PRODUCT_FIELDS } from "../../src/formats/customerio/fields.js";
import { amount, currency, edgeString, jsonObject, jsonObjectWithout, jsonValue, objectOf, timestamp } from "./common.js";

const arbitraryOfKind = (kind: Kind): fc.Arbitrary<unknown> => {
  switch (kind) {
    case "string":
      return edgeString;
    case "number":
      return fc.oneof(amount(2), amount(3), amount(0));
    case "integer":
      return fc.oneof(fc.constantFrom(0, 1, 2), fc.integer({ min: -10, max: 1000 }));
    case "strings":
      return fc.array(edgeString, { maxLength: 3 });
    case "objects":
      return fc.array(jsonObject(2), { maxLength: 2 });
    case "products":
      return fc.array(product, { maxLength: 3 });
  }
};

// the seed spec types its fields without null: a valid call has a value of the field's kind there;
// a lenient (non-spec) field may hold anything, null included, and then stays a custom property
const fieldValue = (f: Field): fc.Arbitrary<unknown> =>
  f.lenient && !f.inSpec
    ? fc.oneof(
        { weight: 6, arbitrary: f.key === "currency" ? currency : arbitraryOfKind(f.kind) },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: jsonValue },
      )
    : f.key === "currency"
      ? currency
      : arbitraryOfKind(f.kind);

const fieldsRecord = (fields: ReadonlyArray<Field>): fc.Arbitrary<Record<string, unknown>> => {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) rec[f.key] = fieldValue(f);
  return fc.record(rec, { requiredKeys: [] });
};

const PRODUCT_KEYS = new Set(PRODUCT_BY_KEY.keys());

/** A product object as the spec describes it, plus custom keys. */
export const product: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fieldsRecord(PRODUCT_FIELDS), jsonObjectWithout(PRODUCT_KEYS, 2))
  .map(([fields, custom]) => objectOf([...Object.entries(custom), ...Object.entries(fields)]));

const names: ReadonlyArray<string> = [
  ...EVENT_NAME_TABLE.map((r) => r.customerio),
  ...Object.keys(SEGMENT_ALIASES),
  "Signed Up",
  "Newsletter Signed Up",
  "wishlist reminder sent",
];

const TOP = new Set(["type", "event", "userId", "anonymousId", "messageId", "timestamp", "properties", "context"]);

const context = fc.record(
  {
    page: fc.record(
      { url: edgeString, title: edgeString, referrer: edgeString, path: edgeString, search: edgeString, hash: edgeString },
      { requiredKeys: [] },
    ),
    ip: fc.oneof(edgeString, fc.constant(null)),
    userAgent: edgeString,
    campaign: fc.record(
      { name: edgeString, source: edgeString, medium: edgeString, term: edgeString, content: edgeString },
      { requiredKeys: [] },
    ),
    traits: fc.record(
      {
        email: fc.oneof(edgeString, fc.constant(null)),
        phone: edgeString,
        firstName: edgeString,
        lastName: edgeString,
        plan: jsonValue,
      },
      { requiredKeys: [] },
    ),
    library: fc.record({ name: fc.constant("analytics-node"), version: fc.constant("1.0.0") }),
    locale: edgeString,
    extra: jsonValue,
  },
  { requiredKeys: [] },
);

/** A valid track call. */
export const trackCall: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(...names).chain((event) => {
  const row = EVENT_NAME_TABLE.find((r) => r.customerio === event);
  const alias = SEGMENT_ALIASES[event];
  const type = row?.type ?? alias ?? "custom";
  const spec = eventFields(type);
  const reserved = new Set([...spec.byKey.keys(), ...(spec.flatProduct ? PRODUCT_KEYS : [])]);
  const props = fc
    .tuple(
      fieldsRecord(spec.fields),
      spec.flatProduct ? fieldsRecord(PRODUCT_FIELDS.filter((f) => !spec.byKey.has(f.key))) : fc.constant({}),
      jsonObjectWithout(reserved, 3),
    )
    .map(([a, b, c]) => objectOf([...Object.entries(c), ...Object.entries(b), ...Object.entries(a)]));
  return fc
    .record(
      {
        type: fc.constant("track"),
        event: fc.constant(event),
        who: fc.oneof(
          fc.record({ userId: fc.string({ minLength: 1, maxLength: 8 }) }),
          fc.record({ anonymousId: fc.string({ minLength: 1, maxLength: 8 }) }),
          fc.record({
            userId: fc.string({ minLength: 1, maxLength: 8 }),
            anonymousId: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null)),
          }),
        ),
        messageId: fc.oneof(edgeString, fc.constant(null)),
        timestamp,
        properties: props,
        context,
        integrations: fc.record({ All: fc.boolean(), Mixpanel: fc.boolean() }, { requiredKeys: [] }),
        sentAt: timestamp,
        receivedAt: timestamp,
        originalTimestamp: timestamp,
        _metadata: fc.record({ bundled: fc.array(edgeString, { maxLength: 2 }) }),
        version: fc.constantFrom(1, 2),
        unknown: jsonObjectWithout(TOP, 2),
      },
      { requiredKeys: ["type", "event", "who"] },
    )
    .map(({ who, unknown, ...rest }) => {
      const out = objectOf(Object.entries(unknown ?? {}));
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
      for (const [k, v] of Object.entries(who)) out[k] = v;
      return out;
    });
});
