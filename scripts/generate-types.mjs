#!/usr/bin/env node
// Generates each vendor format's wire types and JSON Schema from its mapping table, so the types a
// caller sees, the schema `rosetta schema F` prints and the codec's own validation share one source:
// - src/formats/customerio/types.generated.ts from mappings/customerio.json and mappings/events.json
// - src/formats/omnisend/types.generated.ts   from mappings/omnisend.json
// - src/formats/omnisend-api/types.generated.ts from mappings/omnisend-api.json
// - src/formats/redo/types.generated.ts       from mappings/redo.json
// - src/formats/attribuly/types.generated.ts  from mappings/attribuly.json
// - src/canonical/types.generated.ts          from the canonical Effect schema (src/canonical/model.ts)
// Each file holds the TypeScript interfaces and the JSON Schema (draft 2020-12), both printed from
// one description built here: the table's fields (their kinds) plus the envelope keys the codec reads
// (eventName, customer, …). test/schemas.test.ts checks that every record a codec
// accepts or writes is valid under its schema, and runs --check.
//
//   node scripts/generate-types.mjs          write the files
//   node scripts/generate-types.mjs --check  exit 1 when a file differs from what the mappings give
import { readFileSync, writeFileSync } from "node:fs";

const table = (name) => JSON.parse(readFileSync(new URL(`../mappings/${name}.json`, import.meta.url), "utf8"));

// ------------------------------------------------------------------------------------------------
// the description: a small tree printed both as JSON Schema and as TypeScript
// ------------------------------------------------------------------------------------------------
const str = (extra = {}) => ({ t: "string", ...extra });
const num = { t: "number" };
const int = (extra = {}) => ({ t: "integer", ...extra });
const bool = { t: "boolean" };
const any = { t: "unknown" };
const nul = { t: "null" };
const arr = (items, extra = {}) => ({ t: "array", items, ...extra });
const union = (...of) => ({ t: "union", of });
const nullable = (n) => union(n, nul);
const ref = (name) => ({ t: "ref", name });
const konst = (value) => ({ t: "const", value });
/** A value the codec reads leniently (another kind stays a custom property): unconstrained in the schema, typed as written. */
const lenient = (as) => ({ t: "lenient", as });
/** A value with a different JSON Schema (`json`) and TypeScript (`ts`) description. */
const dual = (json, ts) => ({ t: "dual", json, ts });
/** props: [key, node, { required, doc }] */
const obj = (props, { rest = any, doc, extra } = {}) => ({ t: "object", props, rest, doc, extra });
const RECORD = obj([], { rest: any });

const defs = new Map();
/** A named type; `tsOnly`: a TypeScript convenience the JSON Schema does not hold. */
const def = (name, node, doc, { tsOnly = false } = {}) => {
  defs.set(name, { ...node, doc: doc ?? node.doc, tsOnly });
  return ref(name);
};

const TIMESTAMP_DOC = "ISO-8601 date-time with a zone and a real calendar date";
/** The ISO-8601 date-time the codecs read (`isTimestamp`: seconds optional, a zone required), as the canonical model's pattern. */
const timestamp = str({
  pattern: "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}([.,]\\d{1,9})?)?([Zz]|[+-]\\d{2}:?\\d{2})$",
  doc: TIMESTAMP_DOC,
});

// ------------------------------------------------------------------------------------------------
// printers
// ------------------------------------------------------------------------------------------------
const jsonOf = (n) => {
  const doc = n.doc === undefined ? {} : { description: n.doc };
  switch (n.t) {
    case "string":
    case "number":
    case "boolean":
    case "null": {
      const { t, doc: _d, ...rest } = n;
      return { type: t, ...rest, ...doc };
    }
    case "integer": {
      const { t, doc: _d, ...rest } = n;
      return { type: "integer", ...rest, ...doc };
    }
    case "unknown":
      return { ...doc };
    case "array": {
      const { t, items, doc: _d, ...rest } = n;
      return { type: "array", items: jsonOf(items), ...rest, ...doc };
    }
    case "union":
      return { anyOf: n.of.map(jsonOf), ...doc };
    case "const":
      return { const: n.value, ...doc };
    case "ref":
      return { $ref: `#/$defs/${n.name}`, ...doc };
    case "lenient":
      return { ...doc };
    case "dual":
      return { ...jsonOf(n.json), ...doc };
    case "object": {
      const out = { type: "object" };
      if (n.props.length > 0)
        out.properties = Object.fromEntries(n.props.map(([k, v, o]) => [k, jsonOf({ ...v, doc: o?.doc ?? v.doc })]));
      const required = n.props.filter(([, , o]) => o?.required).map(([k]) => k);
      if (required.length > 0) out.required = required;
      if (n.rest === false) out.additionalProperties = false;
      else if (n.rest.t !== "unknown") out.additionalProperties = jsonOf(n.rest);
      return { ...out, ...(n.extra ?? {}), ...doc };
    }
  }
  throw new Error(`unknown node ${n.t}`);
};

/** Wire records are plain mutable arrays; the canonical types read-only ones, as effect's Schema types are. */
let arrayType = "Array";
const ident = (k) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
const comment = (doc, indent) => (doc === undefined ? "" : `${indent}/** ${doc.replaceAll("*/", "*\\/")} */\n`);

const tsOf = (n, indent = "") => {
  switch (n.t) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return n.t;
    case "integer":
      return "number";
    case "unknown":
      return "unknown";
    case "array": {
      return `${arrayType}<${tsOf(n.items, indent)}>`;
    }
    case "union":
      return [...new Set(n.of.map((x) => tsOf(x, indent)))].join(" | ");
    case "const":
      return JSON.stringify(n.value);
    case "ref":
      return n.name;
    case "lenient":
      return tsOf(n.as, indent);
    case "dual":
      return tsOf(n.ts, indent);
    case "object": {
      const inner = `${indent}  `;
      const lines = n.props.map(
        ([k, v, o]) =>
          `${comment(o?.doc ?? v.doc, inner)}${inner}readonly ${ident(k)}${o?.required ? "" : "?"}: ${tsOf(v, inner)};`,
      );
      if (n.rest !== false)
        lines.push(`${inner}readonly [key: string]: ${n.props.length === 0 ? tsOf(n.rest, inner) : "unknown"};`);
      return lines.length === 0 ? "{}" : `{\n${lines.join("\n")}\n${indent}}`;
    }
  }
  throw new Error(`unknown node ${n.t}`);
};

const print = ({ source, title, rootName, rootDoc, constName }) => {
  const names = [...defs.keys()];
  const body = [
    "// Generated by scripts/generate-types.mjs from " + source + ": do not edit by hand.",
    "// Run `npm run generate` after changing the mapping table.",
    "",
  ];
  for (const name of names) {
    const n = defs.get(name);
    // type aliases, as effect's are (an object type alias is assignable to an index signature; an interface is not)
    body.push(`${comment(n.doc, "")}export type ${name} = ${tsOf(n)};`);
    body.push("");
  }
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title,
    description: rootDoc,
    ...jsonOf(ref(rootName)),
    $defs: Object.fromEntries(names.filter((n) => !defs.get(n).tsOnly).map((n) => [n, jsonOf(defs.get(n))])),
  };
  body.push(
    `/** The JSON Schema (draft 2020-12) of one ${title}, generated from the same table as the types above. */`,
    `export const ${constName}: { readonly [key: string]: unknown } = ${JSON.stringify(schema)};`,
    "",
  );
  defs.clear();
  return body.join("\n");
};

// ------------------------------------------------------------------------------------------------
// kinds
// ------------------------------------------------------------------------------------------------
/** The node of a shared field kind (src/formats/kinds.ts `fitsKind`): the schema admits what the codec's check admits. */
const simpleKind = (kind) => {
  switch (kind) {
    case "string":
      return str();
    case "number":
      return num;
    case "integer":
      return int();
    case "quantity":
      return int({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
    case "boolean":
      return bool;
    case "currency":
      return str({ pattern: "^[A-Z]{3}$" });
    case "email":
      return str({ format: "email" });
    case "uri":
      return str({ format: "uri" });
    case "timestamp":
      return str({ format: "date-time" });
    case "strings":
      return arr(str());
    case "objects":
    case "products":
      return arr(RECORD);
    case "object":
      return RECORD;
    case "objectOrNull":
      return nullable(RECORD);
    default:
      throw new Error(`unknown kind ${kind}`);
  }
};

// ------------------------------------------------------------------------------------------------
// customerio / segment: a track call
// ------------------------------------------------------------------------------------------------
const customerio = () => {
  const t = table("customerio");
  const events = table("events").events;
  const aliases = table("segment-aliases").aliases;
  // the decoder reads `null` in any field (a spec field's null stays a custom property), so every
  // field admits it; a lenient field's other kinds stay custom properties too
  const fieldNode = ([, , kind, mode], products) => {
    const base = nullable(kind === "products" ? arr(products) : simpleKind(kind));
    return mode === undefined ? base : lenient(base);
  };
  const product = def(
    "TrackProduct",
    obj(t.product.map((f) => [f[0], fieldNode(f), {}])),
    "One product of a track call (Segment Spec v2 product fields); other keys are the product's custom properties.",
  );
  const fieldsOf = (spec) => {
    const out = [];
    if (spec.flatProduct) out.push(...t.product);
    for (const g of spec.groups ?? []) out.push(...t.groups[g]);
    out.push(...(spec.fields ?? []));
    return out;
  };
  // per event: its property fields (a key listed twice keeps its last kind, as the codec's table does)
  const perEvent = {};
  for (const [type, spec] of Object.entries(t.events)) {
    const map = new Map();
    for (const f of fieldsOf(spec)) map.set(f[0], f);
    perEvent[type] = map;
  }
  // TypeScript: the union over every event's properties
  const merged = new Map();
  for (const map of Object.values(perEvent))
    for (const [key, f] of map) {
      const list = merged.get(key) ?? [];
      list.push(fieldNode(f, product));
      merged.set(key, list);
    }
  const mergedProps = [...merged].map(([k, nodes]) => {
    const seen = new Map(nodes.map((n) => [tsOf(n), n]));
    return [k, seen.size === 1 ? nodes[0] : union(...seen.values()), {}];
  });
  // the JSON Schema constrains a key only under the names of the events that define it
  const namesOf = (type) => {
    const row = events.find((r) => r.type === type);
    const names = row === undefined ? [] : [row.customerio];
    for (const [alias, to] of Object.entries(aliases)) if (to === type) names.push(alias);
    return names;
  };
  const conditions = Object.entries(perEvent)
    .filter(([type, map]) => type !== "custom" && map.size > 0)
    .map(([type, map]) => ({
      if: { properties: { event: { enum: namesOf(type) } }, required: ["event"] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: {
        properties: {
          properties: jsonOf(obj([...map.values()].map((f) => [f[0], fieldNode(f, product), {}]))),
        },
      },
    }));
  def(
    "TrackProperties",
    obj(mergedProps),
    "A track call's properties: every Segment Spec v2 ecommerce property any event defines (which ones apply depends on the event, see `CustomerioEventProperties`), plus custom properties.",
    { tsOnly: true },
  );
  const contextNode = (() => {
    const root = new Map();
    for (const [wire] of t.context) {
      const parts = wire.split(".");
      let m = root;
      for (let i = 0; i < parts.length - 1; i++) {
        if (!m.has(parts[i])) m.set(parts[i], new Map());
        m = m.get(parts[i]);
      }
      m.set(parts.at(-1), null);
    }
    const build = (m) => obj([...m].map(([k, v]) => [k, v === null ? lenient(str()) : build(v), {}]));
    return build(root);
  })();
  def(
    "TrackContext",
    contextNode,
    "The context of a track call; the listed fields map into the canonical event, every other key is kept.",
  );
  const nullableStr = nullable(str());
  def(
    "TrackCall",
    obj(
      [
        ["type", konst("track"), { required: true }],
        ["event", str({ minLength: 1 }), { required: true, doc: "The event name (Segment Spec v2 spelling or an alias)." }],
        ["userId", nullableStr, {}],
        ["anonymousId", nullableStr, {}],
        ["messageId", nullableStr, { doc: "The event id (deduplication key)." }],
        ["timestamp", nullable(timestamp), {}],
        ["properties", dual(RECORD, ref("TrackProperties")), { doc: "Checked per event name (the allOf below)." }],
        ["context", ref("TrackContext"), {}],
      ],
      {
        extra: {
          anyOf: [
            { required: ["userId"], properties: { userId: { type: "string", minLength: 1 } } },
            { required: ["anonymousId"], properties: { anonymousId: { type: "string", minLength: 1 } } },
          ],
          allOf: conditions,
        },
      },
    ),
    "A Customer.io Pipelines / Segment `track` call; it needs a non-empty `userId` or `anonymousId`. Keys not listed are kept.",
  );
  def(
    "CustomerioEventProperties",
    obj(
      Object.entries(perEvent).map(([type, map]) => [
        type,
        obj([...map.values()].map((f) => [f[0], fieldNode(f, product), {}])),
        { required: true },
      ]),
      { rest: false },
    ),
    "The properties each canonical event type's track call defines, by type.",
    { tsOnly: true },
  );
  def(
    "TrackBatch",
    obj([["batch", arr(ref("TrackCall")), { required: true }]]),
    "A batch envelope of track calls (`{ batch: [...] }`).",
  );
  return print({
    source: "mappings/customerio.json, mappings/events.json and mappings/segment-aliases.json",
    title: "Customer.io / Segment track call",
    rootName: "TrackCall",
    rootDoc: "One Customer.io Pipelines / Segment track call as commerce-rosetta reads and writes it.",
    constName: "TRACK_CALL_JSON_SCHEMA",
  });
};

// ------------------------------------------------------------------------------------------------
// omnisend: a customer event
// ------------------------------------------------------------------------------------------------
const omnisend = () => {
  const t = table("omnisend");
  const kind = simpleKind;
  const fields = (rows, required = []) => rows.map(([w, , k]) => [w, kind(k), { required: required.includes(w) }]);
  def(
    "OmnisendContact",
    obj(fields(t.contact), {
      extra: {
        anyOf: t.contactIdentifiers.map((k) => ({ required: [k], properties: { [k]: { type: "string", minLength: 1 } } })),
      },
    }),
    `The contact of an Omnisend event; at least one of ${t.contactIdentifiers.join(", ")} is a non-empty string.`,
  );
  def("OmnisendOrder", obj(fields(t.order)), "The order of an Omnisend event.");
  def(
    "OmnisendLineItem",
    obj(fields(t.lineItem, t.lineItemRequired)),
    "One line item of an Omnisend event; other keys are the product's custom fields.",
  );
  def(
    "OmnisendEvent",
    obj([
      ["eventName", str(), { required: true }],
      ...fields(t.event),
      ["origin", str(), {}],
      ["contact", ref("OmnisendContact"), { required: true }],
      ["properties", RECORD, {}],
      ["order", ref("OmnisendOrder"), {}],
      ["lineItems", arr(ref("OmnisendLineItem")), {}],
    ]),
    "An Omnisend customer event (POST /events); keys not listed are kept.",
  );
  return print({
    source: "mappings/omnisend.json",
    title: "Omnisend customer event",
    rootName: "OmnisendEvent",
    rootDoc: "One Omnisend customer event as commerce-rosetta reads and writes it.",
    constName: "OMNISEND_EVENT_JSON_SCHEMA",
  });
};

// ------------------------------------------------------------------------------------------------
// omnisend-api: an Events API body
// ------------------------------------------------------------------------------------------------
const omnisendApi = () => {
  const t = table("omnisend-api");
  const open = new Set(t.openObjects);
  const EVENT_TIME =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})| [0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2})$";
  // a row's value as src/formats/omnisend-api/fields.ts `fits` checks it (its kind, `?` for null, the length limit)
  const rowNode = ([, , rawKind, max]) => {
    const nullable_ = rawKind.endsWith("?");
    const k = nullable_ ? rawKind.slice(0, -1) : rawKind;
    const limit = (n) =>
      max === undefined ? n : n.t === "string" ? { ...n, maxLength: max } : n.t === "array" ? { ...n, maxItems: max } : n;
    let n;
    if (k.startsWith("object:")) {
      const name = k.slice(7);
      const rows = t.objects[name];
      if (rows === undefined) throw new Error(`omnisend-api: no objects.${name}`);
      n = obj(
        rows.map((r) => [r[0], rowNode(r), {}]),
        { rest: open.has(name) ? any : false },
      );
    } else
      switch (k) {
        case "categories":
          n = arr(
            obj(
              [
                ["id", str(), {}],
                ["title", str(), {}],
              ],
              { rest: any },
            ),
          );
          break;
        case "sku":
        case "orderNumber":
          n = union(str(), num);
          break;
        case "minorUnits":
          n = str({ pattern: "^(0|-?[1-9][0-9]*)$", doc: "integer minor units of the product's currency" });
          break;
        case "birthdate":
          n = str({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });
          break;
        case "gender":
          n = union(konst("m"), konst("f"));
          break;
        case "none":
          n = nul;
          break;
        default:
          n = limit(simpleKind(k));
      }
    return nullable_ && k !== "none" ? nullable(n) : n;
  };
  // the decoder lifts a value that fits its row and keeps any other verbatim (a custom property), so
  // the JSON Schema leaves every table value open and the TypeScript types it as the row says; a key
  // in several rows is typed as any of them
  const tableProps = (rows) => {
    const byKey = new Map();
    for (const r of rows) {
      const entry = byKey.get(r[0]) ?? { nodes: [], kinds: [] };
      entry.nodes.push(rowNode(r));
      const label = r[2].endsWith("?") ? `${r[2].slice(0, -1)} or null` : r[2];
      entry.kinds.push(r[3] === undefined ? label : `${label} (at most ${r[3]})`);
      byKey.set(r[0], entry);
    }
    return [...byKey].map(([k, { nodes, kinds }]) => {
      const seen = new Map(nodes.map((n) => [tsOf(n), n]));
      const doc = `Read as ${[...new Set(kinds)].join(", or ")}; another value is kept verbatim.`;
      return [k, lenient(seen.size === 1 ? nodes[0] : union(...seen.values())), { doc }];
    });
  };
  def(
    "OmnisendApiContact",
    obj(tableProps(t.contact), {
      extra: {
        anyOf: t.contactIdentifiers.map((k) => ({ required: [k], properties: { [k]: { type: "string", minLength: 1 } } })),
      },
    }),
    `The contact of an Omnisend Events API body; at least one of ${t.contactIdentifiers.join(", ")} is a non-empty string. Other keys are kept.`,
  );
  def(
    "OmnisendApiLineItem",
    obj(tableProps([...t.lineItem, ...t.lineItemCarried])),
    "One product of an Omnisend Events API body (`product*` keys; canonical product fields Omnisend has no key for under their Segment names); other keys are the product's custom properties.",
  );
  const viewedKeys = new Set(t.viewedProduct.map((r) => r[0]));
  def(
    "OmnisendApiViewedProduct",
    obj(
      tableProps([
        ...t.viewedProduct,
        ...t.lineItem,
        ...t.lineItemCarried.filter((r) => !viewedKeys.has(r[0])),
        ...t.viewedProductCarried,
      ]),
    ),
    "The product of a `viewed product` event: un-prefixed keys, prices as strings of integer minor units; other keys are the product's custom properties.",
  );
  const item = ref("OmnisendApiLineItem");
  const lists = [...new Set(Object.values(t.lists))];
  def(
    "OmnisendApiProperties",
    obj([
      ...tableProps(t.properties),
      ...lists.map((key) => [key, lenient(arr(item)), {}]),
      [
        "product",
        lenient(union(item, ref("OmnisendApiViewedProduct"))),
        { doc: "The product of `ordered product` (a line item) and `viewed product` (the viewed-product object)." },
      ],
      ["addedItem", lenient(item), { doc: "The product added by `added product to cart`." }],
    ]),
    "The properties of an Omnisend Events API body: order fields flat, the products in their slots, every canonical field Omnisend has no key for under its Segment name, and custom properties.",
  );
  def(
    "OmnisendApiEvent",
    obj([
      ["eventName", str({ minLength: 1 }), { required: true }],
      ["eventID", str(), { doc: "The event id: a v4–v7 UUID when commerce-rosetta writes it; another string is kept as given." }],
      ["eventTime", str({ pattern: EVENT_TIME, doc: "RFC 3339 (seconds required) or YYYY-MM-DD HH:MM:SS±HH:MM" }), {}],
      ["eventVersion", str(), {}],
      ["origin", str(), {}],
      ["contact", ref("OmnisendApiContact"), { required: true }],
      ["properties", ref("OmnisendApiProperties"), {}],
    ]),
    "An Omnisend Events API body (POST /api/events, Omnisend-Version 2026-03-15, or the legacy POST /v5/events); keys not listed are kept.",
  );
  return print({
    source: "mappings/omnisend-api.json",
    title: "Omnisend Events API event",
    rootName: "OmnisendApiEvent",
    rootDoc: "One Omnisend Events API body as commerce-rosetta reads and writes it.",
    constName: "OMNISEND_API_EVENT_JSON_SCHEMA",
  });
};

// ------------------------------------------------------------------------------------------------
// redo: a custom event and the bulk request
// ------------------------------------------------------------------------------------------------
const redo = () => {
  const t = table("redo");
  const ids = t.customer.identifiers;
  const idKind = (w) =>
    w === "email" ? str({ format: "email" }) : w === "phoneNumber" ? str({ pattern: "^\\+[0-9]{2,15}$" }) : str();
  const scalar = union(str(), num, bool);
  def(
    "RedoLocation",
    obj(
      t.customer.location.map(([w, , k]) => [w, simpleKind(k), {}]),
      { rest: false },
    ),
    "A Redo customer's location.",
  );
  def(
    "RedoCustomer",
    obj(
      [
        ...ids.map(([w]) => [w, idKind(w), {}]),
        ...t.customer.profile.map(([w, , k]) => [w, simpleKind(k), {}]),
        ["location", ref("RedoLocation"), {}],
        ["customFields", obj([], { rest: scalar }), {}],
      ],
      { rest: false, extra: { anyOf: ids.map(([w]) => ({ required: [w] })) } },
    ),
    `The customer of a Redo event: at least one of ${ids.map((f) => f[0]).join(", ")}; no other keys.`,
  );
  // a part with `fieldsOf` has the rows of the part it names (as src/formats/redo/fields.ts reads them)
  const partNode = (p) => {
    const rows = p.fields ?? t.extra.parts.find((q) => q.key === p.fieldsOf).fields;
    const o = obj(rows.map(([w, , k]) => [w, k === "object" ? simpleKind(k) : nullable(simpleKind(k)), {}]));
    return lenient(p.list ? arr(o) : o);
  };
  def(
    "RedoExtra",
    obj([
      ...t.extra.parts.map((p) => [
        p.key,
        partNode(p),
        { doc: `The canonical ${p.part} (kept whole when it does not match the table).` },
      ]),
      [
        t.extra.valueMarker.key,
        lenient(bool),
        { doc: `Written when value/valueCurrency were taken from ${t.extra.valueMarker.means}.` },
      ],
    ]),
    "data.$extra: the canonical parts Redo has no first-class field for, and any other JSON values.",
  );
  def(
    "RedoEventData",
    obj([["$extra", ref("RedoExtra"), {}]], {
      rest: scalar,
      extra: { maxProperties: t.limits.dataProperties + 1 },
    }),
    `The data of a Redo event: at most ${t.limits.dataProperties} top-level string, number or boolean values, plus $extra.`,
  );
  def(
    "RedoCustomEvent",
    obj([
      ["eventName", str({ minLength: 1 }), { required: true }],
      ["customer", ref("RedoCustomer"), { required: true }],
      ["eventTimestamp", str({ format: "date-time" }), {}],
      ["value", num, {}],
      ["valueCurrency", str(), {}],
      ["uniqueId", str({ minLength: 1, maxLength: t.limits.uniqueIdLength }), {}],
      ["data", ref("RedoEventData"), {}],
    ]),
    "A Redo custom event (POST /stores/{storeId}/events); keys not listed are kept.",
  );
  def(
    "RedoBulkRequest",
    obj(
      [
        [
          "events",
          arr(ref("RedoCustomEvent"), { minItems: 1, maxItems: t.limits.bulkEvents }),
          { required: true, doc: `1 to ${t.limits.bulkEvents} events.` },
        ],
      ],
      { rest: false },
    ),
    "A Redo bulk request (POST /stores/{storeId}/events/bulk).",
  );
  return print({
    source: "mappings/redo.json",
    title: "Redo custom event",
    rootName: "RedoCustomEvent",
    rootDoc: "One Redo custom event as commerce-rosetta reads and writes it.",
    constName: "REDO_CUSTOM_EVENT_JSON_SCHEMA",
  });
};

// ------------------------------------------------------------------------------------------------
// attribuly: a journey item and the API response
// ------------------------------------------------------------------------------------------------
const attribuly = () => {
  const t = table("attribuly");
  const sectionKind = (k) => nullable(k === "string" ? str() : int());
  const pascal = (s) => s.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase());
  const sectionRef = (key) =>
    def(
      `Attribuly${pascal(key)}`,
      obj(Object.entries(t.sections[key]).map(([k, kind]) => [k, sectionKind(kind), {}])),
      `The ${key} section of a journey item; every value may be null.`,
    );
  const fieldKind = new Map(t.fields.map(([w, , k]) => [w, k]));
  const props = t.item.map((key) => {
    if (fieldKind.has(key)) {
      const k = fieldKind.get(key);
      return [
        key,
        k === "wallClock"
          ? nullable(
              str({
                pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$",
                doc: "YYYY-MM-DD HH:mm:ss in the zone option",
              }),
            )
          : sectionKind(k),
        {},
      ];
    }
    if (key === "products") return [key, nullable(arr(nullable(sectionRef("products")))), {}];
    if (t.sections[key] !== undefined) return [key, nullable(sectionRef(key)), {}];
    throw new Error(`attribuly item key ${key} has no kind`);
  });
  def("AttribulyJourneyItem", obj(props), "One item of Attribuly's order customer journey; keys not listed are kept.");
  def(
    "AttribulyResponse",
    obj([
      ["code", konst(1), { required: true }],
      ["message", str(), {}],
      [
        "data",
        obj([
          ["order_id", str(), {}],
          ["shop_currency", nullable(str()), {}],
          ["total", int(), {}],
          ["page", int(), {}],
          ["page_size", int(), {}],
          ["events", arr(ref("AttribulyJourneyItem")), { required: true }],
        ]),
        { required: true },
      ],
    ]),
    "A successful response of Attribuly's order customer-journey API (code 1).",
  );
  return print({
    source: "mappings/attribuly.json",
    title: "Attribuly journey item",
    rootName: "AttribulyJourneyItem",
    rootDoc: "One Attribuly order customer-journey item as commerce-rosetta reads and writes it.",
    constName: "ATTRIBULY_JOURNEY_ITEM_JSON_SCHEMA",
  });
};

// ------------------------------------------------------------------------------------------------
// canonical: the TypeScript of the Effect schema's JSON Schema, so the published types do not need
// effect installed (test/types/canonical-types.test.ts checks they equal the Effect schema's type)
// ------------------------------------------------------------------------------------------------
/** The exported name of a canonical $defs entry (`Order` → `CanonicalOrder`; the event keeps its name). */
const canonicalName = (name) => (name === "CanonicalEvent" ? name : `Canonical${name === "ProductList" ? "List" : name}`);

const fromJsonSchema = (s) => {
  const doc = s.description;
  const withDoc = (n) => (doc === undefined ? n : { ...n, doc });
  if (s.$ref !== undefined) return withDoc(ref(canonicalName(s.$ref.replace("#/$defs/", ""))));
  if (s.anyOf !== undefined) return withDoc(union(...s.anyOf.map(fromJsonSchema)));
  if (s.enum !== undefined) return withDoc(union(...s.enum.map(konst)));
  if (s.const !== undefined) return withDoc(konst(s.const));
  switch (s.type) {
    case "object": {
      if (s.properties === undefined)
        return withDoc(
          typeof s.additionalProperties === "object" ? obj([], { rest: fromJsonSchema(s.additionalProperties) }) : RECORD,
        );
      const required = new Set(s.required ?? []);
      const props = Object.entries(s.properties).map(([k, v]) => [k, fromJsonSchema(v), { required: required.has(k) }]);
      const rest =
        s.additionalProperties === false
          ? false
          : s.additionalProperties === undefined
            ? any
            : fromJsonSchema(s.additionalProperties);
      return withDoc(obj(props, { rest }));
    }
    case "array":
      return withDoc(arr(fromJsonSchema(s.items)));
    case "string":
    case "number":
    case "integer":
    case "boolean":
    case "null":
      return withDoc({ t: s.type });
    default:
      if (s.type === undefined && Object.keys(s).every((k) => k === "description")) return withDoc(any);
      throw new Error(`canonical: no TypeScript for ${JSON.stringify(s).slice(0, 200)}`);
  }
};

const canonical = async () => {
  const { build } = await import("esbuild");
  const out = await build({
    entryPoints: [new URL("../src/canonical/json-schema.ts", import.meta.url).pathname],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "silent",
  });
  const code = out.outputFiles[0].text;
  const { canonicalJsonSchema } = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  const schema = canonicalJsonSchema();
  arrayType = "ReadonlyArray";
  const body = [
    "// Generated by scripts/generate-types.mjs from the canonical Effect schema (src/canonical/model.ts), through its",
    "// JSON Schema: do not edit by hand. The published types need no effect installed; a type test holds them equal.",
    "",
  ];
  for (const [name, s] of Object.entries(schema.$defs)) {
    const n = fromJsonSchema(s);
    const exported = canonicalName(name);
    body.push(`${comment(n.doc, "")}export type ${exported} = ${tsOf(n)};`, "");
  }
  arrayType = "Array";
  return body.join("\n");
};

const FILES = [
  ["customerio", customerio],
  ["omnisend", omnisend],
  ["omnisend-api", omnisendApi],
  ["redo", redo],
  ["attribuly", attribuly],
  ["canonical", canonical, "src/canonical/types.generated.ts"],
];

const check = process.argv.includes("--check");
let stale = 0;
for (const [format, generate, path] of FILES) {
  const out = new URL(`../${path ?? `src/formats/${format}/types.generated.ts`}`, import.meta.url);
  const text = await generate();
  if (check) {
    let current = "";
    try {
      current = readFileSync(out, "utf8");
    } catch {}
    if (current !== text) {
      stale++;
      console.error(`${out.pathname} differs from what the mappings give: run npm run generate`);
    }
  } else writeFileSync(out, text);
}
if (stale > 0) process.exit(1);
