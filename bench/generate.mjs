// Deterministic generator of Customer.io / Segment track calls for the benchmark suite.
//
// The mix is meant to look like a storefront's event stream: mostly product views and cart
// activity, a good share of ~1.2 KB Order Completed records (three line items, full context),
// checkouts, searches, refunds, page views and custom events. Some calls are anonymous
// (anonymousId only, no traits); the suite's identity resolver supplies their identifiers when it
// produces the per-format inputs.
//
// Everything is derived from a seeded PRNG, so the same seed gives the same records on every run.

/** mulberry32: a small, fast, seedable PRNG. */
export const prng = (seed) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const CATALOG = [
  ["Monopoly: 3rd Edition", "Games", "Hasbro", 19],
  ["Uno Card Game", "Games", "Mattel", 3],
  ["Wireless Headphones X200", "Electronics", "Acme Audio", 129.99],
  ["Organic Cotton T-Shirt", "Apparel", "Northwind", 24.5],
  ["Stainless Steel Water Bottle 750ml", "Outdoors", "Contoso", 18.95],
  ["Ceramic Pour-Over Coffee Set", "Kitchen", "Fabrikam", 42],
  ["Trail Running Shoes", "Footwear", "Stride", 89.9],
  ["Bamboo Cutting Board", "Kitchen", "Fabrikam", 15.25],
  ["LED Desk Lamp", "Home", "Lumina", 34.99],
  ["Yoga Mat Pro 6mm", "Fitness", "Zenith", 49],
  ["Scented Soy Candle", "Home", "Hearth & Co", 12.75],
  ["Leather Card Wallet", "Accessories", "Northwind", 39],
];

const UA = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
];
const FIRST = ["Pat", "Sam", "Alex", "Jordan", "Robin", "Casey", "Morgan", "Riley"];
const LAST = ["Smith", "Garcia", "Nguyen", "Okafor", "Müller", "Rossi", "Tanaka", "Silva"];
const CAMPAIGNS = [
  { name: "spring_sale", source: "newsletter", medium: "email" },
  { name: "brand_search", source: "google", medium: "cpc", term: "board games" },
  { name: "retargeting_q2", source: "facebook", medium: "paid_social", content: "carousel-3" },
];
const CURRENCIES = ["USD", "USD", "USD", "EUR", "GBP"];

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const money = (x) => Math.round(x * 100) / 100;
const hex = (r, n) => {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(r() * 16)];
  return s;
};
const pad = (n, w = 2) => String(n).padStart(w, "0");

const timestamp = (r, i) => {
  // a few spellings, all RFC 3339 with seconds (milliseconds sometimes, offsets sometimes)
  const d = new Date(Date.UTC(2026, 2, 1) + i * 37_000 + Math.floor(r() * 1000) * 1000);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const k = r();
  if (k < 0.6) return `${base}Z`;
  if (k < 0.9) return `${base}.${pad(d.getUTCMilliseconds(), 3)}Z`;
  return `${base}+00:00`;
};

const product = (r, idx, { withQuantity = true } = {}) => {
  const [name, category, brand, price] = CATALOG[idx];
  const p = {
    product_id: `prod-${1000 + idx}`,
    sku: `SKU-${pad(idx, 3)}`,
    name,
    price,
    category,
    brand,
    url: `https://shop.example.com/p/${1000 + idx}`,
    image_url: `https://cdn.example.com/img/${1000 + idx}.jpg`,
  };
  if (withQuantity) p.quantity = 1 + Math.floor(r() * 3);
  return p;
};

const user = (r, i) => {
  const n = Math.floor(r() * 5000);
  const anonymous = r() < 0.15;
  const first = pick(r, FIRST);
  const last = pick(r, LAST);
  return {
    anonymous,
    userId: `user-${n}`,
    anonymousId: `anon-${hex(r, 8)}-${hex(r, 4)}-${hex(r, 12)}`,
    email: `${first.toLowerCase()}.${last.toLowerCase().replace("ü", "u")}${n}@example.com`,
    first,
    last,
    seq: i,
  };
};

const context = (r, u, path, title) => {
  const c = {};
  if (!u.anonymous) c.traits = { email: u.email, firstName: u.first, lastName: u.last };
  c.page = { url: `https://shop.example.com${path}`, title };
  if (r() < 0.3) c.page.referrer = "https://www.google.com/";
  c.ip = `203.0.113.${Math.floor(r() * 250) + 1}`;
  c.userAgent = pick(r, UA);
  if (r() < 0.5) c.campaign = { ...pick(r, CAMPAIGNS) };
  c.library = { name: "analytics.js", version: "2.11.1" };
  return c;
};

const envelope = (r, u, i, event, properties, ctx) => {
  const e = { type: "track" };
  if (u.anonymous) e.anonymousId = u.anonymousId;
  else e.userId = u.userId;
  e.event = event;
  e.messageId = `msg-${i}-${hex(r, 10)}`;
  e.timestamp = timestamp(r, i);
  e.properties = properties;
  e.context = ctx;
  return e;
};

/** One Order Completed call of ~1.2 KB on average (two line items, sometimes three; full context). */
const orderCompleted = (r, u, i) => {
  const idxs =
    r() < 0.1 ? [Math.floor(r() * 12), Math.floor(r() * 12), Math.floor(r() * 12)] : [Math.floor(r() * 12), Math.floor(r() * 12)];
  const products = idxs.map((x) => product(r, x));
  const subtotal = money(products.reduce((s, p) => s + p.price * p.quantity, 0));
  const shipping = r() < 0.3 ? 0 : 5.99;
  const tax = money(subtotal * 0.08);
  const coupon = r() < 0.4;
  const discount = coupon ? money(subtotal * 0.1) : 0;
  const total = money(subtotal + shipping + tax - discount);
  const properties = {
    checkout_id: `chk-${hex(r, 16)}`,
    order_id: `ord-${100000 + i}`,
    affiliation: "Online Store",
    total,
    subtotal,
    revenue: money(subtotal - discount),
    shipping,
    tax,
    discount,
    ...(coupon ? { coupon: "SPRING10" } : {}),
    currency: pick(r, CURRENCIES),
    products,
  };
  return envelope(r, u, i, "Order Completed", properties, context(r, u, "/checkout/thank-you", "Thank you"));
};

const productViewed = (r, u, i) => {
  const p = product(r, Math.floor(r() * 12), { withQuantity: false });
  const properties = { ...p, currency: pick(r, CURRENCIES), value: p.price };
  return envelope(r, u, i, "Product Viewed", properties, context(r, u, new URL(p.url).pathname, p.name));
};

const productAdded = (r, u, i) => {
  const p = product(r, Math.floor(r() * 12));
  const properties = { cart_id: `cart-${hex(r, 12)}`, ...p };
  return envelope(r, u, i, "Product Added", properties, context(r, u, new URL(p.url).pathname, p.name));
};

const checkoutStarted = (r, u, i) => {
  const products = [product(r, Math.floor(r() * 12)), product(r, Math.floor(r() * 12))];
  const value = money(products.reduce((s, p) => s + p.price * p.quantity, 0));
  const properties = {
    order_id: `ord-${100000 + i}`,
    value,
    revenue: value,
    shipping: 5.99,
    tax: money(value * 0.08),
    currency: pick(r, CURRENCIES),
    products,
  };
  return envelope(r, u, i, "Checkout Started", properties, context(r, u, "/checkout", "Checkout"));
};

const cartViewed = (r, u, i) => {
  const products = [product(r, Math.floor(r() * 12)), product(r, Math.floor(r() * 12))];
  return envelope(r, u, i, "Cart Viewed", { cart_id: `cart-${hex(r, 12)}`, products }, context(r, u, "/cart", "Cart"));
};

const productsSearched = (r, u, i) =>
  envelope(
    r,
    u,
    i,
    "Products Searched",
    { query: pick(r, ["board games", "headphones", "yoga mat", "candle"]) },
    context(r, u, "/search", "Search"),
  );

const orderRefunded = (r, u, i) => {
  const p = product(r, Math.floor(r() * 12));
  const properties = {
    order_id: `ord-${100000 + Math.floor(r() * i + 1)}`,
    total: money(p.price * p.quantity),
    currency: "USD",
    products: [p],
  };
  return envelope(r, u, i, "Order Refunded", properties, context(r, u, "/account/orders", "Orders"));
};

const pageViewed = (r, u, i) => envelope(r, u, i, "Page Viewed", {}, context(r, u, "/", "Home"));

const custom = (r, u, i) =>
  envelope(
    r,
    u,
    i,
    "Newsletter Subscribed",
    { list: "weekly", source: "footer", double_opt_in: r() < 0.5 },
    context(r, u, "/", "Home"),
  );

/** The mix: [cumulative share, generator]. */
const MIX = [
  [0.25, productViewed],
  [0.4, productAdded],
  [0.65, orderCompleted],
  [0.75, checkoutStarted],
  [0.82, cartViewed],
  [0.87, productsSearched],
  [0.9, orderRefunded],
  [0.95, pageViewed],
  [1, custom],
];

/**
 * `n` Customer.io / Segment track calls of the realistic mix.
 * @param {number} n
 * @param {{ seed?: number, start?: number, only?: ReadonlyArray<string>, anonymous?: boolean }} [options]
 *   `only`: keep just these event names; `anonymous: false`: every call carries traits.email;
 *   `start`: sequence number before the first call (ids and timestamps follow it), so a large file can
 *   be generated in chunks with distinct seeds and ids.
 */
export const generate = (n, options = {}) => {
  const r = prng(options.seed ?? 20260301);
  const out = [];
  let i = options.start ?? 0;
  while (out.length < n) {
    i++;
    const u = user(r, i);
    if (options.anonymous === false) u.anonymous = false;
    const k = r();
    const gen = MIX.find(([share]) => k < share)[1];
    const e = gen(r, u, i);
    if (options.only !== undefined && !options.only.includes(e.event)) continue;
    out.push(e);
  }
  return out;
};

/**
 * The identity resolver used to produce the per-format inputs: anonymous calls carry no email, so
 * it supplies one derived from the anonymousId (what a caller's `--identity` file would hold). It
 * never overrides identifiers the event already has.
 */
export const identity = (event) => {
  const id = event.identity ?? {};
  if (typeof id.email === "string") return undefined;
  const key = typeof id.userId === "string" ? id.userId : typeof id.anonymousId === "string" ? id.anonymousId : undefined;
  return key === undefined ? undefined : { email: `${key}@example.com` };
};

/**
 * The identity table a caller would join with (a CRM export): event id → the person's ids, for
 * sources that carry no userId/anonymousId (Omnisend events, Attribuly journey items); the resolver
 * is `(event) => people.get(event.id)`, one `Map.get` per record.
 */
export const peopleOf = (events) => {
  const people = new Map();
  for (const e of events) {
    const row = e.userId !== undefined ? { userId: e.userId } : { anonymousId: e.anonymousId };
    row.email = e.context?.traits?.email ?? `${e.userId ?? e.anonymousId}@example.com`;
    people.set(e.messageId, row);
  }
  return people;
};
