/**
 * `rosetta convert` with the attribuly format, in-process: the conformance round trip of a whole
 * pretty-printed response, the zone and money-unit flags, and failed responses as rejects.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.js";

const run = runCli;

const lines = (s: string): Array<Record<string, unknown>> =>
  s
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/attribuly/${name}`, import.meta.url)), "utf8");

describe("rosetta convert with attribuly", () => {
  for (const name of ["seed-response.json", "journey-response.json"]) {
    it(`gives back ${name} exactly: --to canonical, then --to attribuly --batch 100`, async () => {
      const text = fixture(name);
      const a = await run(["convert", "--from", "attribuly", "--to", "canonical"], text);
      expect(a.status).toBe(0);
      const b = await run(["convert", "--from", "canonical", "--to", "attribuly", "--batch", "100"], a.out);
      expect(b.status).toBe(0);
      const pages = lines(b.out);
      expect(pages).toHaveLength(1);
      expect(JSON.stringify(pages[0])).toBe(JSON.stringify(JSON.parse(text)));
    });
  }

  it("writes bare items one per line without --batch", async () => {
    const text = fixture("journey-response.json");
    const a = await run(["convert", "--from", "attribuly", "--to", "canonical"], text);
    const b = await run(["convert", "--from", "canonical", "--to", "attribuly"], a.out);
    expect(b.status).toBe(0);
    expect(lines(b.out)).toEqual((JSON.parse(text) as { data: { events: Array<unknown> } }).data.events);
  });

  it("reads event_at in the --zone and prices in the --money-unit", async () => {
    const item = JSON.stringify({ event_at: "2024-07-01 09:00:00", checkout_completed: { currency: "USD", total_price: 28 } });
    const ny = await run(
      ["convert", "--from", "attribuly", "--to", "canonical", "--zone", "America/New_York", "--money-unit", "major"],
      item,
    );
    expect(ny.status).toBe(0);
    expect(lines(ny.out)[0]).toMatchObject({ occurredAt: "2024-07-01T09:00:00-04:00", order: { total: 28 } });
    const utc = await run(["convert", "--from", "attribuly", "--to", "canonical"], item);
    expect(lines(utc.out)[0]).toMatchObject({ occurredAt: "2024-07-01T09:00:00Z", order: { total: 0.28 } });
  });

  it("rejects a failed response with its message, and a time the zone skipped with its path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rosetta-attribuly-"));
    const rejects = join(dir, "rejects.ndjson");
    const input = [
      JSON.stringify({ code: 1002, message: "Invalid ApiKey", data: null }),
      JSON.stringify({ event_id: "e", event_at: "2024-03-10 02:30:00" }),
      JSON.stringify({ event_id: "ok", event_at: "2024-03-10 03:30:00" }),
    ].join("\n");
    const r = await run(
      ["convert", "--from", "attribuly", "--to", "canonical", "--zone", "America/New_York", "--rejects", rejects],
      input,
    );
    expect(r.status).toBe(1);
    expect(lines(r.out).map((e) => e.id)).toEqual(["ok"]);
    const rows = lines(readFileSync(rejects, "utf8")) as Array<{
      line: number;
      errors: Array<{ path: string; message: string }>;
    }>;
    expect(rows.map((x) => [x.line, x.errors[0]?.path])).toEqual([
      [1, "$.code"],
      [2, "$.event_at"],
    ]);
    expect(rows[0]?.errors[0]?.message).toContain("Invalid ApiKey");
    expect(rows[1]?.errors[0]?.message).toContain("America/New_York");
  });

  it("refuses --batch above Attribuly's page size of 100", async () => {
    const r = await run(["convert", "--from", "canonical", "--to", "attribuly", "--batch", "101"], "");
    expect(r.status).toBe(2);
  });

  it("states the default zone in --help", async () => {
    const r = await run(["convert", "--help"]);
    expect(r.out).toMatch(/--zone <iana>.*default UTC/s);
    expect(r.out).toMatch(/attribuly\s+Attribuly order customer-journey items/);
  });
});
