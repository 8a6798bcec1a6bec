import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const run = runCli;

const lines = (s: string) =>
  s
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
const tmp = () => mkdtempSync(join(tmpdir(), "rosetta-cli-"));

const GOOD = '{"type":"track","userId":"u","event":"Order Completed","properties":{"total":27.5,"currency":"USD"}}';

describe("rosetta convert", () => {
  it("converts NDJSON and exits 0 when every record converted", async () => {
    const r = await run(["convert", "--from", "customerio", "--to", "canonical"], `${GOOD}\n\n${GOOD}\n`);
    expect(r.status).toBe(0);
    expect(lines(r.out).map((e) => e.order.total)).toEqual([27.5, 27.5]);
    expect(r.err).toMatch(/read 2, converted 2, rejected 0/);
  });

  it("rejects bad lines by line number with reasons, keeps going, exits 1, and accounts for every record", async () => {
    const dir = tmp();
    const input = [
      GOOD,
      '{"type":"track","userId":"u","event":"Order Completed"',
      '{"type":"track","event":"Product Added","properties":{"product_id":"x"}}',
      GOOD,
      '{"type":"track","userId":"u","event":"Order Completed","timestamp":"2025-13-01T00:00:00Z"}',
      '{"type":"track","userId":"u","event":"Cart Viewed","properties":{"products":{"0":{}}}}',
      '{"type":"track","userId":"u","event":"Product Added","properties":{"quantity":"2"}}',
      '"just a string"',
      '{"type":"track","userId":"u","event":""}',
    ].join("\n");
    const r = await run(["convert", "--from", "segment", "--to", "canonical", "--rejects", join(dir, "rejects.ndjson")], input);
    expect(r.status).toBe(1);
    expect(lines(r.out)).toHaveLength(2);
    const rejects = lines(readFileSync(join(dir, "rejects.ndjson"), "utf8"));
    expect(rejects.map((x) => [x.line, x.errors[0].path])).toEqual([
      [2, "$"],
      [3, "$"],
      [5, "$.timestamp"],
      [6, "$.properties.products"],
      [7, "$.properties.quantity"],
      [8, "$"],
      [9, "$.event"],
    ]);
    expect(r.err).toMatch(/read 9, converted 2, rejected 7/);
  });

  it("reads a JSON array, a batch envelope and a pretty-printed document", async () => {
    const arr = await run(["convert", "--from", "customerio", "--to", "canonical"], `[${GOOD},${GOOD}]\n`);
    expect(lines(arr.out)).toHaveLength(2);
    const batch = await run(["convert", "--from", "customerio", "--to", "canonical"], `{"batch":[${GOOD},${GOOD},${GOOD}]}\n`);
    expect(lines(batch.out)).toHaveLength(3);
    const pretty = await run(["convert", "--from", "customerio", "--to", "canonical"], JSON.stringify(JSON.parse(GOOD), null, 2));
    expect(lines(pretty.out)).toHaveLength(1);
  });

  it("writes --batch envelopes of at most N records", async () => {
    const r = await run(["convert", "--from", "customerio", "--to", "customerio", "--batch", "2"], `${GOOD}\n${GOOD}\n${GOOD}\n`);
    expect(lines(r.out).map((b) => b.batch.length)).toEqual([2, 1]);
  });

  it("reads files and writes --out", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "in.ndjson"), `${GOOD}\n`);
    const r = await run([
      "convert",
      "--from",
      "customerio",
      "--to",
      "canonical",
      "--out",
      join(dir, "out.ndjson"),
      join(dir, "in.ndjson"),
    ]);
    expect(r.status).toBe(0);
    expect(lines(readFileSync(join(dir, "out.ndjson"), "utf8"))).toHaveLength(1);
  });

  it("treats an unknown format as a usage error that lists the known ones (exit 2)", async () => {
    const r = await run(["convert", "--from", "shopify", "--to", "canonical"], GOOD);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/unknown format "shopify" for --from; known: customerio, segment, canonical/);
  });

  it("exits 2 on a missing input file", async () => {
    const r = await run(["convert", "--from", "customerio", "--to", "canonical", join(tmp(), "missing.ndjson")]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/ENOENT|no such file/);
  });

  it("documents every flag in --help", async () => {
    const r = await run(["convert", "--help"]);
    expect(r.status).toBe(0);
    for (const flag of ["--from", "--to", "--out", "--rejects", "--batch", "--zone", "--money-unit", "--quiet"])
      expect(r.out).toContain(flag);
  });

  it("prints the canonical JSON Schema", async () => {
    const r = await run(["schema", "canonical"]);
    expect(JSON.parse(r.out).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });
});

describe("rosetta convert: losses, lossless, strict, identity, names", () => {
  const REVIEW =
    '{"type":"track","userId":"u-1","event":"Product Reviewed","properties":{"product_id":"p","review_body":"Great","rating":5},"context":{"traits":{"email":"pat@example.com"}},"integrations":{"All":true}}';

  it("writes --report with totals per path (indices folded) and per event type", async () => {
    const dir = tmp();
    const r = await run(
      ["convert", "--from", "segment", "--to", "omnisend", "--report", join(dir, "report.json")],
      `${REVIEW}\n${REVIEW}\n`,
    );
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report).toMatchObject({ from: "segment", to: "omnisend", read: 2, converted: 2, rejected: 0 });
    expect(report.lossesByPath["$.extensions.customerio"]).toEqual({ dropped: 2 });
    expect(report.byType.product_reviewed.converted).toBe(2);
    expect(report.losses).toBe(report.byType.product_reviewed.losses);
  });

  it("--lossless carries what Omnisend cannot hold, and omnisend → segment gives the input back exactly", async () => {
    const there = await run(["convert", "--from", "segment", "--to", "omnisend", "--lossless"], `${REVIEW}\n`);
    expect(there.err).toMatch(/losses 0/);
    expect(there.out).toContain("commerce_rosetta");
    const back = await run(["convert", "--from", "omnisend", "--to", "segment"], there.out);
    expect(lines(back.out)).toEqual([JSON.parse(REVIEW)]);
  });

  it("--strict rejects a record that would lose data, naming the paths", async () => {
    const dir = tmp();
    const r = await run(
      ["convert", "--from", "segment", "--to", "omnisend", "--strict", "--rejects", join(dir, "rej.ndjson")],
      `${REVIEW}\n`,
    );
    expect(r.status).toBe(1);
    const rejects = lines(readFileSync(join(dir, "rej.ndjson"), "utf8"));
    expect(rejects[0].errors.map((e: { path: string }) => e.path)).toContain("$.extensions.customerio");
  });

  it("--identity (CSV or NDJSON) supplies the contact a destination needs; without it the reason says how", async () => {
    const dir = tmp();
    const input = '{"type":"track","userId":"u-9","event":"Order Completed","properties":{"total":1,"currency":"USD"}}\n';
    const without = await run(["convert", "--from", "segment", "--to", "omnisend", "--rejects", join(dir, "r.ndjson")], input);
    expect(without.status).toBe(1);
    expect(readFileSync(join(dir, "r.ndjson"), "utf8")).toMatch(/identity/);
    writeFileSync(join(dir, "ids.csv"), 'userId,email,phone\nu-9,"nine@example.com",\n');
    const csv = await run(["convert", "--from", "segment", "--to", "omnisend", "--identity", join(dir, "ids.csv")], input);
    expect(lines(csv.out)[0].contact).toEqual({ email: "nine@example.com" });
    writeFileSync(join(dir, "ids.ndjson"), '{"userId":"u-9","phone":"+14155550100"}\n');
    const nd = await run(["convert", "--from", "segment", "--to", "omnisend", "--identity", join(dir, "ids.ndjson")], input);
    expect(lines(nd.out)[0].contact).toEqual({ phone: "+14155550100" });
    writeFileSync(join(dir, "bad.csv"), "userId,shoeSize\nu-9,42\n");
    const bad = await run(["convert", "--from", "segment", "--to", "omnisend", "--identity", join(dir, "bad.csv")], input);
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/unknown column "shoeSize"/);
  });

  it("--names overrides the event names written", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "names.json"), '{"order_completed":"Purchase"}');
    const r = await run(["convert", "--from", "segment", "--to", "customerio", "--names", join(dir, "names.json")], `${GOOD}\n`);
    expect(lines(r.out)[0].event).toBe("Purchase");
    writeFileSync(join(dir, "bad.json"), '{"order_done":"Purchase"}');
    const bad = await run(["convert", "--from", "segment", "--to", "customerio", "--names", join(dir, "bad.json")], `${GOOD}\n`);
    expect(bad.status).toBe(2);
  });
});
