import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const lines = (s: string) =>
  s
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
const tmp = () => mkdtempSync(join(tmpdir(), "rosetta-coerce-"));

const LOOSE = [
  '{"type":"track","userId":"","event":"product_added","timestamp":"1717430400","properties":{"product_id":77,"price":"4.50","quantity":"3"},"context":{"traits":{"email":"lee@example.org"}}}',
  '{"type":"track","userId":"u-2","event":"Product Added","properties":{"price":"4,50"}}',
].join("\n");

describe("rosetta convert --coerce, --user-id, --anonymous-id, --identity by email", () => {
  it("without --coerce rejects loose records, says --coerce would read them, and counts them in the summary and report", async () => {
    const dir = tmp();
    const r = await runCli(
      [
        "convert",
        "--from",
        "segment",
        "--to",
        "omnisend",
        "--rejects",
        join(dir, "rejects.ndjson"),
        "--report",
        join(dir, "report.json"),
      ],
      LOOSE,
    );
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/read 2, converted 0, rejected 2 \(1 readable with --coerce\)/);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report.coercible).toBe(1);
    const rejects = lines(readFileSync(join(dir, "rejects.ndjson"), "utf8"));
    expect(rejects[0].errors.map((e: { message: string }) => e.message).join(" ")).toContain("--coerce");
    expect(rejects[1].errors.map((e: { path: string }) => e.path)).toEqual(["$.properties.price"]);
  });

  it("with --coerce reads them, reporting each change as coerced", async () => {
    const dir = tmp();
    const r = await runCli(
      ["convert", "--from", "segment", "--to", "omnisend", "--coerce", "--report", join(dir, "report.json")],
      LOOSE,
    );
    expect(r.status).toBe(1);
    expect(lines(r.out)).toEqual([
      {
        eventName: "added product to cart",
        eventTime: "2024-06-03T16:00:00Z",
        contact: { email: "lee@example.org" },
        lineItems: [{ productID: "77", price: 4.5, quantity: 3 }],
      },
    ]);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report.lossesByPath["$.properties.price"]).toEqual({ coerced: 1 });
    expect(report.lossesByPath["$.userId"]).toEqual({ coerced: 1 });
  });

  it("reads the same with worker threads (--jobs 2), the options reaching every thread", () => {
    const bin = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
    const args = ["convert", "--from", "segment", "--to", "omnisend", "--coerce"];
    const one = spawnSync(process.execPath, [bin, ...args, "--jobs", "1"], { input: LOOSE, encoding: "utf8" });
    const two = spawnSync(process.execPath, [bin, ...args, "--jobs", "2"], { input: LOOSE, encoding: "utf8" });
    expect(lines(two.stdout)).toEqual(lines(one.stdout));
    expect(lines(one.stdout)).toHaveLength(1);
  });

  it("--user-id email and --anonymous-id derive give an Omnisend history what Customer.io needs", async () => {
    const history = [
      '{"eventName":"placed order","contact":{"email":"lee@example.org"}}',
      '{"eventName":"viewed product","contact":{"phone":"+14155550100"}}',
    ].join("\n");
    const byEmail = await runCli(["convert", "--from", "omnisend", "--to", "customerio", "--user-id", "email"], history);
    expect(byEmail.err).toMatch(/read 2, converted 1, rejected 1/);
    expect(lines(byEmail.out)[0].userId).toBe("lee@example.org");
    const derived = await runCli(["convert", "--from", "omnisend", "--to", "customerio", "--anonymous-id", "derive"], history);
    const again = await runCli(["convert", "--from", "omnisend", "--to", "customerio", "--anonymous-id", "derive"], history);
    expect(derived.err).toMatch(/read 2, converted 2, rejected 0/);
    expect(lines(derived.out).map((e) => e.anonymousId)).toEqual(lines(again.out).map((e) => e.anonymousId));
    const bad = await runCli(["convert", "--from", "omnisend", "--to", "customerio", "--user-id", "fax"], history);
    expect(bad.status).toBe(2);
  });

  it("--identity rows keyed by email supply the userId", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "people.csv"), "email,userId\nLee@Example.org,crm-41\n");
    const r = await runCli(
      ["convert", "--from", "omnisend", "--to", "customerio", "--identity", join(dir, "people.csv")],
      '{"eventName":"placed order","contact":{"email":"lee@example.org"}}',
    );
    expect(r.status).toBe(0);
    expect(lines(r.out)[0].userId).toBe("crm-41");
  });
});
