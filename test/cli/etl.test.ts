/**
 * ETL-grade runs of the built CLI (issue 7): worker threads keep input order and give byte-identical
 * output, every record is accounted for on fuzzed input, --dry-run writes nothing, --derive-ids is
 * deterministic, SIGINT flushes whole lines and exits 130, limits are enforced, validate reports paths.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const run = (args: ReadonlyArray<string>, input?: string) => {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: "utf8", maxBuffer: 1 << 30 });
  return { status: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), "rosetta-etl-"));
const rows = (s: string) => s.split("\n").filter((l) => l !== "");

const order = (i: number) =>
  JSON.stringify({
    type: "track",
    userId: `u-${i}`,
    event: i % 3 === 0 ? "Order Completed" : i % 3 === 1 ? "Product Viewed" : "Signed Up",
    messageId: `m-${i}`,
    properties: { order_id: `o-${i}`, total: i / 100, currency: "USD", product_id: `p-${i}`, price: i % 7, n: i },
    context: { traits: { email: `u${i}@example.com` } },
  });

describe("rosetta convert at scale", () => {
  const dir = tmp();
  const file = join(dir, "in.ndjson");
  const N = 20_000;
  writeFileSync(file, `${Array.from({ length: N }, (_, i) => order(i)).join("\n")}\n`);

  it("gives byte-identical output, in input order, with 1 and 2 jobs", () => {
    const one = run(["convert", "--from", "customerio", "--to", "omnisend", "--jobs", "1", file]);
    const two = run(["convert", "--from", "customerio", "--to", "omnisend", "--jobs", "2", file]);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.out).toBe(one.out);
    expect(rows(one.out).map((l) => JSON.parse(l).eventID)).toEqual(Array.from({ length: N }, (_, i) => `m-${i}`));
  });

  it("resolves identities the same on the main thread and the worker (--identity, 1 and 2 jobs)", () => {
    const dir = tmp();
    const input = join(dir, "anonymous.ndjson");
    const people = join(dir, "people.csv");
    const M = 150_000;
    const call = (i: number) =>
      `{"type":"track","userId":"u-${i % 1000}","event":"Product Viewed","messageId":"m-${i}","properties":{"product_id":"p-${i}","price":${i % 50}}}`;
    writeFileSync(input, `${Array.from({ length: M }, (_, i) => call(i)).join("\n")}\n`);
    writeFileSync(people, `userId,email\n${Array.from({ length: 1000 }, (_, i) => `u-${i},u${i}@example.com`).join("\n")}\n`);
    const outputs = ["1", "2"].map((jobs) => {
      const report = join(dir, `report-${jobs}.json`);
      const r = run([
        "convert",
        "--from",
        "customerio",
        "--to",
        "omnisend",
        "--identity",
        people,
        "--jobs",
        jobs,
        "--report",
        report,
        input,
      ]);
      expect(r.status, r.err).toBe(0);
      return { out: r.out, report: JSON.parse(readFileSync(report, "utf8")) };
    });
    const [one, two] = outputs as [(typeof outputs)[number], (typeof outputs)[number]];
    expect(two.out).toBe(one.out);
    expect(two.report).toMatchObject({ read: M, converted: M, rejected: 0 });
    // both threads did translate (and so resolved identities)
    expect(two.report.threads).toHaveLength(2);
    expect(Math.min(...two.report.threads)).toBeGreaterThan(0);
    expect(JSON.parse(rows(one.out)[M - 1] as string).contact.email).toBe(`u${(M - 1) % 1000}@example.com`);
  });

  it("numbers rejects the same with 1 and 2 jobs, across read blocks and multi-byte characters", () => {
    const mixed = join(dir, "mixed.ndjson");
    const lines = Array.from({ length: N }, (_, i) =>
      i % 997 === 5 ? "{not json" : i % 1009 === 7 ? "" : i % 13 === 0 ? order(i).replace("Signed Up", "Signé 🛒 Up") : order(i),
    );
    writeFileSync(mixed, `${lines.join("\r\n")}\r\n`);
    const results = ["1", "2"].map((jobs) => {
      const rej = join(dir, `rej-${jobs}.ndjson`);
      const r = run(["convert", "--from", "customerio", "--to", "canonical", "--jobs", jobs, "--rejects", rej, mixed]);
      return { r, rejects: readFileSync(rej, "utf8") };
    });
    const [one, two] = results as [(typeof results)[0], (typeof results)[0]];
    expect(one.r.status).toBe(1);
    expect(two.r.out).toBe(one.r.out);
    expect(two.rejects).toBe(one.rejects);
    const expected = lines.flatMap((l, i) => (l === "{not json" ? [i + 1] : []));
    expect(rows(one.rejects).map((l) => JSON.parse(l).line)).toEqual(expected);
    expect(one.r.out).toContain("Signé 🛒 Up");
  });

  it("writes nothing with --dry-run, but still validates and reports", () => {
    const r = run([
      "convert",
      "--from",
      "customerio",
      "--to",
      "omnisend",
      "--dry-run",
      "--report",
      join(dir, "report.json"),
      file,
    ]);
    expect(r.status).toBe(0);
    expect(r.out).toBe("");
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report).toMatchObject({ read: N, converted: N, rejected: 0 });
    expect(
      report.byType.order_completed.converted + report.byType.product_viewed.converted + report.byType.custom.converted,
    ).toBe(N);
  });

  it("stops on SIGINT: whole lines only, the report written, exit 130", async () => {
    const big = join(dir, "big.ndjson");
    writeFileSync(big, `${Array.from({ length: 200_000 }, (_, i) => order(i)).join("\n")}\n`);
    const child = spawn(process.execPath, [
      bin,
      "convert",
      "--from",
      "customerio",
      "--to",
      "canonical",
      "--jobs",
      "1",
      "--report",
      join(dir, "sig.json"),
      "--out",
      join(dir, "sig.ndjson"),
      big,
    ]);
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    await new Promise((r) => setTimeout(r, 700));
    child.kill("SIGINT");
    const status = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    expect(status).toBe(130);
    const text = readFileSync(join(dir, "sig.ndjson"), "utf8");
    expect(text === "" || text.endsWith("\n")).toBe(true);
    const written = rows(text);
    for (const l of written) JSON.parse(l);
    const report = JSON.parse(readFileSync(join(dir, "sig.json"), "utf8"));
    expect(report.interrupted).toBe(true);
    expect(report.converted).toBe(written.length);
    expect(report.read).toBe(report.converted + report.rejected);
    expect(report.read).toBeLessThan(200_000);
    expect(err).toMatch(/interrupted/);
  });
});

describe("every record is accounted for", () => {
  it("should give read = converted + rejected, and one output or reject per record, on fuzzed input", () => {
    const line = fc.oneof(
      fc.nat(5000).map(order),
      fc.string({ maxLength: 40 }),
      fc.constant("{"),
      fc.constant('{"type":"track","event":"x"}'),
      fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b).toString("latin1").replace(/\n/g, " ")),
      fc.constant("x".repeat(300_000)),
      fc.nat(5000).map((i) => order(i).slice(0, 50)),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
        const dir = tmp();
        const input = `${lines.join("\n")}\n`;
        const r = run(
          [
            "convert",
            "--from",
            "customerio",
            "--to",
            "canonical",
            "--jobs",
            "2",
            "--rejects",
            join(dir, "rej.ndjson"),
            "--report",
            join(dir, "rep.json"),
          ],
          input,
        );
        expect([0, 1]).toContain(r.status);
        const report = JSON.parse(readFileSync(join(dir, "rep.json"), "utf8"));
        const rejects = rows(readFileSync(join(dir, "rej.ndjson"), "utf8"));
        expect(report.read).toBe(report.converted + report.rejected);
        expect(rows(r.out).length).toBe(report.converted);
        expect(rejects.length).toBe(report.rejected);
        expect(report.read).toBe(lines.filter((l) => l.trim() !== "").length);
      }),
      { numRuns: 10 },
    );
  });
});

describe("ids, limits, validation", () => {
  it("derives the same UUID v5 for the same record on every run, and only where the id is missing", () => {
    const input = '{"type":"track","userId":"u","event":"x"}\n{"type":"track","userId":"u","event":"x","messageId":"keep"}\n';
    const a = rows(run(["convert", "--from", "segment", "--to", "segment", "--derive-ids"], input).out).map(
      (l) => JSON.parse(l).messageId,
    );
    const b = rows(run(["convert", "--from", "segment", "--to", "segment", "--derive-ids", "--jobs", "2"], input).out).map(
      (l) => JSON.parse(l).messageId,
    );
    expect(a[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).toEqual(b);
    expect(a[1]).toBe("keep");
  });

  it("rejects a Customer.io event over 32 KB, naming the limit; splits batches under 500 KB", () => {
    const huge = JSON.stringify({ type: "track", userId: "u", event: "x", properties: { blob: "y".repeat(40_000) } });
    const dir = tmp();
    const r = run(["convert", "--from", "segment", "--to", "customerio", "--rejects", join(dir, "rej.ndjson")], `${huge}\n`);
    expect(r.status).toBe(1);
    expect(r.out).toBe("");
    expect(readFileSync(join(dir, "rej.ndjson"), "utf8")).toMatch(/at most 32768 bytes per event/);
    const mid = JSON.stringify({ type: "track", userId: "u", event: "x", properties: { blob: "y".repeat(30_000) } });
    const b = run(
      ["convert", "--from", "segment", "--to", "customerio", "--batch", "100"],
      `${Array(40).fill(mid).join("\n")}\n`,
    );
    const batches = rows(b.out);
    expect(batches.length).toBeGreaterThan(1);
    for (const l of batches) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(500 * 1024);
    expect(batches.reduce((n, l) => n + JSON.parse(l).batch.length, 0)).toBe(40);
  });

  it("refuses --batch beyond the vendor's limit as a usage error", () => {
    expect(run(["convert", "--from", "segment", "--to", "redo", "--batch", "101"], "").status).toBe(2);
    expect(run(["convert", "--from", "segment", "--to", "attribuly", "--batch", "101"], "").status).toBe(2);
  });

  it("validate reports every problem with file, line and path, without translating", () => {
    const dir = tmp();
    const f = join(dir, "v.ndjson");
    writeFileSync(f, `${order(1)}\n{"type":"track","event":"Product Added","properties":{"quantity":"2"}}\nnot json\n`);
    const r = run(["validate", "--format", "customerio", f]);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`${f}:2 $: `);
    expect(r.out).toContain(`${f}:2 $.properties.quantity: `);
    expect(r.out).toContain(`${f}:3 $: `);
    expect(r.err).toMatch(/3 records, 1 valid, 2 invalid/);
  });
});

describe("knowing what you have", () => {
  const fixtures = fileURLToPath(new URL("../fixtures/conformance/", import.meta.url));
  it("detect names each record's format and why; --from auto converts a mixed file and rejects the unrecognisable", () => {
    const mixed = [
      ...rows(readFileSync(join(fixtures, "customerio.ndjson"), "utf8")).slice(0, 2),
      ...rows(readFileSync(join(fixtures, "redo.ndjson"), "utf8")).slice(0, 2),
      ...rows(readFileSync(join(fixtures, "omnisend.ndjson"), "utf8")).slice(0, 2),
      JSON.stringify(JSON.parse(readFileSync(join(fixtures, "attribuly-response.json"), "utf8"))),
      '{"eventName":"x","customer":{"email":"a@b.c"},"contact":{"email":"a@b.c"}}',
    ].join("\n");
    const d = run(["detect"], `${mixed}\n`);
    expect(d.status).toBe(1);
    const formats = rows(d.out).map((l) => l.split(" ")[1]);
    expect(formats).toEqual(["customerio", "customerio", "redo", "redo", "omnisend", "omnisend", "attribuly", "?"]);
    expect(rows(d.out)[7]).toMatch(/\[.*omnisend.*redo.*\]|\[.*redo.*omnisend.*\]/);
    const dir = tmp();
    const c = run(
      ["convert", "--from", "auto", "--to", "canonical", "--rejects", join(dir, "rej.ndjson"), "--report", join(dir, "rep.json")],
      `${mixed}\n`,
    );
    expect(c.status).toBe(1);
    expect(rows(c.out)).toHaveLength(7);
    const rej = rows(readFileSync(join(dir, "rej.ndjson"), "utf8")).map((l) => JSON.parse(l));
    expect(rej).toHaveLength(1);
    expect(rej[0].line).toBe(8);
    expect(rej[0].errors[0].message).toMatch(/candidates: .*name the format with --from/);
    expect(JSON.parse(readFileSync(join(dir, "rep.json"), "utf8")).bySource).toEqual({
      customerio: 2,
      redo: 2,
      omnisend: 2,
      attribuly: 1,
    });
  });
});
