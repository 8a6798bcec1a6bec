#!/usr/bin/env node
// How close can code written for one pair get to the limit, for the two pairs furthest from issue 8's targets?
//
//   node bench/ceiling.mjs            omnisend → customerio and attribuly → redo, 15 rounds each
//   node bench/ceiling.mjs --quick    CI: few records, one round; exits 1 only if a check fails
//
// For each pair, a mapper written by hand for that pair alone and for the suite's inputs alone (it
// handles the event names and fields the generated mix has, nothing more), checked deep-equal to the
// library's output on every record, timed in the same process and loop as the limit:
//   hand          the mapper, no checks of its input;
//   hand+checks   the mapper behind the checks the library makes of those fields (kinds; omnisend:
//                 email, URI, RFC 3339 with a calendar check, currency shape; attribuly: wall clock
//                 with a calendar check, integer money); broken records show both reject the same;
//   library       translate() with the same identity lookup, loss report included.
// Neither hand mapper builds a loss report. It imports the BUILT library (../dist/index.js).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { generate, identity as genIdentity, peopleOf } from "./generate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
// translate from the root export, the date and money helpers from commerce-rosetta/codec-kit
const L = {
  ...(await import(pathToFileURL(path.join(here, "..", "dist", "index.js")).href)),
  ...(await import(pathToFileURL(path.join(here, "..", "dist", "codec-kit.js")).href)),
};
const quick = process.argv.includes("--quick");
const RECORDS = quick ? 300 : 5000;
const ROUNDS = quick ? 1 : 15;
const WARMUP = quick ? 1 : 3;

const mix = generate(RECORDS);
/** The identity table the suite joins with (run.mjs uses the same). */
const people = peopleOf(mix);
const lookupIdentity = (event) => people.get(event.id);
const linesOf = (format) => {
  const lines = [];
  for (const e of mix) {
    const r = L.translate(e, { from: "customerio", to: format, identity: genIdentity });
    if (r.ok) lines.push(JSON.stringify(r.value));
  }
  return lines;
};

// the library's format checks (src/core/formats.ts), copied: the script reads the build, not src
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const SIMPLE_URI =
  /^[a-z][a-z0-9+\-.]*:\/\/[a-z0-9\-._~!$&'()*+,;=]*(?:\/[a-z0-9\-._~!$&'()*+,;=:@]*)*(?:\?[a-z0-9\-._~!$&'()*+,;=:@/?]*)?(?:#[a-z0-9\-._~!$&'()*+,;=:@/?]*)?$/i;
const CURRENCY = /^[A-Z]{3}$/;
// the copies must not drift from the library's patterns (CI runs this script with --quick)
{
  const source = readFileSync(path.join(here, "..", "src", "core", "formats.ts"), "utf8");
  for (const [name, re] of [
    ["EMAIL_PATTERN", EMAIL],
    ["SIMPLE_URI_PATTERN", SIMPLE_URI],
  ])
    if (!source.includes(`${name} =\n  ${re}`)) {
      console.error(`ceiling.mjs: its copy of ${name} differs from src/core/formats.ts`);
      process.exit(1);
    }
}
const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const optString = (v) => v === undefined || typeof v === "string";
const optNumber = (v) => v === undefined || (typeof v === "number" && Number.isFinite(v));
const optUri = (v) => v === undefined || (typeof v === "string" && SIMPLE_URI.test(v));
const optStrings = (v) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === "string"));

// ---------------------------------------------------------------------------------------------
// omnisend → customerio
// ---------------------------------------------------------------------------------------------

const omnisendValid = (e) => {
  if (!isObj(e) || typeof e.eventName !== "string" || e.eventName === "") return false;
  if (!optString(e.eventID) || !optString(e.origin)) return false;
  if (e.eventTime !== undefined && !(typeof e.eventTime === "string" && L.isRfc3339DateTime(e.eventTime))) return false;
  const c = e.contact;
  if (!isObj(c) || !optString(c.contactID) || !optString(c.phone)) return false;
  if (c.email !== undefined && !(typeof c.email === "string" && EMAIL.test(c.email))) return false;
  if (!(c.email || c.phone || c.contactID)) return false;
  if (e.properties !== undefined && !isObj(e.properties)) return false;
  const o = e.order;
  if (o !== undefined) {
    if (!isObj(o) || !optString(o.orderID) || !optString(o.orderNumber) || !optString(o.discountCode)) return false;
    if (!optNumber(o.totalPrice) || !optNumber(o.subTotalPrice) || !optNumber(o.discountValue)) return false;
    if (!optString(o.paymentStatus) || !optString(o.fulfillmentStatus) || !optString(o.cartID)) return false;
    if (!optUri(o.cartRecoveryURL)) return false;
    if (o.currency !== undefined && !(typeof o.currency === "string" && CURRENCY.test(o.currency))) return false;
  }
  const items = e.lineItems;
  if (items !== undefined) {
    if (!Array.isArray(items)) return false;
    for (const p of items) {
      if (!isObj(p) || typeof p.productID !== "string") return false;
      if (!optString(p.variantID) || !optString(p.title) || !optString(p.vendor) || !optString(p.sku)) return false;
      if (!optNumber(p.price) || !optNumber(p.discount) || !optUri(p.imageUrl) || !optUri(p.productUrl)) return false;
      if (p.quantity !== undefined && !(Number.isSafeInteger(p.quantity) && p.quantity >= 1)) return false;
      if (!optStrings(p.categoryIDs) || !optStrings(p.tags)) return false;
    }
  }
  return true;
};

const OMNISEND_NAMES = {
  "placed order": "Order Completed",
  "viewed product": "Product Viewed",
  "added product to cart": "Product Added",
  "started checkout": "Checkout Started",
  "order refunded": "Order Refunded",
};
const ONE_PRODUCT = new Set(["Product Viewed", "Product Added"]);
/** The keys the library carries in Omnisend's properties (no Omnisend key of their own) → where a track call holds them. */
const LIFTED = {
  userId: "userId",
  anonymousId: "anonymousId",
  firstName: "traits",
  lastName: "traits",
  page: "context",
  ip: "context",
  userAgent: "context",
  utm: "campaign",
  checkoutID: "checkout_id",
  affiliation: "affiliation",
  revenue: "revenue",
  shippingPrice: "shipping",
  totalTax: "tax",
  valueCurrency: "currency",
  valueAmount: "value",
};
const ORDER_KEYS = {
  orderID: "order_id",
  cartID: "cart_id",
  totalPrice: "total",
  subTotalPrice: "subtotal",
  discountValue: "discount",
  discountCode: "coupon",
  currency: "currency",
};
const ITEM_KEYS = [
  ["productID", "product_id"],
  ["sku", "sku"],
  ["title", "name"],
  ["vendor", "brand"],
  ["price", "price"],
  ["quantity", "quantity"],
  ["productUrl", "url"],
  ["imageUrl", "image_url"],
  ["category", "category"],
];
const lineItem = (item, out) => {
  for (const [from, to] of ITEM_KEYS) if (item[from] !== undefined) out[to] = item[from];
  return out;
};
const omnisendToCustomerio = (e) => {
  const event = OMNISEND_NAMES[e.eventName] ?? e.eventName;
  const out = { type: "track", event };
  const who = people.get(e.eventID);
  if (who.userId !== undefined) out.userId = who.userId;
  else out.anonymousId = who.anonymousId;
  out.messageId = e.eventID;
  out.timestamp = e.eventTime;
  out.context = { traits: { email: e.contact.email } };
  let props;
  if (e.order !== undefined) {
    props = {};
    for (const k in e.order) props[ORDER_KEYS[k]] = e.order[k];
  }
  if (e.lineItems !== undefined) {
    props ??= {};
    if (ONE_PRODUCT.has(event)) lineItem(e.lineItems[0], props);
    else props.products = e.lineItems.map((item) => lineItem(item, {}));
  }
  if (e.properties !== undefined) {
    // what customerio has a place for comes back from properties, where the way out carried it
    for (const k in e.properties) {
      const v = e.properties[k];
      const field = LIFTED[k];
      if (field === undefined) {
        props ??= {};
        props[k] = v;
      } else if (field === "userId" || field === "anonymousId") {
        delete out.userId;
        delete out.anonymousId;
        out[field] = v;
      } else if (field === "traits") out.context.traits[k] = v;
      else if (field === "campaign") {
        const c = {};
        for (const u in v) c[u === "campaign" ? "name" : u] = v[u];
        out.context.campaign = c;
      } else if (field === "context") out.context[k] = v;
      else {
        props ??= {};
        props[field] = v;
      }
    }
  }
  if (props !== undefined) out.properties = props;
  return out;
};

// ---------------------------------------------------------------------------------------------
// attribuly → redo
// ---------------------------------------------------------------------------------------------

const SCALARS = [
  "event_id",
  "event_at",
  "event_page_url",
  "event_page_title",
  "event_page_referrer",
  "event_page_ip",
  "event_page_user_agent",
  "event_campaign",
  "event_source",
  "event_medium",
  "event_type",
];
const ORDER_SECTION = {
  other_order_id: "s",
  other_order_no: "s",
  currency: "s",
  total_price: "i",
  shop_currency_total_price: "i",
};
const SECTIONS = {
  cart_viewed: { currency: "s", total_price: "i", shop_currency_total_price: "i", total_quantity: "i" },
  checkout_started: ORDER_SECTION,
  checkout_completed: ORDER_SECTION,
  payment_info_submitted: ORDER_SECTION,
  search_submitted: { search_query: "s" },
};
const PRODUCT = {
  other_product_id: "s",
  other_variant_id: "s",
  product_name: "s",
  variant_name: "s",
  final_name: "s",
  currency: "s",
  price: "i",
  shop_currency_price: "i",
  quantity: "i",
};
const fitsKinds = (kinds, o) => {
  for (const k in o) {
    const kind = kinds[k];
    const v = o[k];
    if (kind === undefined || v === null) continue;
    if (kind === "s" ? typeof v !== "string" : !Number.isSafeInteger(v)) return false;
  }
  return true;
};
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const wallClockValid = (s) => {
  const m = WALL_CLOCK.exec(s);
  if (m === null) return false;
  const [year, month, day] = [+m[1], +m[2], +m[3]];
  if (month < 1 || month > 12 || day < 1 || day > L.daysInMonth(year, month)) return false;
  return +m[4] < 24 && +m[5] < 60 && +m[6] < 60;
};
const attribulyValid = (item) => {
  if (!isObj(item)) return false;
  for (const k of SCALARS) {
    const v = item[k];
    if (v !== undefined && v !== null && typeof v !== "string") return false;
  }
  if (typeof item.event_at === "string" && !wallClockValid(item.event_at)) return false;
  for (const s in SECTIONS) {
    const v = item[s];
    if (v !== undefined && v !== null && !(isObj(v) && fitsKinds(SECTIONS[s], v))) return false;
  }
  const products = item.products;
  if (products !== undefined && products !== null) {
    if (!Array.isArray(products)) return false;
    for (const p of products) if (p !== null && !(isObj(p) && fitsKinds(PRODUCT, p))) return false;
  }
  return true;
};
const KINDS = [
  ["checkout_completed", "Order Completed"],
  ["payment_info_submitted", "Payment Info Entered"],
  ["checkout_started", "Checkout Started"],
  ["cart_viewed", "Cart Viewed"],
  ["search_submitted", "Products Searched"],
];
/** Minor units to major: an integer below 2^53 over a power of ten is the correctly rounded decimal. */
const major = (minor, currency) => minor / 10 ** L.currencyExponent(currency);
const attribulyToRedo = (item, checks) => {
  let name;
  let section;
  let kind;
  for (const [k, n] of KINDS) {
    if (isObj(item[k])) {
      [kind, name, section] = [k, n, item[k]];
      break;
    }
  }
  name ??= Array.isArray(item.products) ? "Product Viewed" : "Page Viewed";
  const who = people.get(item.event_id);
  if (checks && !EMAIL.test(who.email)) return undefined;
  const out = { eventName: name, customer: { email: who.email }, eventTimestamp: `${item.event_at.replace(" ", "T")}Z` };
  const extra = {};
  extra.identity = who.userId !== undefined ? { userId: who.userId } : { anonymousId: who.anonymousId };
  let currency;
  if (section !== undefined) {
    if (kind === "search_submitted") extra.search = { query: section.search_query };
    else {
      const order = {};
      if (section.other_order_id !== undefined) order.id = section.other_order_id;
      currency = section.currency;
      if (section.total_price !== undefined) order.total = major(section.total_price, currency);
      if (currency !== undefined) order.currency = currency;
      extra.order = order;
      if (order.total !== undefined) {
        out.value = order.total;
        out.valueCurrency = currency;
      }
    }
  }
  out.uniqueId = item.event_id;
  if (item.products !== undefined) {
    extra.products = item.products.map((p) => {
      const product = { id: p.other_product_id, name: p.product_name };
      if (p.price !== undefined) product.price = major(p.price, p.currency ?? currency);
      if (p.quantity !== undefined) product.quantity = p.quantity;
      return product;
    });
  }
  const page = { url: item.event_page_url, title: item.event_page_title };
  if (item.event_page_referrer !== undefined) page.referrer = item.event_page_referrer;
  extra.page = page;
  extra.device = { ip: item.event_page_ip, userAgent: item.event_page_user_agent };
  if (item.event_campaign !== undefined) {
    extra.attribution = { campaign: item.event_campaign, source: item.event_source, medium: item.event_medium };
  }
  if (out.value !== undefined) extra.$value = "order.total";
  out.data = { $extra: extra };
  return out;
};

// ---------------------------------------------------------------------------------------------
// measure
// ---------------------------------------------------------------------------------------------

/** Broken copies of a record: the hand mapper's checks and the library must both reject each. */
const OMNISEND_BREAKS = [
  ["an empty eventName", (e) => Object.assign(e, { eventName: "" })],
  ["eventTime on a day that does not exist", (e) => Object.assign(e, { eventTime: "2026-02-30T00:00:00Z" })],
  ["eventTime without seconds", (e) => Object.assign(e, { eventTime: "2026-02-01T00:00Z" })],
  ["an email with a one-label domain", (e) => Object.assign(e, { contact: { email: "pat@localhost" } })],
  ["a lower-case currency", (e) => Object.assign(e, { order: { orderID: "o", currency: "usd" } })],
  ["a total that is a string", (e) => Object.assign(e, { order: { orderID: "o", totalPrice: "12" } })],
  ["a quantity of 0", (e) => Object.assign(e, { lineItems: [{ productID: "p", quantity: 0 }] })],
  ["a product URL that is not a URI", (e) => Object.assign(e, { lineItems: [{ productID: "p", productUrl: "shop/p/1" }] })],
  ["a line item without productID", (e) => Object.assign(e, { lineItems: [{ title: "t" }] })],
];
const ATTRIBULY_BREAKS = [
  ["event_at on a day that does not exist", (e) => Object.assign(e, { event_at: "2026-02-30 00:00:00" })],
  ["event_at in ISO form", (e) => Object.assign(e, { event_at: "2026-02-01T00:00:00Z" })],
  ["a page URL that is a number", (e) => Object.assign(e, { event_page_url: 7 })],
  ["a product price with decimals", (e) => Object.assign(e, { products: [{ other_product_id: "p", price: 1.5 }] })],
  ["a section total that is a string", (e) => Object.assign(e, { checkout_completed: { total_price: "12" } })],
  ["products that are not a list", (e) => Object.assign(e, { products: { other_product_id: "p" } })],
];
const PAIRS = [
  { from: "omnisend", to: "customerio", valid: omnisendValid, hand: (e) => omnisendToCustomerio(e), breaks: OMNISEND_BREAKS },
  {
    from: "attribuly",
    to: "redo",
    valid: attribulyValid,
    hand: (e, checks) => attribulyToRedo(e, checks),
    breaks: ATTRIBULY_BREAKS,
  },
];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
let failed = false;
const results = [];
for (const pair of PAIRS) {
  const lines = linesOf(pair.from);
  const options = { from: pair.from, to: pair.to, identity: lookupIdentity };
  let same = 0;
  let rejected = 0;
  for (const line of lines) {
    if (!pair.valid(JSON.parse(line))) rejected++;
    const lib = L.translate(JSON.parse(line), options);
    if (lib.ok && isDeepStrictEqual(pair.hand(JSON.parse(line), true), lib.value)) same++;
  }
  if (same !== lines.length || rejected !== 0) {
    console.error(
      `${pair.from} → ${pair.to}: the hand-written mapper matches ${same} of ${lines.length}, its checks reject ${rejected}`,
    );
    failed = true;
    continue;
  }
  // the checks are not weaker than the library's on what they cover: each broken record is rejected by both
  for (const [what, breakIt] of pair.breaks) {
    const broken = breakIt(JSON.parse(lines[0]));
    const handRejects = !pair.valid(broken) || pair.hand(broken, true) === undefined;
    const libraryRejects = !L.translate(broken, options).ok;
    if (!handRejects || !libraryRejects) {
      console.error(`${pair.from} → ${pair.to}: ${what}: hand checks reject ${handRejects}, library rejects ${libraryRejects}`);
      failed = true;
    }
  }
  const variants = {
    limit: () => {
      let n = 0;
      for (const l of lines) n += JSON.stringify(JSON.parse(l)).length;
      return n;
    },
    hand: () => {
      let n = 0;
      for (const l of lines) n += JSON.stringify(pair.hand(JSON.parse(l), false)).length;
      return n;
    },
    "hand+checks": () => {
      let n = 0;
      for (const l of lines) {
        const e = JSON.parse(l);
        if (!pair.valid(e)) continue;
        const out = pair.hand(e, true);
        if (out !== undefined) n += JSON.stringify(out).length;
      }
      return n;
    },
    library: () => {
      let n = 0;
      for (const l of lines) {
        const r = L.translate(JSON.parse(l), options);
        if (r.ok) n += JSON.stringify(r.value).length;
      }
      return n;
    },
  };
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let w = 0; w < WARMUP; w++) for (const n of names) variants[n]();
  for (let r = 0; r < ROUNDS; r++) {
    // a different variant first each round: each one also collects the garbage of the one before
    for (let k = 0; k < names.length; k++) {
      const n = names[(r + k) % names.length];
      const t = performance.now();
      variants[n]();
      times[n].push(performance.now() - t);
    }
  }
  const limit = median(times.limit);
  console.log(`${pair.from} → ${pair.to}: ${lines.length} records, hand-written output deep-equal to the library's on all`);
  for (const n of names) {
    const us = (median(times[n]) * 1000) / lines.length;
    const ratio = limit / median(times[n]);
    results.push({ pair: `${pair.from}→${pair.to}`, variant: n, usPerRecord: us, ratio });
    console.log(`  ${n.padEnd(12)} ${us.toFixed(2).padStart(6)} µs/record  ${ratio.toFixed(3)}× the limit`);
  }
}
if (quick) console.log("(quick run: checks only, the figures mean nothing)");
console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
process.exit(failed ? 1 : 0);
