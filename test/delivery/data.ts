/**
 * Input for the delivery tests: Segment track calls of a few hundred people, each tagged with its
 * index (order id `o-<i>`), some malformed (rejected before sending) and some the emulator refuses
 * for a business reason (order id `refuse-<i>`, dead-lettered by the vendor's answer).
 */
export interface Generated {
  readonly lines: Array<string>;
  /** Indexes of records that must end accepted. */
  readonly valid: Set<number>;
  /** Indexes rejected before sending (malformed). */
  readonly malformed: Set<number>;
  /** Indexes the vendor refuses. */
  readonly refused: Set<number>;
}

export const generate = (
  n: number,
  options: { malformedEvery?: number; refusedEvery?: number; people?: number } = {},
): Generated => {
  const lines: Array<string> = [];
  const valid = new Set<number>();
  const malformed = new Set<number>();
  const refused = new Set<number>();
  const people = options.people ?? 500;
  for (let i = 0; i < n; i++) {
    if (options.malformedEvery !== undefined && i % options.malformedEvery === 7) {
      malformed.add(i);
      lines.push(JSON.stringify({ type: "track", userId: `u-${i % people}`, event: 5, properties: { order_id: `o-${i}` } }));
      continue;
    }
    const refuse = options.refusedEvery !== undefined && i % options.refusedEvery === 3;
    if (refuse) refused.add(i);
    else valid.add(i);
    const p = i % people;
    lines.push(
      JSON.stringify({
        type: "track",
        userId: `u-${p}`,
        event: "Order Completed",
        // every third record has no messageId: the sender derives one from the record
        ...(i % 3 === 0 ? {} : { messageId: `m-${i}` }),
        timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
        context: { traits: { email: `person${p}@example.com` } },
        properties: {
          order_id: refuse ? `refuse-${i}` : `o-${i}`,
          total: 27.5,
          currency: "EUR",
          products: [{ product_id: `p-${i % 50}`, price: 27.5, quantity: 1 }],
        },
      }),
    );
  }
  return { lines, valid, malformed, refused };
};

/** The index a vendor record carries (from its order id). */
export const indexOf = (record: unknown): number => {
  const m = /"(?:o|refuse)-(\d+)"/.exec(JSON.stringify(record));
  return m === null ? -1 : Number(m[1]);
};

export const refuseMarked = (record: Record<string, unknown>): string | undefined =>
  JSON.stringify(record).includes('"refuse-') ? "order refused by the store's rules" : undefined;
