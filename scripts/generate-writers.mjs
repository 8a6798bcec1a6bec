#!/usr/bin/env node
// Generates the codecs' field writers from the mapping tables, as straight-line code:
// - src/formats/customerio/writers.generated.ts from mappings/customerio.json: the customerio
//   encoder's field writers, one function per event type and one for products and context; the
//   decoder's lifters, a `switch` per event type, for product keys and for context fields;
// - src/formats/omnisend/writers.generated.ts from mappings/omnisend.json: a `switch` per table and
//   direction (contact, order, line item; wire → canonical and back);
// - src/formats/attribuly/writers.generated.ts from mappings/attribuly.json: the decoder's item-key
//   slots (a `switch`), its scalar fields written into the event in the table's order, and product
//   fields;
// - src/formats/redo/writers.generated.ts from mappings/redo.json: each `data.$extra` part's entry
//   written in the table's order, measured as it is written.
// The generic loops over the tables read or wrote each value with a computed key (`part[f.dotted]`,
// `out[f.wire] = v`) after a Map lookup; V8 cannot cache such a load or store once it has seen more
// than a few keys. Here each field is its own load or store with a constant key. Only the common case
// is generated (a value of the field's kind, and `null` where the table allows it; the context lifter
// stores what the decoder checked); every other value goes back to the codec, which applies the
// table's rule (wrong kinds, lists, unknown keys, keys a flat product shares with the event).
//
//   node scripts/generate-writers.mjs          write the files
//   node scripts/generate-writers.mjs --check  exit 1 when a file differs from what the mappings give
//
// The mapping tables stay the source of truth; test/formats/*/writers.test.ts run --check.
import { readFileSync, writeFileSync } from "node:fs";

const FILES = [
  {
    table: new URL("../mappings/customerio.json", import.meta.url),
    out: new URL("../src/formats/customerio/writers.generated.ts", import.meta.url),
    generate: (table) => generateWriters(table),
  },
  {
    table: new URL("../mappings/omnisend.json", import.meta.url),
    out: new URL("../src/formats/omnisend/writers.generated.ts", import.meta.url),
    generate: (table) => generateOmnisendWriters(table),
  },
  {
    table: new URL("../mappings/attribuly.json", import.meta.url),
    out: new URL("../src/formats/attribuly/writers.generated.ts", import.meta.url),
    generate: (table) => generateAttribulyWriters(table),
  },
  {
    table: new URL("../mappings/redo.json", import.meta.url),
    out: new URL("../src/formats/redo/writers.generated.ts", import.meta.url),
    generate: (table) => generateRedoWriters(table),
  },
];

/**
 * The inline check of a field kind on the variable `x`, as the codecs' own `fits` (customerio,
 * omnisend and redo use these kind names with the same meaning), or undefined for the kinds the
 * generated code always leaves to the codec (lists, objects).
 */
const kindCheck = (kind, x = "v") => {
  switch (kind) {
    case "string":
      return `typeof ${x} === "string"`;
    case "number":
      return `typeof ${x} === "number" && Number.isFinite(${x})`;
    case "integer":
      return `typeof ${x} === "number" && Number.isInteger(${x})`;
    case "quantity":
      return `typeof ${x} === "number" && Number.isSafeInteger(${x}) && ${x} >= 1`;
    case "currency":
      return `typeof ${x} === "string" && CURRENCY.test(${x})`;
    case "email":
      return `typeof ${x} === "string" && isEmail(${x})`;
    case "uri":
      return `typeof ${x} === "string" && isUri(${x})`;
    case "timestamp":
      return `typeof ${x} === "string" && isDateTime(${x})`;
    default:
      return undefined;
  }
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** `.key` when `key` is an identifier, else `["key"]`. */
const member = (key) => (IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
const local = (part) => `p_${part.replace(/[^A-Za-z0-9_$]/g, "_")}`;

/** The event fields of a type in the encoder's order (as `eventFields` in fields.ts builds them). */
const fieldsOf = (table, type) => {
  const spec = table.events[type];
  const byKey = new Map();
  for (const g of spec.groups ?? []) {
    const rows = table.groups[g];
    if (rows === undefined) throw new Error(`mappings/customerio.json: unknown group ${g}`);
    for (const r of rows) if (!byKey.has(r[0])) byKey.set(r[0], r);
  }
  for (const r of spec.fields ?? []) byKey.set(r[0], r);
  return [...byKey.values()].map(([key, dotted, kind, lenient]) => ({
    key,
    path: dotted.split("."),
    kind,
    lenient: lenient === "lenient" || lenient === "segment",
  }));
};

const eventWriter = (table, type) => {
  const fields = fieldsOf(table, type);
  const parts = [...new Set(fields.filter((f) => f.path.length === 2).map((f) => f.path[0]))];
  const lines = [];
  // a missing or null part reads as NONE, whose every key is undefined
  for (const part of parts) lines.push(`  const ${local(part)} = (e${member(part)} ?? NONE) as JsonObject;`);
  if (fields.some((f) => f.path.length === 3)) {
    lines.push(`  const products = e.products as ReadonlyArray<JsonObject> | null | undefined;`);
    // the first product, NONE when there is none or it is not an object (the codec reports those)
    lines.push(`  const first = (products === undefined || products === null ? undefined : products[0]) ?? NONE;`);
  }
  fields.forEach((f, i) => {
    let read;
    if (f.path.length === 1) read = `e${member(f.path[0])}`;
    else if (f.path.length === 2) {
      read = `${local(f.path[0])}${member(f.path[1])}`;
    } else if (f.path[0] === "products") read = `first === undefined ? undefined : first${member(f.path[2])}`;
    else throw new Error(`mappings/customerio.json: ${type}.${f.key}: unsupported path ${f.path.join(".")}`);
    const check = kindCheck(f.kind);
    lines.push(`  v = ${read};`);
    lines.push(
      check === undefined
        ? `  if (v !== undefined) n += slow(${i}, v, out, a, b);`
        : `  if (v !== undefined) if (${check}) (out${member(f.key)} = v), n++; else n += slow(${i}, v, out, a, b);`,
    );
  });
  return [
    `/** ${type}: writes its ${fields.length} fields into \`out\` and returns how many were written. */`,
    `const ${type} = <A, B>(e: JsonObject, out: JsonObject, a: A, b: B, slow: Slow<A, B>): number => {`,
    "  let n = 0;",
    "  let v: unknown;",
    ...lines,
    "  return n;",
    "};",
  ].join("\n");
};

/** The decoder's check that lifts a value (as `accepts` in fields.ts), or undefined: the codec's. */
const acceptCheck = (kind, lenient) => {
  const check = kindCheck(kind);
  if (check === undefined) return undefined;
  return lenient ? `v === null || (${check})` : check;
};

/** A `switch` lifting a property of an event type into the canonical event when the table accepts it. */
const eventLifter = (table, type) => {
  const cases = [];
  for (const f of fieldsOf(table, type)) {
    const check = acceptCheck(f.kind, f.lenient);
    if (check === undefined || f.path[0] === "products" || f.path.length > 2) continue;
    const store =
      f.path.length === 1
        ? `e${member(f.path[0])} = v;`
        : `((e${member(f.path[0])} ??= {}) as JsonObject)${member(f.path[1])} = v;`;
    cases.push(
      `    case ${JSON.stringify(f.key)}:\n      if (!(${check})) return false;\n      ${store}\n      return true;`.replace(
        /\n\s+/g,
        " ",
      ),
    );
  }
  return [
    `/** ${type}: lifts a property the table maps and accepts into the event; false for anything else. */`,
    `const lift_${type} = (key: string, v: unknown, e: JsonObject): boolean => {`,
    ...(cases.length === 0 ? ["  return false;"] : ["  switch (key) {", ...cases, "    default:", "      return false;", "  }"]),
    "};",
  ].join("\n");
};

const productLifter = (table) => {
  const cases = [];
  for (const [key, dotted, kind, lenient] of table.product) {
    const check = acceptCheck(kind, lenient === "lenient" || lenient === "segment");
    if (check === undefined) continue;
    cases.push(`    case ${JSON.stringify(key)}: if (!(${check})) return false; out${member(dotted)} = v; return true;`);
  }
  return [
    "/**",
    " * Decoding: lifts a product key the table maps into the canonical product when the table accepts the",
    " * value; false for anything else (unknown keys, lists, values the table rejects), which the codec handles.",
    " *",
    " * @internal",
    " */",
    "export const liftProductKey = (key: string, v: unknown, out: JsonObject): boolean => {",
    "  switch (key) {",
    ...cases,
    "    default:",
    "      return false;",
    "  }",
    "};",
  ].join("\n");
};

/** The context writer: every context field from the canonical event into a fresh `context`. */
const contextWriter = (table) => {
  const rows = table.context.map(([wire, canonical]) => ({ wire: wire.split("."), canonical: canonical.split(".") }));
  const parts = [...new Set(rows.map((r) => r.canonical[0]))];
  const lines = parts.map((part) => `  const ${local(part)} = (e${member(part)} ?? NONE) as JsonObject;`);
  for (const r of rows) {
    if (r.canonical.length !== 2 || r.wire.length > 2)
      throw new Error(`mappings/customerio.json: context ${r.wire.join(".")}: unsupported path`);
    const store =
      r.wire.length === 1
        ? `out${member(r.wire[0])} = v;`
        : `((out${member(r.wire[0])} ??= {}) as JsonObject)${member(r.wire[1])} = v;`;
    lines.push(`  v = ${local(r.canonical[0])}${member(r.canonical[1])};`);
    lines.push(`  if (v !== undefined) {\n    ${store}\n    n++;\n  }`);
  }
  return [
    "/**",
    " * Writes every context field the table maps from the canonical event into `out`, a fresh context",
    " * object (each group, such as `page`, created on its first field), in the table's order. Returns how",
    " * many were written.",
    " *",
    " * @internal",
    " */",
    "export const writeContextFields = (e: JsonObject, out: JsonObject): number => {",
    "  let n = 0;",
    "  let v: unknown;",
    ...lines,
    "  return n;",
    "};",
  ].join("\n");
};

/**
 * The context lifters (decoding): which top-level context keys the table maps (a field such as `ip`,
 * or a group such as `page`), and a `switch` storing each mapped field into its canonical part with a
 * constant key (the part created on its first field), as the table's paths say.
 */
const contextLifter = (table) => {
  const rows = table.context.map(([wire, canonical]) => ({ wire: wire.split("."), canonical: canonical.split(".") }));
  const store = (r) => `((e${member(r.canonical[0])} ??= {}) as JsonObject)${member(r.canonical[1])} = v;`;
  const singles = rows.filter((r) => r.wire.length === 1);
  const groups = new Map();
  for (const r of rows) {
    if (r.canonical.length !== 2 || r.wire.length > 2)
      throw new Error(`mappings/customerio.json: context ${r.wire.join(".")}: unsupported path`);
    if (r.wire.length === 2) {
      if (!groups.has(r.wire[0])) groups.set(r.wire[0], []);
      groups.get(r.wire[0]).push(r);
    }
  }
  // the inner `switch (key)` of one group (`undefined`: the top-level fields), keyed by wire[at]
  const keySwitch = (rs, at) => [
    "      switch (key) {",
    ...rs.flatMap((r) => [`        case ${JSON.stringify(r.wire[at])}:`, `          ${store(r)}`, "          return true;"]),
    "        default:",
    "          return false;",
    "      }",
  ];
  for (const r of singles)
    if (groups.has(r.wire[0])) throw new Error(`mappings/customerio.json: context.${r.wire[0]} is both a field and a group`);
  const seen = new Set();
  for (const r of rows) {
    const wire = r.wire.join(".");
    if (seen.has(wire)) throw new Error(`mappings/customerio.json: context.${wire} is mapped twice`);
    seen.add(wire);
    // products is a list: a context field cannot be stored into it as into a part
    if (r.canonical[0] === "products")
      throw new Error(`mappings/customerio.json: context.${wire}: unsupported path ${r.canonical.join(".")}`);
  }
  return [
    "/** `contextKeyKind` of a mapped field. @internal */",
    "export const CONTEXT_FIELD = 1;",
    "/** `contextKeyKind` of a mapped group. @internal */",
    "export const CONTEXT_GROUP = 2;",
    "",
    "/**",
    " * Decoding: what the table maps a top-level context key to — `CONTEXT_FIELD` (`ip`), `CONTEXT_GROUP`",
    " * (`page`, whose fields are mapped one by one) or 0 (not mapped).",
    " *",
    " * @internal",
    " */",
    "export const contextKeyKind = (key: string): number => {",
    "  switch (key) {",
    ...singles.map((r) => `    case ${JSON.stringify(r.wire[0])}:`),
    "      return CONTEXT_FIELD;",
    ...[...groups.keys()].map((g) => `    case ${JSON.stringify(g)}:`),
    "      return CONTEXT_GROUP;",
    "    default:",
    "      return 0;",
    "  }",
    "};",
    "",
    "/**",
    " * Decoding: stores the value of a mapped context field — `group` undefined for a top-level field,",
    " * else the group's field `key` — into the canonical event. Returns false (storing nothing) when the",
    " * table does not map it. The caller checks the value (a string or `null`).",
    " *",
    " * @internal",
    " */",
    "export const liftContextField = (group: string | undefined, key: string, v: unknown, e: JsonObject): boolean => {",
    "  switch (group) {",
    "    case undefined:",
    ...keySwitch(singles, 0),
    ...[...groups].flatMap(([g, rs]) => [`    case ${JSON.stringify(g)}:`, ...keySwitch(rs, 1)]),
    "    default:",
    "      return false;",
    "  }",
    "};",
  ].join("\n");
};

const productWriter = (table) => {
  const lines = [];
  table.product.forEach(([key, dotted, kind], i) => {
    const check = kindCheck(kind);
    lines.push(`  v = p${member(dotted)};`);
    lines.push(
      check === undefined
        ? `  if (v !== undefined) n += slow(${i}, v, out, shadow[${i}] === 1, a, b);`
        : `  if (v !== undefined) if (shadow[${i}] === 0 && ${check}) (out${member(key)} = v), n++; else n += slow(${i}, v, out, shadow[${i}] === 1, a, b);`,
    );
  });
  return [
    "/**",
    " * Writes a canonical product's mapped fields into `out` in the table's order and returns how many",
    " * were written. `shadow[i]` is 1 where product field i is also a field of the event (a flat product",
    " * shares the event's properties): such a value goes to `slow`, told so.",
    " *",
    " * @internal",
    " */",
    "export const writeProductFields = <A, B>(",
    "  p: JsonObject,",
    "  out: JsonObject,",
    "  shadow: Uint8Array,",
    "  a: A,",
    "  b: B,",
    "  slow: ProductSlow<A, B>,",
    "): number => {",
    "  let n = 0;",
    "  let v: unknown;",
    ...lines,
    "  return n;",
    "};",
  ].join("\n");
};

/** The generated module's text for a customerio mapping table. */
export const generateWriters = (table) => {
  const types = Object.keys(table.events);
  return [
    "// Generated by scripts/generate-writers.mjs from mappings/customerio.json. Do not edit: change the",
    "// mapping and run `npm run generate`.",
    "/**",
    " * The customerio codec's field writers (see scripts/generate-writers.mjs for why): for encoding, one",
    " * straight-line function per event type and one for products; for decoding, a `switch` per event",
    " * type over its properties and one over product keys.",
    " *",
    " * @since 0.1.0",
    " * @internal",
    " */",
    'import type { JsonObject } from "../../core/json.js";',
    "",
    "/**",
    " * Applies the field table's rule to a value the fast path did not write: field `index` of the table,",
    " * its value `v`, the object written to, and the caller's two arguments. Returns 1 when it wrote.",
    " *",
    " * @internal",
    " */",
    "export type Slow<A, B> = (index: number, v: unknown, out: JsonObject, a: A, b: B) => number;",
    "",
    "/**",
    " * `Slow` for product fields, also told whether the field is shadowed by an event field of the same key.",
    " *",
    " * @internal",
    " */",
    "export type ProductSlow<A, B> = (index: number, v: unknown, out: JsonObject, shadowed: boolean, a: A, b: B) => number;",
    "",
    "/** @internal */",
    "export type FieldWriter = <A, B>(e: JsonObject, out: JsonObject, a: A, b: B, slow: Slow<A, B>) => number;",
    "",
    "/** What a missing or `null` canonical part reads as: no keys, no prototype. */",
    "const NONE: JsonObject = Object.freeze(Object.create(null));",
    "",
    productWriter(table),
    "",
    contextWriter(table),
    "",
    contextLifter(table),
    "",
    ...types.map((t) => `${eventWriter(table, t)}\n`),
    productLifter(table),
    "",
    ...types.map((t) => `${eventLifter(table, t)}\n`),
    "/**",
    " * Decoding: the property lifter of each event type of the table, by canonical type.",
    " *",
    " * @internal",
    " */",
    "export const EVENT_PROPERTY_LIFTERS: Readonly<Record<string, (key: string, v: unknown, e: JsonObject) => boolean>> = {",
    ...types.map((t) => `  ${t}: lift_${t},`),
    "};",
    "",
    "/**",
    " * The event-field writer of each event type of the table, by canonical type.",
    " *",
    " * @internal",
    " */",
    "export const EVENT_FIELD_WRITERS: Readonly<Record<string, FieldWriter>> = {",
    ...types.map((t) => `  ${t},`),
    "};",
    "",
  ].join("\n");
};

/** A `switch` writing `out[to] = v` for a table key `from` whose value fits; false for anything else. */
const switchWriter = (name, doc, rows, fromCol, toCol) => {
  const cases = [];
  for (const row of rows) {
    const check = kindCheck(row[2]);
    if (check === undefined) continue;
    cases.push(
      `    case ${JSON.stringify(row[fromCol])}:\n      if (!(${check})) return false;\n      out${member(row[toCol])} = v;\n      return true;`,
    );
  }
  return [
    "/**",
    ` * ${doc}`,
    " *",
    " * @internal",
    " */",
    `export const ${name} = (key: string, v: unknown, out: JsonObject): boolean => {`,
    "  switch (key) {",
    ...cases,
    "    default:",
    "      return false;",
    "  }",
    "};",
  ].join("\n");
};

/** The generated module's text for the Omnisend mapping table. */
export const generateOmnisendWriters = (table) => {
  const parts = [
    ["Contact", "contact", "a contact key", "an identity key"],
    ["Order", "order", "an order key", "a canonical order key"],
    ["LineItem", "lineItem", "a line-item key", "a canonical product key"],
  ];
  const out = [
    "// Generated by scripts/generate-writers.mjs from mappings/omnisend.json. Do not edit: change the",
    "// mapping and run `npm run generate`.",
    "/**",
    " * The Omnisend codec's field writers: for each table, a `switch` that writes a key's value under its",
    " * other name when the value is of the field's kind, and returns false for anything else (an unknown",
    " * key, a value of the wrong kind, a kind always left to the codec), which the codec then handles by",
    " * the table's rule (see scripts/generate-writers.mjs for why).",
    " *",
    " * @since 0.1.0",
    " * @internal",
    " */",
    'import { isRfc3339DateTime as isDateTime } from "../../canonical/time.js";',
    'import { isEmail, isUri } from "../../core/formats.js";',
    'import type { JsonObject } from "../../core/json.js";',
    'import { CURRENCY } from "./fields.js";',
    "",
  ];
  for (const [Name, key, wireWords, canonicalWords] of parts) {
    const rows = table[key];
    out.push(
      switchWriter(
        `lift${Name}Field`,
        `Decoding: writes ${wireWords} of mappings/omnisend.json under its canonical key when its value fits.`,
        rows,
        0,
        1,
      ),
      "",
      switchWriter(
        `write${Name}Field`,
        `Encoding: writes ${canonicalWords} under its Omnisend key when its value fits.`,
        rows,
        1,
        0,
      ),
      "",
    );
  }
  return out.join("\n");
};

/** The generated module's text for the Attribuly mapping table. */
export const generateAttribulyWriters = (table) => {
  const slot = new Map(table.item.map((k, i) => [k, i]));
  const slotOf = (key) => {
    const i = slot.get(key);
    if (i === undefined) throw new Error(`mappings/attribuly.json: ${key} is not in item`);
    return i;
  };
  const fields = table.fields.map(([wire, dotted, kind], i) => {
    const path = dotted.split(".");
    if (path.length > 2) throw new Error(`mappings/attribuly.json: ${wire}: unsupported path ${dotted}`);
    const at = path.length === 1 ? `e${member(path[0])}` : `((e${member(path[0])} ??= {}) as JsonObject)${member(path[1])}`;
    const read = `  v = slots[${slotOf(wire)}];`;
    if (kind === "wallClock")
      return `${read}\n  if (v !== undefined) {\n    if (typeof v === "string") v = clock(v, ${i}, c);\n    if (v === CLOCK_FAILED) ok = false;\n    else ${at} = v;\n  }`;
    return `${read}\n  if (v !== undefined) ${at} = v;`;
  });
  const productCases = table.product.map(([wire, dotted, kind]) => {
    const head = `    case ${JSON.stringify(wire)}:`;
    const store = `out${member(dotted)} = v;\n      return true;`;
    if (kind === "string") return `${head}\n      ${store}`;
    if (kind === "integer") return `${head}\n      if (v !== null && !Number.isSafeInteger(v)) return false;\n      ${store}`;
    return `${head}\n      if (v !== null) return false;\n      ${store}`;
  });
  return [
    "// Generated by scripts/generate-writers.mjs from mappings/attribuly.json. Do not edit: change the",
    "// mapping and run `npm run generate`.",
    "/**",
    " * The Attribuly decoder's field writers (see scripts/generate-writers.mjs for why): the slot of each",
    " * item key, the item's scalar fields written into the canonical event in the table's order, and a",
    " * product's fields. They run after the item is validated, so they check only what the table's rule",
    " * decides (money is the decoder's: it needs the currency).",
    " *",
    " * @since 0.1.0",
    " * @internal",
    " */",
    'import type { JsonObject } from "../../core/json.js";',
    "",
    "/**",
    " * What `clock` returns when a wall-clock time cannot be read (it records the issue itself).",
    " *",
    " * @internal",
    " */",
    'export const CLOCK_FAILED: unique symbol = Symbol("clock failed");',
    "",
    "/**",
    " * The slot of an item key: its place in the table's `item` list, or -1 for a key the table does not have.",
    " *",
    " * @internal",
    " */",
    "export const itemSlot = (key: string): number => {",
    "  switch (key) {",
    ...table.item.map((k, i) => `    case ${JSON.stringify(k)}:\n      return ${i};`),
    "    default:",
    "      return -1;",
    "  }",
    "};",
    "",
    "/**",
    " * Writes the item's scalar fields (`slots`, by `itemSlot`) into the event in the table's order;",
    " * `clock` turns a wall-clock string of field `index` into a timestamp, or `CLOCK_FAILED`. Returns",
    " * false when a time could not be read.",
    " *",
    " * @internal",
    " */",
    "export const writeItemFields = <C>(",
    "  slots: ReadonlyArray<unknown>,",
    "  e: JsonObject,",
    "  c: C,",
    "  clock: (v: string, index: number, c: C) => unknown,",
    "): boolean => {",
    "  let ok = true;",
    "  let v: unknown;",
    ...fields,
    "  return ok;",
    "};",
    "",
    "/**",
    " * Lifts a validated product key to its canonical key; false for a key the table does not have and",
    " * for a money value (the decoder converts it) or an integer field holding another number.",
    " *",
    " * @internal",
    " */",
    "export const liftProductField = (key: string, v: unknown, out: JsonObject): boolean => {",
    "  switch (key) {",
    ...productCases,
    "    default:",
    "      return false;",
    "  }",
    "};",
    "",
  ].join("\n");
};

/** The check of a Redo `$extra` field kind on `x` (as `fits` in redo/fields.ts: `null` fits all but `object`). */
const redoFits = (kind) => {
  const check = kind === "string" || kind === "number" || kind === "integer" ? kindCheck(kind, "x") : undefined;
  if (check === undefined) return `fits(${JSON.stringify(kind)}, x)`;
  return check.includes("&&") ? `x === null || (${check})` : `x === null || ${check}`;
};

/** The generated module's text for the Redo mapping table. */
export const generateRedoWriters = (table) => {
  // a part with `fieldsOf` shares the writer of the part it names (as src/formats/redo/fields.ts reads it)
  const writerKey = (p) => p.fieldsOf ?? p.key;
  const writers = table.extra.parts
    .filter((p) => p.fieldsOf === undefined)
    .map((p) => {
      const lines = p.fields.map(([wire, canonical, kind]) =>
        [
          `  x = o${member(canonical)};`,
          "  if (x !== undefined) {",
          `    out${member(wire)} = x;`,
          "    if (bound >= 0) {",
          "      b = quickBound(x, depth + 1);",
          `      bound = b < 0 ? -1 : bound + ${6 * wire.length + 4} + b;`,
          "    }",
          `    matches &&= ${redoFits(kind)};`,
          "  }",
        ].join("\n"),
      );
      return [
        `/** ${p.key}: the entry of one ${p.list ? "element" : "object"}, in the table's order. */`,
        `const ${local(p.key)} = (o: JsonObject, depth: number, m: Meter, quickBound: QuickBound, fits: Fits): JsonObject => {`,
        "  const out: JsonObject = {};",
        "  let bound = 2;",
        "  let matches = true;",
        "  let x: unknown;",
        "  let b: number;",
        ...lines,
        "  m.bound = bound;",
        "  m.matches = matches;",
        "  return out;",
        "};",
        "",
      ].join("\n");
    });
  return [
    "// Generated by scripts/generate-writers.mjs from mappings/redo.json. Do not edit: change the",
    "// mapping and run `npm run generate`.",
    "/**",
    " * The Redo encoder's `data.$extra` part writers (see scripts/generate-writers.mjs for why): each writes",
    " * one canonical object's table fields under their wire keys in the table's order, and measures the",
    " * entry as it goes (`quickBound`, and whether every value fits its field's kind).",
    " *",
    " * @since 0.1.0",
    " * @internal",
    " */",
    'import type { JsonObject } from "../../core/json.js";',
    "",
    "/**",
    " * What a part writer learned about the entry it wrote, so the encoder need not walk it again:",
    " * `quickBound(entry, 0)`, and whether every value fits its field's kind; `undefined` for both when",
    " * the entry was not measured (the encoder then walks it).",
    " *",
    " * @internal",
    " */",
    "export interface Meter {",
    "  bound: number | undefined;",
    "  matches: boolean | undefined;",
    "}",
    "/** @internal */",
    "export type QuickBound = (v: unknown, depth: number) => number;",
    "/** @internal */",
    "export type Fits = (kind: string, v: unknown) => boolean;",
    "/** @internal */",
    "export type PartWriter = (o: JsonObject, depth: number, m: Meter, quickBound: QuickBound, fits: Fits) => JsonObject;",
    "",
    ...writers,
    "/**",
    " * The part writers by `$extra` key.",
    " *",
    " * @internal",
    " */",
    "export const PART_WRITERS: Readonly<Record<string, PartWriter>> = {",
    ...table.extra.parts.map((p) => `  ${JSON.stringify(p.key)}: ${local(writerKey(p))},`),
    "};",
    "",
  ].join("\n");
};

const isMain = process.argv[1] !== undefined && new URL(`file://${process.argv[1]}`).href === import.meta.url;
if (isMain) {
  const check = process.argv.includes("--check");
  let stale = false;
  for (const file of FILES) {
    const text = file.generate(JSON.parse(readFileSync(file.table, "utf8")));
    if (!check) {
      writeFileSync(file.out, text);
      continue;
    }
    let current = "";
    try {
      current = readFileSync(file.out, "utf8");
    } catch {}
    if (current !== text) {
      const rel = (u) => u.pathname.slice(new URL("..", import.meta.url).pathname.length);
      console.error(`${rel(file.out)} is out of date with ${rel(file.table)}: run npm run generate`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
}
