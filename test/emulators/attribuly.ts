/**
 * A local stand-in for Attribuly's read API `POST /{version}/api/order/event`: the `ApiKey` header,
 * `{order_id, page, page_size ≤ 100}`, answers `{code: 1, data: {total, page, page_size, events}}`
 * on HTTP 200 — and `code: 0` on HTTP 200 for an unknown order, as Attribuly signals failures —,
 * 20 requests per second (429 beyond), and injected 5xx. Tests only.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface AttribulyEmulator {
  readonly url: string;
  readonly arrivals: Array<number>;
  overLimit: number;
  /** Pages served, as `order:page`. */
  readonly served: Array<string>;
  readonly stop: () => Promise<void>;
}

export const startAttribulyEmulator = async (options: {
  readonly secret: string;
  /** Events of each order the emulator knows. */
  readonly orders: ReadonlyMap<string, ReadonlyArray<Record<string, unknown>>>;
  readonly limit?: number;
  /** Every n-th request answers 503. */
  readonly failEvery?: number;
}): Promise<AttribulyEmulator> => {
  const limit = options.limit ?? 20;
  const log: Array<number> = [];
  let n = 0;
  const em: AttribulyEmulator = { url: "", arrivals: [], overLimit: 0, served: [], stop: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const t = Date.now();
      em.arrivals.push(t);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.headers.apikey !== options.secret) return send(401, { code: 401, message: "Unauthorized" });
      while (log.length > 0 && t - (log[0] as number) >= 1000) log.shift();
      if (log.length >= limit) {
        em.overLimit++;
        return send(429, { code: 429, message: "Too Many Requests" });
      }
      log.push(t);
      if (options.failEvery !== undefined && ++n % options.failEvery === 0) return send(503, { message: "unavailable" });
      if (req.url !== "/v2-4-2/api/order/event") return send(404, { code: 404, message: "not found" });
      let body: { order_id?: unknown; page?: unknown; page_size?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof body;
      } catch {
        return send(200, { code: 0, message: "invalid body" });
      }
      const { order_id, page, page_size } = body;
      if (
        typeof order_id !== "string" ||
        !Number.isInteger(page) ||
        !Number.isInteger(page_size) ||
        (page_size as number) < 1 ||
        (page_size as number) > 100
      )
        return send(200, { code: 0, message: "order_id, page and page_size (1–100) are required" });
      const events = options.orders.get(order_id);
      if (events === undefined) return send(200, { code: 0, message: "order not found" });
      const p = page as number;
      const size = page_size as number;
      em.served.push(`${order_id}:${p}`);
      send(200, {
        code: 1,
        message: "Service succeed",
        data: {
          order_id,
          shop_currency: "USD",
          total: events.length,
          page: p,
          page_size: size,
          events: events.slice((p - 1) * size, p * size),
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  Object.assign(em, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return em;
};
