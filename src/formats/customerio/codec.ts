/**
 * The Customer.io Pipelines / Segment Spec codec: `track` calls with the 28 ecommerce semantic
 * events (v2 names and v1 / GA aliases) and custom events, both directions.
 *
 * Decoding validates the call against the seed OpenAPI (type `track`, a non-empty `event`, a
 * `userId` or `anonymousId`, typed spec properties, a real timestamp) and lifts every mapped field
 * into the canonical event. Everything else — envelope fields, the rest of `context`, custom
 * properties — is kept verbatim, so encoding gives back exactly the payload that was decoded.
 *
 * @since 0.1.0
 */
import { draftEvent } from "../../canonical/draft.js";
import { eventHeadIssues } from "../../canonical/event-types.js";
import type { CanonicalEvent, CanonicalProduct, Draft, EventType } from "../../canonical/model.js";
import { EVENT_NAME_TABLE, eventNameRow, nameLookup, SEGMENT_ALIASES } from "../../canonical/names.js";
import { isTimestamp } from "../../canonical/time.js";
import type { Codec, CodecOptions, EncodedItem, WireRecord } from "../../core/codec.js";
import { copyOwn, isObject, type JsonObject, jsonEqual, pathIndex, pathKey, setOwn } from "../../core/json.js";
import { foreignExtension, memo2 } from "../../core/memo.js";
import { fail, type Issue, issue, type Loss, lossList, lossOf, lossTo, type Result, succeed } from "../../core/result.js";
import { type Carrier, carrierFor, carryLosses, liftCarried } from "../carry.js";
import {
  accepts,
  byPart,
  CONTEXT_FIELDS,
  type EventFields,
  eventFields,
  type Field,
  fits,
  kindName,
  PRODUCT_BY_KEY,
  PRODUCT_FIELDS,
  PRODUCT_LISTS,
} from "./fields.js";
import {
  CONTEXT_FIELD,
  CONTEXT_GROUP,
  contextKeyKind,
  liftContextField,
  liftProductKey,
  writeContextFields,
  writeProductFields,
} from "./writers.generated.js";

type Semantic = Exclude<EventType, "custom">;

const PRIMARY = new Map<EventType, string>(EVENT_NAME_TABLE.map((r) => [r.type, r.customerio]));
const defaultLookup = nameLookup([
  ...EVENT_NAME_TABLE.map((r) => [r.customerio, r.type] as const),
  ...Object.entries(SEGMENT_ALIASES),
]);

const lookupFor = (options: CodecOptions): ((name: string, exact?: boolean) => Semantic | undefined) => {
  const names = options.names;
  if (names === undefined) return defaultLookup;
  const custom = new Map<string, Semantic>();
  for (const [type, name] of Object.entries(names))
    if (name !== undefined && type !== "custom") custom.set(name, type as Semantic);
  return (name, exact) => custom.get(name) ?? defaultLookup(name, exact);
};

/**
 * The Customer.io / Segment name of an event type, honouring a caller's overrides.
 *
 * @example
 * import { customerioEventName } from "commerce-rosetta/customerio"
 * customerioEventName("order_completed", {}) // "Order Completed"
 *
 * @category names
 * @since 0.1.0
 */
export const customerioEventName = (type: EventType, options: CodecOptions): string | undefined =>
  options.names?.[type] ?? PRIMARY.get(type);

/** Top-level keys the codec reads; every other key is kept in `extensions.customerio.envelope`. */
const isTopKey = (key: string): boolean => {
  // a switch, not a Set: JSON keys are internalized strings, so each case is a pointer comparison
  switch (key) {
    case "type":
    case "event":
    case "userId":
    case "anonymousId":
    case "messageId":
    case "timestamp":
    case "properties":
    case "context":
      return true;
    default:
      return false;
  }
};

/** Canonical parts a `properties` table can fill, and which leaf paths of `page`/`device`/… `context` carries. */
const PROPERTY_PARTS = [
  "order",
  "list",
  "search",
  "promotion",
  "checkout",
  "coupon",
  "wishlist",
  "share",
  "review",
  "value",
] as const;
/**
 * A key's place in `PROPERTY_PARTS`, or -1: a switch, so the encoder finds the parts an event has
 * from its own keys (most are absent, and probing each part by name is slower).
 */
const propertyPartIndex = (key: string): number => {
  switch (key) {
    case "order":
      return 0;
    case "list":
      return 1;
    case "search":
      return 2;
    case "promotion":
      return 3;
    case "checkout":
      return 4;
    case "coupon":
      return 5;
    case "wishlist":
      return 6;
    case "share":
      return 7;
    case "review":
      return 8;
    case "value":
      return 9;
    default:
      return -1;
  }
};
PROPERTY_PARTS.forEach((part, i) => {
  if (propertyPartIndex(part) !== i) throw new Error(`customerio: propertyPartIndex disagrees with PROPERTY_PARTS at ${part}`);
});
/** Canonical part → the rest of each context field's path (`page` → `url`, …). */
const CONTEXT_COVERED_IN = byPart(CONTEXT_FIELDS.map((f) => f.canonical));

/**
 * What an event type carries in `properties` beyond its spec fields, one carrier per type (built on
 * first use): every canonical field with no key of its own in that event or in `context` travels
 * under its Segment name (`query`, `promotion_id`) or, for the fields Segment has no name for,
 * Omnisend's (`createdAt`, `billingAddress`), and is read back from there.
 */
const CARRIERS = new Map<EventType, Carrier>();
const CONTEXT_PATHS = CONTEXT_FIELDS.map((f) => f.canonical.join("."));
const carrierOf = (type: EventType): Carrier => {
  let c = CARRIERS.get(type);
  if (c === undefined) {
    const spec = eventFields(type);
    const paths = new Set([...spec.covered, ...CONTEXT_PATHS, "identity.userId", "identity.anonymousId"]);
    const reserved = new Set([...spec.byKey.keys(), "email", "products"]);
    if (spec.flatProduct) for (const f of PRODUCT_FIELDS) reserved.add(f.key);
    c = carrierFor(paths, new Set(), reserved);
    CARRIERS.set(type, c);
  }
  return c;
};
const CONTEXT_PARTS = ["page", "device", "attribution"] as const;

// ---------------------------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------------------------

const setPath = (target: Draft<CanonicalEvent>, path: ReadonlyArray<string>, value: unknown): void => {
  const head = path[0] as string;
  if (head === "products") {
    // only `products.0.<field>` (Product Reviewed) and `products` itself reach here
    if (path.length === 1) {
      (target as JsonObject).products = value;
      return;
    }
    const products = (target.products ??= [{}]) as Array<JsonObject>;
    (products[0] as JsonObject)[path[2] as string] = value;
    return;
  }
  if (path.length === 1) {
    (target as JsonObject)[head] = value;
    return;
  }
  const t = target as JsonObject;
  const part = (t[head] ??= {}) as JsonObject;
  part[path[1] as string] = value;
};

const decodeProduct = (
  raw: JsonObject,
  base: string,
  listKey: string,
  index: number,
  errors: Array<Issue>,
): Draft<CanonicalProduct> => {
  const product: JsonObject = {};
  let custom: JsonObject | undefined;
  for (const key in raw) {
    const v = raw[key];
    if (liftProductKey(key, v, product)) continue;
    const f = PRODUCT_BY_KEY.get(key);
    if (f !== undefined) {
      if (accepts(f, v)) {
        product[f.dotted] = v;
        continue;
      }
      if (!f.lenient && v !== null) {
        errors.push(issue(pathKey(pathIndex(pathKey(base, listKey), index), key), kindName(f.kind), v));
        continue;
      }
    }
    custom ??= {};
    setOwn(custom, key, v);
  }
  if (custom !== undefined) product.properties = custom;
  return product as Draft<CanonicalProduct>;
};

const NOT_LIFTED: unique symbol = Symbol("not lifted");

/** The canonical value of a mapped field, or NOT_LIFTED (with an issue when the spec is broken). */
const decodeValue = (f: Field, v: unknown, base: string, key: string, errors: Array<Issue>): unknown => {
  if (!accepts(f, v)) {
    if (!f.lenient && v !== null) errors.push(issue(pathKey(base, key), kindName(f.kind), v));
    return NOT_LIFTED;
  }
  if (f.kind === "products" && v !== null) {
    const list = v as ReadonlyArray<JsonObject>;
    const out = new Array<Draft<CanonicalProduct>>(list.length);
    for (let i = 0; i < list.length; i++) out[i] = decodeProduct(list[i] as JsonObject, base, key, i, errors);
    return out;
  }
  return v;
};

/** Copies `source` minus `drop` keys; `undefined` when nothing is left (and something was dropped). */
const residual = (source: JsonObject, drop: (key: string) => boolean): JsonObject | undefined => {
  let out: JsonObject | undefined;
  let dropped = false;
  for (const key in source) {
    if (drop(key)) {
      dropped = true;
      continue;
    }
    out ??= {};
    setOwn(out, key, source[key]);
  }
  return out ?? (dropped ? undefined : {});
};

/**
 * Lifts the mapped context fields (string or null values) into the canonical event and returns the
 * rest of `context`: objects emptied by the lifting go away; `undefined` when nothing is left.
 */
const decodeContext = (context: JsonObject, event: Draft<CanonicalEvent>): JsonObject | undefined => {
  let out: JsonObject | undefined;
  let dropped = false;
  const e = event as unknown as JsonObject;
  for (const key in context) {
    const v = context[key];
    const kind = contextKeyKind(key);
    if (kind === CONTEXT_FIELD) {
      if (v === null || typeof v === "string") {
        liftContextField(undefined, key, v, e);
        dropped = true;
        continue;
      }
    } else if (kind === CONTEXT_GROUP && isObject(v)) {
      let rest: JsonObject | undefined;
      let lifted = false;
      for (const sub in v) {
        const sv = v[sub];
        // the generated switch stores a mapped field with a constant key (a computed one is not cached)
        if ((sv === null || typeof sv === "string") && liftContextField(key, sub, sv, e)) {
          lifted = true;
          continue;
        }
        rest ??= {};
        setOwn(rest, sub, sv);
      }
      if (!lifted) {
        out ??= {};
        setOwn(out, key, v);
      } else if (rest === undefined) {
        dropped = true;
      } else {
        out ??= {};
        setOwn(out, key, rest);
      }
      continue;
    }
    out ??= {};
    setOwn(out, key, v);
  }
  return out ?? (dropped ? undefined : {});
};

/** Whether a call names its person by an email or phone in `context.traits`, top-level `traits` or `properties`. */
const hasTraitIdentifier = (input: JsonObject): boolean => {
  for (const holder of [(input.context as JsonObject | undefined)?.traits, input.traits, input.properties]) {
    if (!isObject(holder)) continue;
    if ((typeof holder.email === "string" && holder.email !== "") || (typeof holder.phone === "string" && holder.phone !== ""))
      return true;
  }
  return false;
};

const decodeRecord = (record: WireRecord, options: CodecOptions): Result<CanonicalEvent> => {
  const input = record.value;
  const at = record.path;
  if (!isObject(input)) return fail([issue(at, "a track call object", input)]);
  const errors: Array<Issue> = [];

  // a page or screen call is a page_viewed / screen_viewed event (the call's own name and category stay in the envelope)
  const view = input.type === "page" || input.type === "screen" ? (input.type as string) : undefined;
  if (input.type !== "track" && view === undefined)
    errors.push(issue(pathKey(at, "type"), '"track" (or "page", "screen")', input.type));
  const name = view === undefined ? input.event : view === "page" ? "Page Viewed" : "Screen Viewed";
  if (view !== undefined && input.event !== undefined)
    errors.push(issue(pathKey(at, "event"), `no event in a ${view} call`, input.event));
  else if (typeof name !== "string" || name.length === 0)
    errors.push(issue(pathKey(at, "event"), "a non-empty event name", name));

  const userId = input.userId;
  const anonymousId = input.anonymousId;
  const hasUser = typeof userId === "string" && userId.length > 0;
  const hasAnon = typeof anonymousId === "string" && anonymousId.length > 0;
  // with coerce, a call identified only by an email or phone (a trait) is read; its destination may need more
  if (!hasUser && !hasAnon && !(options.coerce === true && hasTraitIdentifier(input))) {
    errors.push(
      issue(at, "a non-empty userId or anonymousId", undefined, `${at}: a track call needs a non-empty userId or anonymousId`),
    );
  }
  if (userId !== undefined && userId !== null && typeof userId !== "string")
    errors.push(issue(pathKey(at, "userId"), "string or null", userId));
  if (anonymousId !== undefined && anonymousId !== null && typeof anonymousId !== "string")
    errors.push(issue(pathKey(at, "anonymousId"), "string or null", anonymousId));
  const messageId = input.messageId;
  if (messageId !== undefined && messageId !== null && typeof messageId !== "string")
    errors.push(issue(pathKey(at, "messageId"), "string or null", messageId));
  const timestamp = input.timestamp;
  if (timestamp !== undefined && timestamp !== null && !(typeof timestamp === "string" && isTimestamp(timestamp)))
    errors.push(issue(pathKey(at, "timestamp"), "an ISO-8601 date-time with a real calendar date", timestamp));
  const properties = input.properties;
  if (properties !== undefined && !isObject(properties)) errors.push(issue(pathKey(at, "properties"), "object", properties));
  const context = input.context;
  if (context !== undefined && !isObject(context)) errors.push(issue(pathKey(at, "context"), "object", context));
  const type: EventType =
    view !== undefined
      ? view === "page"
        ? "page_viewed"
        : "screen_viewed"
      : (typeof name === "string" && lookupFor(options)(name)) || "custom";
  const event = draftEvent(type, name as string);
  if (messageId !== undefined) event.id = messageId as string | null;
  if (timestamp !== undefined) event.occurredAt = timestamp as string | null;
  const identity: JsonObject = {};
  if (userId !== undefined) identity.userId = userId;
  if (anonymousId !== undefined) identity.anonymousId = anonymousId;
  event.identity = identity;

  // properties (checked even when the envelope has problems, so every issue is reported at once)
  if (isObject(properties)) {
    const props = properties as JsonObject;
    const spec = eventFields(type);
    const propsPath = `${at}.properties`;
    let custom: JsonObject | undefined;
    let flat: JsonObject | undefined;
    let flatAny = false;
    const lift = spec.lift;
    for (const key in props) {
      const v = props[key];
      if (lift(key, v, event as JsonObject)) continue;
      const f = spec.byKey.get(key);
      if (f !== undefined) {
        const r = decodeValue(f, v, propsPath, key, errors);
        if (r !== NOT_LIFTED) {
          setPath(event, f.path, r);
          continue;
        }
        if (!f.lenient && v !== null) continue;
      } else if (spec.flatProduct) {
        // a flat product's field: the generated switch stores a scalar of its kind (or a lenient null)
        // with a constant key; lists and other values take the table's rule below
        flat ??= {};
        if (liftProductKey(key, v, flat)) {
          flatAny = true;
          continue;
        }
        const pf = PRODUCT_BY_KEY.get(key);
        if (pf !== undefined) {
          if (accepts(pf, v)) {
            flat[pf.dotted] = v;
            flatAny = true;
            continue;
          }
          if (!pf.lenient && v !== null) {
            errors.push(issue(pathKey(propsPath, key), kindName(pf.kind), v));
            continue;
          }
        }
      }
      custom ??= {};
      setOwn(custom, key, v);
    }
    if (flatAny) event.products = [flat as Draft<CanonicalProduct>];
    if (custom !== undefined) event.properties = custom;
    else if (isEmpty(props)) event.properties = {};
  }

  if (errors.length > 0) return fail(errors);

  // identity from properties.email when context.traits has none (kept where it was found)
  let emailIn: string | undefined;
  // context
  let contextRest: JsonObject | undefined;
  if (isObject(context)) contextRest = decodeContext(context, event);
  if (identity.email === undefined && event.properties !== undefined && typeof event.properties.email === "string") {
    identity.email = event.properties.email;
    const rest = residual(event.properties as JsonObject, (k) => k === "email");
    if (rest === undefined) delete event.properties;
    else event.properties = rest;
    emailIn = "properties";
  }

  // envelope: every other top-level key, verbatim
  let envelope: JsonObject | undefined;
  for (const key in input) {
    if (isTopKey(key)) continue;
    envelope ??= {};
    setOwn(envelope, key, input[key]);
  }
  let ext: JsonObject | undefined;
  if (envelope !== undefined) (ext ??= {}).envelope = envelope;
  if (contextRest !== undefined) (ext ??= {}).context = contextRest;
  if (emailIn !== undefined) (ext ??= {}).emailIn = emailIn;
  if (view !== undefined) (ext ??= {}).call = view;
  if (record.envelope !== undefined && !isEmpty(record.envelope)) (ext ??= {}).batch = record.envelope;
  if (ext !== undefined) event.extensions = { customerio: ext };
  // the canonical fields another format carried here under their Segment names
  const custom = event.properties;
  if (custom !== undefined && !isEmpty(custom)) {
    const lists = liftLists(custom as JsonObject, event as unknown as JsonObject);
    const rest =
      lists === undefined ? undefined : liftCarried(lists, carrierOf(event.type).event, event as unknown as JsonObject);
    if (rest === undefined) delete event.properties;
    else event.properties = rest;
  }
  return succeed(event as CanonicalEvent);
};

const isEmpty = (o: object): boolean => {
  for (const _ in o) return false;
  return true;
};

/** A carried product list read back: every item a product object whose fields read without an issue. */
const readList = (raw: unknown, key: string): Array<Draft<CanonicalProduct>> | undefined => {
  if (!Array.isArray(raw)) return undefined;
  const errors: Array<Issue> = [];
  const out = new Array<Draft<CanonicalProduct>>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const p: unknown = raw[i];
    if (!isObject(p)) return undefined;
    out[i] = decodeProduct(p, "$.properties", key, i, errors);
  }
  return errors.length === 0 ? out : undefined;
};

/**
 * Lifts the product lists carried in properties (`cart_products` → `cartProducts`) into `event`;
 * returns the properties without them (`undefined` when none are left). A property of that name
 * holding anything but products stays a custom property.
 */
const liftLists = (custom: JsonObject, event: JsonObject): JsonObject | undefined => {
  let rest = custom;
  for (const [part, key] of PRODUCT_LISTS) {
    if (!Object.hasOwn(custom, key) || event[part] !== undefined) continue;
    const list = readList(custom[key], key);
    if (list === undefined) continue;
    event[part] = list;
    if (rest === custom) rest = copyOwn(custom);
    delete rest[key];
  }
  return rest !== custom && isEmpty(rest) ? undefined : rest;
};

// ---------------------------------------------------------------------------------------------
// encode
// ---------------------------------------------------------------------------------------------

interface Sink {
  readonly losses: Array<Loss>;
  /** Writing `customerio` (output must match the seed spec) rather than `segment`. */
  readonly strictSpec: boolean;
}

/** Whether a value may be written under a field's key: anything goes, except where the spec binds the output. */
const writable = (f: Field, v: unknown, sink: Sink): boolean => !(sink.strictSpec && f.inSpec) || (v !== null && fits(f.kind, v));

/** A canonical part's key as a loss path and in words. */
interface PartKey {
  readonly path: string;
  readonly dotted: string;
  readonly noContext: string;
}

/** A canonical part's key as a loss path and in words, built once per part and key. */
const partKey = memo2<PartKey>((part, key) => ({
  path: pathKey(pathKey("$", part), key),
  dotted: `${part}.${key}`,
  noContext: `customerio has no ${part}.${key}`,
}));

const drop = (sink: Sink, path: string, value: unknown, reason: string): void => {
  sink.losses.push(lossOf(path, "dropped", value, reason));
};

/** A kind in words with its article, for loss reasons ("an integer", "a string"). */
const aKind = (kind: Field["kind"]): string => {
  const name = kindName(kind);
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
};

/** Whether a mapped field cannot be written as it is: `null` where the field or the spec allows none, or the wrong kind. */
const refuses = (f: Field, v: unknown, sink: Sink): boolean =>
  v === null ? !f.lenient || (sink.strictSpec && f.inSpec) : !fits(f.kind, v);

/** No product field is shadowed: a product in a list. */
const NO_SHADOW = new Uint8Array(PRODUCT_FIELDS.length);

/** The table's rule for a product field the generated writer left: shadowed, `null` or of the wrong kind. */
const slowProductField = (i: number, v: unknown, out: JsonObject, shadowed: boolean, sink: Sink, path: string): number => {
  const f = PRODUCT_FIELDS[i] as Field;
  if (shadowed) {
    drop(sink, pathKey(path, f.dotted), v, `customerio carries ${f.key} of this event at the event level`);
    return 0;
  }
  if (refuses(f, v, sink)) {
    drop(sink, pathKey(path, f.dotted), v, `customerio's spec requires ${f.key} to be ${aKind(f.kind)}`);
    return 0;
  }
  out[f.key] = v;
  return 1;
};

/** Writes a product's fields and custom properties into `out`; reports what cannot come back. */
const encodeProductInto = (
  product: CanonicalProduct,
  out: JsonObject,
  path: string,
  sink: Sink,
  shadow: EventFields | undefined,
  customPath: (key: string) => string,
): number => {
  let written = writeProductFields(
    product as JsonObject,
    out,
    shadow === undefined ? NO_SHADOW : shadow.productShadow,
    sink,
    path,
    slowProductField,
  );
  const props = product.properties;
  if (props !== undefined) {
    const propsPath = `${path}.properties`;
    if (isEmpty(props)) {
      drop(sink, propsPath, props, "an empty product custom-field object does not survive in customerio");
    }
    for (const key in props) {
      const v = props[key];
      const vPath = (): string => pathKey(propsPath, key);
      if (Object.hasOwn(out, key) || shadow?.byKey.has(key)) {
        drop(sink, vPath(), v, `the key ${key} is already taken by a mapped field`);
        continue;
      }
      const pf = PRODUCT_BY_KEY.get(key);
      if (pf !== undefined && !writable(pf, v, sink)) {
        drop(sink, vPath(), v, `customerio's spec requires ${key} to be ${aKind(pf.kind)}`);
        continue;
      }
      if (pf !== undefined) {
        if (accepts(pf, v)) {
          sink.losses.push(
            lossTo(
              vPath(),
              "moved",
              v,
              pathKey(path, pf.dotted),
              `customerio reads the key ${key} as the product's ${pf.dotted}`,
            ),
          );
        } else if (!pf.lenient) {
          drop(sink, vPath(), v, `customerio's spec requires ${key} to be ${aKind(pf.kind)}`);
          continue;
        }
      } else if (shadow !== undefined) {
        sink.losses.push(
          lossTo(vPath(), "moved", v, customPath(key), "customerio spreads a single product over the event's properties"),
        );
      }
      setOwn(out, key, v);
      written++;
    }
  }
  return written;
};

const encodeProducts = (products: ReadonlyArray<CanonicalProduct>, path: string, sink: Sink): Array<JsonObject> => {
  const out = new Array<JsonObject>(products.length);
  for (let i = 0; i < products.length; i++) {
    const o: JsonObject = {};
    encodeProductInto(products[i] as CanonicalProduct, o, pathIndex(path, i), sink, undefined, () => "");
    out[i] = o;
  }
  return out;
};

/** The table's rule for an event field the generated writer left: `null`, the wrong kind, or a product list. */
const slowEventField = (i: number, v: unknown, out: JsonObject, spec: EventFields, sink: Sink): number => {
  const f = spec.fields[i] as Field;
  if (refuses(f, v, sink)) {
    drop(sink, `$.${f.dotted.replace(".0.", "[0].")}`, v, `customerio's spec requires ${f.key} to be ${aKind(f.kind)}`);
    return 0;
  }
  out[f.key] = f.kind === "products" && v !== null ? encodeProducts(v as ReadonlyArray<CanonicalProduct>, "$.products", sink) : v;
  return 1;
};

const getPath = (event: CanonicalEvent, path: ReadonlyArray<string>): unknown => {
  const head = (event as JsonObject)[path[0] as string];
  if (path.length === 1 || head === undefined || head === null) return path.length === 1 ? head : undefined;
  if (path[0] === "products") {
    const first = (head as ReadonlyArray<JsonObject>)[0];
    return first === undefined ? undefined : first[path[2] as string];
  }
  return (head as JsonObject)[path[1] as string];
};

const encodeRecord = (
  event: CanonicalEvent,
  options: CodecOptions,
  strictSpec = true,
): Result<{ value: unknown; losses: Array<Loss> }> => {
  const head = eventHeadIssues(event);
  if (head !== undefined) return fail(head);
  const sink: Sink = { losses: lossList(), strictSpec };
  const identity = event.identity;
  const userId = identity?.userId;
  const anonymousId = identity?.anonymousId;
  if (!(typeof userId === "string" && userId.length > 0) && !(typeof anonymousId === "string" && anonymousId.length > 0)) {
    return fail([
      issue(
        "$.identity",
        "a non-empty userId or anonymousId",
        identity,
        '$.identity: customerio needs a userId or anonymousId; make one of the record\'s identifiers the userId (userId: "email", --user-id email), derive an anonymousId (anonymousId: "derive", --anonymous-id derive), or supply one with the identity option (API) or --identity FILE (CLI)',
      ),
    ]);
  }

  // the event name: keep the source's spelling when it names the same type here — but not Omnisend's
  // predefined name ("viewed product" folds to Segment's alias "Viewed Product"): an event that came
  // from Omnisend is written with Segment's name, and the rename reported
  const lookup = lookupFor(options);
  let eventName: string;
  if (event.type === "custom") {
    eventName = event.name;
  } else {
    const override = options.names?.[event.type];
    eventName =
      override ??
      (lookup(event.name) === event.type && event.name !== eventNameRow(event.type)?.omnisend
        ? event.name
        : (PRIMARY.get(event.type) as string));
  }
  if (eventName !== event.name) {
    sink.losses.push(lossTo("$.name", "renamed", event.name, eventName, "customerio spells this event type differently"));
  }
  const readBack: EventType = lookup(eventName) ?? "custom";
  if (readBack !== event.type) {
    sink.losses.push(
      lossTo("$.type", "coerced", event.type, readBack, `customerio reads the name ${JSON.stringify(eventName)} as ${readBack}`),
    );
  }

  const spec = eventFields(event.type);
  const readSpec = eventFields(readBack);
  const ext = event.extensions?.customerio as JsonObject | undefined;
  const out: JsonObject = {};
  const envelope = ext?.envelope;
  if (isObject(envelope)) {
    for (const key in envelope) {
      if (isTopKey(key)) {
        drop(sink, pathKey("$.extensions.customerio.envelope", key), envelope[key], `${key} is written from the canonical event`);
        continue;
      }
      setOwn(out, key, envelope[key]);
    }
  }
  // a page/screen call goes back out as one; any other event is a track call
  const call = ext?.call;
  if ((call === "page" && event.type === "page_viewed") || (call === "screen" && event.type === "screen_viewed")) out.type = call;
  else {
    if (call !== undefined) drop(sink, "$.extensions.customerio.call", call, `a ${event.type} event is written as a track call`);
    out.type = "track";
    out.event = eventName;
  }
  if (userId !== undefined) out.userId = userId;
  if (anonymousId !== undefined) out.anonymousId = anonymousId;
  if (event.id !== undefined) out.messageId = event.id;
  if (event.occurredAt === null)
    drop(sink, "$.occurredAt", null, "customerio's spec requires timestamp to be a date-time, not null");
  else if (event.occurredAt !== undefined) out.timestamp = event.occurredAt;

  // properties
  const props: JsonObject = {};
  let wroteMapped = spec.write(event as unknown as JsonObject, props, spec, sink, slowEventField) > 0;
  const products = event.products;
  if (products !== undefined) {
    if (spec.flatProduct) {
      const first = products?.[0];
      if (products === null || !isObject(first)) {
        drop(sink, "$.products", products, "customerio spreads exactly one product over this event's properties");
      } else {
        const written = encodeProductInto(first, props, "$.products[0]", sink, spec, (k) => pathKey("$.properties", k));
        if (written === 0) drop(sink, "$.products[0]", first, "an empty product does not survive in customerio");
        else wroteMapped = true;
        for (let i = 1; i < products.length; i++)
          drop(sink, pathIndex("$.products", i), products[i], "customerio carries one product on this event");
      }
    } else if (!spec.covered.has("products")) {
      const first = products?.[0];
      if (!spec.covered.has("products.0.id")) drop(sink, "$.products", products, `customerio ${eventName} has no products`);
      else if (products === null || !isObject(first) || first.id === undefined)
        drop(sink, "$.products", products, "customerio carries one product id on this event");
      else {
        for (const key in first)
          if (key !== "id")
            drop(
              sink,
              pathKey("$.products[0]", key),
              (first as JsonObject)[key],
              "customerio carries only the product id on this event",
            );
        for (let i = 1; i < products.length; i++)
          drop(sink, pathIndex("$.products", i), products[i], "customerio carries one product on this event");
      }
    }
  }
  // canonical parts this event type has no place for
  let present = 0;
  for (const key in event) {
    const i = propertyPartIndex(key);
    if (i >= 0) present |= 1 << i;
  }
  // in PROPERTY_PARTS' order, whatever the event's key order
  while (present !== 0) {
    const low = present & -present;
    present ^= low;
    const part = PROPERTY_PARTS[31 - Math.clz32(low)] as (typeof PROPERTY_PARTS)[number];
    const obj = (event as JsonObject)[part] as JsonObject | undefined;
    if (obj === undefined) continue;
    const covered = spec.coveredIn.get(part);
    let any = false;
    let keyIn: ((key: string) => PartKey) | undefined;
    for (const key in obj) {
      if (obj[key] === undefined) continue;
      any = true;
      if (covered === undefined || !covered.has(key)) {
        const at = (keyIn ??= partKey.of(part))(key);
        drop(sink, at.path, obj[key], `customerio ${eventName} has no ${at.dotted}`);
      }
    }
    if (!any) drop(sink, pathKey("$", part), obj, "an empty object does not survive");
  }

  // custom properties
  const custom = event.properties;
  if (custom !== undefined) {
    if (isEmpty(custom) && wroteMapped)
      drop(sink, "$.properties", custom, "an empty custom-property object does not survive beside mapped fields");
    for (const key in custom) {
      const v = custom[key];
      const vPath = (): string => pathKey("$.properties", key);
      if (Object.hasOwn(props, key)) {
        // the same value already there (spread from the product) reads back the same: nothing lost
        if (!jsonEqual(props[key], v)) drop(sink, vPath(), v, `the key ${key} is taken by a mapped field`);
        continue;
      }
      const f = readSpec.byKey.get(key) ?? (readSpec.flatProduct ? PRODUCT_BY_KEY.get(key) : undefined);
      if (f !== undefined && !writable(f, v, sink)) {
        drop(sink, vPath(), v, `customerio's spec requires ${key} to be ${aKind(f.kind)}`);
        continue;
      }
      if (f !== undefined) {
        if (accepts(f, v)) {
          const to = readSpec.byKey.has(key) ? `$.${f.dotted}` : pathKey("$.products[0]", f.dotted);
          sink.losses.push(lossTo(vPath(), "moved", v, to, `customerio reads the key ${key} as ${to}`));
        } else if (!f.lenient) {
          drop(sink, vPath(), v, `customerio's spec requires ${key} to be ${aKind(f.kind)}`);
          continue;
        }
      }
      setOwn(props, key, v);
    }
  }

  // identity and context
  const emailInProperties = ext?.emailIn === "properties";
  const contextRest = ext?.context;
  const context: JsonObject = copyOwn(isObject(contextRest) ? contextRest : undefined);
  let wroteContext = false;
  // the context groups (`page`, `traits`, …) this loop created: written in place, not copied again
  let written: Array<JsonObject> | undefined;
  // the common case, a context made only from the canonical event: the generated writer
  if (!emailInProperties && !isObject(contextRest))
    wroteContext = writeContextFields(event as unknown as JsonObject, context) > 0;
  else
    for (const f of CONTEXT_FIELDS) {
      const v = getPath(event, f.canonical);
      if (v === undefined) continue;
      if (emailInProperties && f.canonical[0] === "identity" && f.canonical[1] === "email") continue;
      const [a, b] = f.wire as [string, string | undefined];
      if (b === undefined) {
        context[a] = v;
      } else {
        const existing = context[a];
        let sub: JsonObject;
        if (written?.includes(existing as JsonObject)) {
          // a group this loop already wrote (its own object): add to it
          (existing as JsonObject)[b] = v;
          wroteContext = true;
          continue;
        }
        if (isObject(existing)) {
          sub = copyOwn(existing);
          if (isEmpty(existing))
            drop(
              sink,
              `$.extensions.customerio.context.${a}`,
              existing,
              "an empty context object does not survive beside mapped fields",
            );
        } else {
          if (existing !== undefined)
            drop(sink, `$.extensions.customerio.context.${a}`, existing, `context.${a} is written from the canonical event`);
          sub = {};
        }
        sub[b] = v;
        context[a] = sub;
        (written ??= []).push(sub);
      }
      wroteContext = true;
    }
  if (isObject(contextRest) && isEmpty(contextRest) && wroteContext)
    drop(sink, "$.extensions.customerio.context", contextRest, "an empty context object does not survive beside mapped fields");
  if (emailInProperties) {
    const email = identity?.email;
    if (typeof email === "string" && !Object.hasOwn(props, "email")) props.email = email;
    else drop(sink, "$.extensions.customerio.emailIn", "properties", "the email cannot be written to properties.email");
  }
  if (identity !== undefined) {
    for (const key in identity) {
      const v = (identity as JsonObject)[key];
      if (v === undefined || key === "userId" || key === "anonymousId") continue;
      if (key === "email" || key === "phone") continue;
      drop(sink, pathKey("$.identity", key), v, `customerio has no ${key}`);
    }
    if (emailInProperties && typeof identity.email !== "string" && identity.email !== undefined) {
      drop(sink, "$.identity.email", identity.email, "only a string email can be written to properties.email");
    }
  }
  const customer = event.customer;
  if (customer !== undefined) {
    let any = false;
    for (const key in customer) {
      const v = (customer as JsonObject)[key];
      if (v === undefined) continue;
      any = true;
      if (key !== "firstName" && key !== "lastName")
        drop(sink, pathKey("$.customer", key), v, `customerio has no customer ${key}`);
    }
    if (!any) drop(sink, "$.customer", customer, "an empty object does not survive");
  }
  for (const part of CONTEXT_PARTS) {
    const obj = (event as JsonObject)[part] as JsonObject | undefined;
    if (obj === undefined) continue;
    const covered = CONTEXT_COVERED_IN.get(part);
    let any = false;
    let keyIn: ((key: string) => PartKey) | undefined;
    for (const key in obj) {
      if (obj[key] === undefined) continue;
      any = true;
      if (covered === undefined || !covered.has(key)) {
        const at = (keyIn ??= partKey.of(part))(key);
        drop(sink, at.path, obj[key], at.noContext);
      }
    }
    if (!any) drop(sink, pathKey("$", part), obj, "an empty object does not survive");
  }
  if (identity !== undefined && isEmpty(identity)) drop(sink, "$.identity", identity, "an empty object does not survive");

  if (isObject(contextRest) || wroteContext) out.context = context;
  if (wroteMapped || custom !== undefined || emailInProperties) out.properties = props;

  // extensions of other formats, and unknown customerio extension keys
  const extensions = event.extensions;
  if (extensions !== undefined) {
    for (const format in extensions) {
      const value = extensions[format] as JsonObject;
      if (format === "customerio") {
        for (const key in value) {
          if (key !== "envelope" && key !== "context" && key !== "emailIn" && key !== "batch" && key !== "call")
            drop(sink, pathKey("$.extensions.customerio", key), value[key], "not a customerio extension");
        }
        if (isEmpty(value)) drop(sink, "$.extensions.customerio", value, "an empty object does not survive");
        continue;
      }
      const at = foreignExtension("customerio", format);
      drop(sink, at.path, value, at.reason);
    }
  }
  // the product lists beside the event's products (Omnisend's refunded and cart line items) travel
  // in properties, their products written as an order's are
  let lists: Array<readonly [string, string, Array<JsonObject>]> | undefined;
  for (const [part, key] of PRODUCT_LISTS) {
    const v = event[part] as unknown;
    if (v === undefined) continue;
    if (!Array.isArray(v) || !v.every(isObject)) {
      drop(sink, pathKey("$", part), v, "customerio carries a list of product objects here, not this");
      continue;
    }
    (lists ??= []).push([part, key, encodeProducts(v as ReadonlyArray<CanonicalProduct>, pathKey("$", part), sink)]);
  }
  // what this event type has no key for travels in properties
  let losses = sink.losses;
  const canonicalProps = event.properties as JsonObject | undefined;
  if (losses.length > 0 || (canonicalProps !== undefined && !isEmpty(canonicalProps))) {
    const carried = (out.properties as JsonObject | undefined) ?? {};
    losses = carryLosses(losses, carrierOf(readBack), carried, undefined, event as unknown as JsonObject, canonicalProps);
    if (out.properties === undefined && !isEmpty(carried)) out.properties = carried;
    else if (canonicalProps !== undefined && isEmpty(canonicalProps) && !isEmpty(carried) && out.properties === carried)
      losses.push(lossOf("$.properties", "dropped", canonicalProps, "an empty object does not survive beside carried fields"));
  }
  if (lists !== undefined) {
    const props = (out.properties ??= {}) as JsonObject;
    if (isObject(canonicalProps) && isEmpty(canonicalProps) && isEmpty(props))
      losses.push(lossOf("$.properties", "dropped", canonicalProps, "an empty object does not survive beside carried fields"));
    for (const [part, key, list] of lists) {
      // the canonical list wins its key over a custom property of that name
      if (Object.hasOwn(props, key))
        losses.push(lossOf(pathKey("$.properties", key), "dropped", props[key], `the key ${key} is written from ${part}`));
      setOwn(props, key, list);
    }
  }
  // a custom property the decoder would read as a product list
  if (isObject(canonicalProps))
    for (const [part, key] of PRODUCT_LISTS)
      if (event[part] === undefined && Object.hasOwn(canonicalProps, key) && readList(canonicalProps[key], key) !== undefined)
        losses.push(
          lossTo(pathKey("$.properties", key), "moved", canonicalProps[key], `$.${part}`, `the key ${key} is read as ${part}`),
        );
  return succeed({ value: out, losses });
};

const explode = (document: unknown, path: string): Result<ReadonlyArray<WireRecord>> => {
  if (isObject(document) && Array.isArray(document.batch) && !Object.hasOwn(document, "event")) {
    const batch = document.batch as ReadonlyArray<unknown>;
    let envelope: JsonObject | undefined;
    for (const key in document) {
      if (key === "batch") continue;
      envelope ??= {};
      setOwn(envelope, key, document[key]);
    }
    const batchPath = pathKey(path, "batch");
    return succeed(batch.map((value, i) => ({ value, path: pathIndex(batchPath, i), envelope })));
  }
  return succeed([{ value: document, path }]);
};

/** Customer.io's documented limits: 32 KB per event, 500 KB per batch request. */
export const CUSTOMERIO_LIMITS = { eventBytes: 32 * 1024, batchBytes: 500 * 1024 } as const;

const batch = (items: ReadonlyArray<EncodedItem>, size: number): Result<ReadonlyArray<unknown>> => {
  const out: Array<unknown> = [];
  let current: Array<unknown> = [];
  let currentKey: string | undefined;
  let currentEnvelope: JsonObject | undefined;
  let bytes = 0;
  const flush = () => {
    if (current.length === 0) return;
    const env: JsonObject = {};
    if (currentEnvelope !== undefined) for (const k in currentEnvelope) setOwn(env, k, currentEnvelope[k]);
    env.batch = current;
    out.push(env);
    current = [];
    bytes = 0;
  };
  for (const item of items) {
    const envelope = (item.event.extensions?.customerio as JsonObject | undefined)?.batch as JsonObject | undefined;
    const key = envelope === undefined ? "" : JSON.stringify(envelope);
    const itemBytes = Buffer.byteLength(JSON.stringify(item.value)) + 1;
    if (current.length >= size || key !== currentKey || bytes + itemBytes > CUSTOMERIO_LIMITS.batchBytes - 1024) flush();
    currentKey = key;
    currentEnvelope = envelope;
    current.push(item.value);
    bytes += itemBytes;
  }
  flush();
  return succeed(out);
};

/**
 * The `customerio` codec (Customer.io Pipelines `track` calls with ecommerce semantic events).
 *
 * @example
 * import { customerio } from "commerce-rosetta/customerio"
 * const r = customerio.decode({ value: { type: "track", userId: "u", event: "Product Viewed", properties: { product_id: "p" } }, path: "$" }, {})
 * // r.ok && r.value.products[0].id === "p"
 *
 * @category codecs
 * @since 0.1.0
 */
export const customerio: Codec = {
  id: "customerio",
  description: "Customer.io Pipelines track calls (Segment Spec ecommerce events v2, v1/GA aliases, custom events)",
  explode,
  decode: decodeRecord,
  freshEvents: true,
  encode: encodeRecord,
  batch,
  maxBatch: 10_000,
  maxRecordBytes: CUSTOMERIO_LIMITS.eventBytes,
};

/**
 * The `segment` codec: the Segment Spec track call, read and written by the same codec as
 * `customerio`.
 *
 * @example
 * import { segment } from "commerce-rosetta/customerio"
 * segment.id // "segment"
 *
 * @category codecs
 * @since 0.1.0
 */
export const segment: Codec = {
  ...customerio,
  id: "segment",
  description: "Segment Spec track calls (the customerio codec; writes the Segment Spec's looser rating)",
  encode: (event, options) => encodeRecord(event, options, false),
};

/**
 * Decodes one Customer.io / Segment track call into a canonical event.
 *
 * @example
 * import { decodeCustomerio } from "commerce-rosetta/customerio"
 * decodeCustomerio({ type: "track", anonymousId: "a", event: "Cart Viewed" })
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeCustomerio = (input: unknown, options: CodecOptions = {}): Result<CanonicalEvent> =>
  decodeRecord({ value: input, path: "$" }, options);

/**
 * Encodes a canonical event as a Customer.io / Segment track call, with the losses.
 *
 * @example
 * import { encodeCustomerio } from "commerce-rosetta/customerio"
 * encodeCustomerio({ type: "custom", name: "Signed Up", identity: { userId: "u" } })
 *
 * @category encoding
 * @since 0.1.0
 */
export const encodeCustomerio = (event: CanonicalEvent, options: CodecOptions = {}) => encodeRecord(event, options);
