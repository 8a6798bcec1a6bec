// What a user would write instead of commerce-rosetta for customerio → omnisend: a JSONata
// expression, a hand-written mapper, and that mapper behind an ajv validator of its input. All are
// checked deep-equal to the library's output on every record they are measured on (see run.mjs).
//
// What they cover — and what they do not:
// - Event names: "Order Completed" → "placed order", "Product Viewed" → "viewed product". No other
//   event, no Segment v1 / GA aliases ("Completed Order", "Viewed Product"), no custom events.
// - eventTime ← timestamp and eventID ← messageId, copied as they are: valid only when the timestamp
//   is already an RFC 3339 date-time with seconds (the library respells `…T08:00Z` and `,123`).
// - contact.email / contact.phone ← context.traits.email / .phone. No identity resolver, no check
//   that the email is an email (the library drops invalid ones and rejects events with no contact).
// - order (Order Completed): orderID, totalPrice, subTotalPrice, discountValue, discountCode,
//   currency ← order_id, total, subtotal, discount, coupon, currency. Revenue, shipping, tax,
//   affiliation and checkout_id travel in `properties` (`revenue`, `shippingPrice`, `totalTax`,
//   `affiliation`, `checkoutID`), as the library carries every field Omnisend has no key for; so do
//   userId, the traits' names, the page, ip, user agent and campaign (`utm`), and Product Viewed's
//   currency and value. No upper-casing of currencies, no type checks.
// - lineItems ← properties.products (Order Completed) or the flat product in properties (Product
//   Viewed): productID, sku, title, vendor, price, quantity, productUrl, imageUrl ← product_id, sku,
//   name, brand, price, quantity, url, image_url, and category (kept on the line item). No custom product fields, no
//   quantity ≥ 1 / URI checks, no custom event properties.
// So they reproduce the library exactly on well-formed Order Completed / Product Viewed calls whose
// email is in context.traits and whose properties are all spec fields — the inputs they are run on.

/** The JSONata expression (jsonata 2.x). Keys whose value is undefined are left out, like the library does. */
export const JSONATA_EXPRESSION = `(
  $oc := event = "Order Completed";
  $item := function($p) { {
    "productID": $p.product_id,
    "sku": $p.sku,
    "title": $p.name,
    "vendor": $p.brand,
    "price": $p.price,
    "quantity": $p.quantity,
    "productUrl": $p.url,
    "imageUrl": $p.image_url,
    "category": $p.category
  } };
  {
    "eventName": $oc ? "placed order" : "viewed product",
    "eventTime": timestamp,
    "eventID": messageId,
    "contact": { "email": context.traits.email, "phone": context.traits.phone },
    "order": $oc ? {
      "orderID": properties.order_id,
      "totalPrice": properties.total,
      "subTotalPrice": properties.subtotal,
      "discountValue": properties.discount,
      "discountCode": properties.coupon,
      "currency": properties.currency
    },
    "lineItems": $oc ? [properties.products.$item($)] : [$item(properties)],
    "properties": {
      "userId": userId,
      "checkoutID": $oc ? properties.checkout_id,
      "affiliation": $oc ? properties.affiliation,
      "revenue": $oc ? properties.revenue,
      "shippingPrice": $oc ? properties.shipping,
      "totalTax": $oc ? properties.tax,
      "valueCurrency": $oc ? undefined : properties.currency,
      "valueAmount": $oc ? undefined : properties.value,
      "firstName": context.traits.firstName,
      "lastName": context.traits.lastName,
      "page": context.page,
      "ip": context.ip,
      "userAgent": context.userAgent,
      "utm": context.campaign ? {
        "campaign": context.campaign.name,
        "source": context.campaign.source,
        "medium": context.campaign.medium,
        "term": context.campaign.term,
        "content": context.campaign.content
      }
    }
  }
)`;

const NAMES = { "Order Completed": "placed order", "Product Viewed": "viewed product" };

const lineItem = (p) => {
  const o = { productID: p.product_id };
  if (p.sku !== undefined) o.sku = p.sku;
  if (p.name !== undefined) o.title = p.name;
  if (p.brand !== undefined) o.vendor = p.brand;
  if (p.price !== undefined) o.price = p.price;
  if (p.quantity !== undefined) o.quantity = p.quantity;
  if (p.url !== undefined) o.productUrl = p.url;
  if (p.image_url !== undefined) o.imageUrl = p.image_url;
  if (p.category !== undefined) o.category = p.category;
  return o;
};

/** Sets `key` when the value is there (the library leaves out what the source did not say). */
const put = (o, key, v) => {
  if (v !== undefined) o[key] = v;
};

/** The hand-written mapper: plain object mapping, same coverage as the JSONata expression. */
export const handMapper = (e) => {
  const p = e.properties ?? {};
  const traits = e.context?.traits ?? {};
  const out = { eventName: NAMES[e.event] };
  if (e.timestamp !== undefined) out.eventTime = e.timestamp;
  if (e.messageId !== undefined) out.eventID = e.messageId;
  const contact = {};
  if (traits.email !== undefined) contact.email = traits.email;
  if (traits.phone !== undefined) contact.phone = traits.phone;
  out.contact = contact;
  if (e.event === "Order Completed") {
    const order = {};
    if (p.order_id !== undefined) order.orderID = p.order_id;
    if (p.total !== undefined) order.totalPrice = p.total;
    if (p.subtotal !== undefined) order.subTotalPrice = p.subtotal;
    if (p.discount !== undefined) order.discountValue = p.discount;
    if (p.coupon !== undefined) order.discountCode = p.coupon;
    if (p.currency !== undefined) order.currency = p.currency;
    out.order = order;
    if (Array.isArray(p.products)) out.lineItems = p.products.map(lineItem);
  } else {
    out.lineItems = [lineItem(p)];
  }
  // what Omnisend has no key for travels in properties, under Omnisend's or Segment's name
  const ctx = e.context ?? {};
  const props = {};
  put(props, "userId", e.userId);
  if (e.event === "Order Completed") {
    put(props, "checkoutID", p.checkout_id);
    put(props, "affiliation", p.affiliation);
    put(props, "revenue", p.revenue);
    put(props, "shippingPrice", p.shipping);
    put(props, "totalTax", p.tax);
  } else {
    put(props, "valueCurrency", p.currency);
    put(props, "valueAmount", p.value);
  }
  put(props, "firstName", traits.firstName);
  put(props, "lastName", traits.lastName);
  put(props, "page", ctx.page);
  put(props, "ip", ctx.ip);
  put(props, "userAgent", ctx.userAgent);
  if (ctx.campaign !== undefined) {
    const utm = {};
    put(utm, "campaign", ctx.campaign.name);
    put(utm, "source", ctx.campaign.source);
    put(utm, "medium", ctx.campaign.medium);
    put(utm, "term", ctx.campaign.term);
    put(utm, "content", ctx.campaign.content);
    props.utm = utm;
  }
  out.properties = props;
  return out;
};

/**
 * The hand-written mapper behind a validator of its input, as a user who wants validation would write
 * it: ajv (with ajv-formats) compiled from the seed Customer.io spec's `order_completed_event` and
 * `product_viewed_event` schemas (the copy of record in test/fixtures). Same coverage and output as
 * `handMapper`; a record its schema rejects gives `undefined`.
 */
export const validatedHandMapper = async () => {
  const { readFileSync } = await import("node:fs");
  const { Ajv } = await import("ajv");
  const { default: addFormats } = await import("ajv-formats");
  const spec = JSON.parse(
    readFileSync(new URL("../test/fixtures/customerio/customerio-ecommerce.openapi.json", import.meta.url), "utf8"),
  );
  const ajv = new Ajv({ strict: false });
  addFormats(ajv);
  ajv.addSchema(spec, "cio");
  const orderCompleted = ajv.compile({ $ref: "cio#/components/schemas/order_completed_event" });
  const productViewed = ajv.compile({ $ref: "cio#/components/schemas/product_viewed_event" });
  return (e) => ((e.event === "Order Completed" ? orderCompleted(e) : productViewed(e)) ? handMapper(e) : undefined);
};
