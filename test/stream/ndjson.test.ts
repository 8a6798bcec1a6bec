import { createWriteStream, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { jsonValue } from "../../property-tests/arbitraries/common.js";
import { type NdjsonLine, readNdjson, rejectOf, writeNdjson } from "../../src/stream/ndjson.js";

const collect = async (source: AsyncIterable<string | Uint8Array>, file?: string): Promise<Array<NdjsonLine>> => {
  const out: Array<NdjsonLine> = [];
  for await (const l of readNdjson(source, { file })) out.push(l);
  return out;
};

describe("readNdjson", () => {
  it("numbers lines from 1, skips blank ones, handles CRLF, a BOM and a last line without a newline", async () => {
    const text = '\uFEFF{"a":1}\r\n\n   \n[1,2]\n"x"';
    const out = await collect(Readable.from([text]));
    expect(out).toEqual([
      { ok: true, line: 1, value: { a: 1 } },
      { ok: true, line: 4, value: [1, 2] },
      { ok: true, line: 5, value: "x" },
    ]);
  });

  it("gives a line that is not JSON as a reject in the CLI's shape, and goes on", async () => {
    const out = await collect(Readable.from(['{"a":1}\n{oops\n{"a":2}\n']), "in.ndjson");
    expect(out.map((l) => [l.ok, l.line])).toEqual([
      [true, 1],
      [false, 2],
      [true, 3],
    ]);
    const bad = out[1];
    if (bad?.ok !== false) throw new Error("expected a reject");
    expect(bad.reject.file).toBe("in.ndjson");
    expect(bad.reject.line).toBe(2);
    expect(bad.reject.input).toBe("{oops");
    expect(bad.reject.errors).toHaveLength(1);
    expect(bad.reject.errors[0]).toMatchObject({ _tag: "Issue", path: "$", expected: "a JSON value" });
    expect(bad.reject.errors[0]?.message).toMatch(/^\$: not JSON: /);
  });

  it("decodes UTF-8 split across chunks, one byte at a time", async () => {
    const text = '{"name":"Zoë 🛒 ü"}\n{"k":"日本"}\n';
    const bytes = Buffer.from(text);
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    const out = await collect(Readable.from(chunks));
    expect(out).toEqual([
      { ok: true, line: 1, value: { name: "Zoë 🛒 ü" } },
      { ok: true, line: 2, value: { k: "日本" } },
    ]);
  });

  test.prop([fc.array(jsonValue, { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 })])(
    "reads back every value written one per line, whatever the chunking",
    async (values, cuts) => {
      const text = values.map((v) => `${JSON.stringify(v)}\n`).join("");
      const chunks: Array<string> = [];
      let at = 0;
      for (let i = 0; at < text.length; i++) {
        const n = cuts[i % cuts.length] as number;
        chunks.push(text.slice(at, at + n));
        at += n;
      }
      const out = await collect(Readable.from(chunks));
      expect(out.map((l) => (l.ok ? l.value : l))).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
      expect(out.map((l) => l.line)).toEqual(values.map((_, i) => i + 1));
    },
  );

  it("pulls the source only as fast as the consumer reads (back-pressure)", async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<string> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield `{"i":${i}}\n`;
      }
    }
    const lines = readNdjson(source());
    const first = await lines.next();
    expect(first.value).toEqual({ ok: true, line: 1, value: { i: 0 } });
    expect(pulled).toBe(1);
    await lines.next();
    expect(pulled).toBe(2);
    await lines.return(undefined);
  });

  it("fails when the source fails", async () => {
    async function* source(): AsyncGenerator<string> {
      yield '{"a":1}\n';
      throw new Error("EIO: read failed");
    }
    await expect(collect(source())).rejects.toThrow(/EIO/);
  });
});

describe("writeNdjson", () => {
  it("writes one JSON line per value to a file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "rosetta-ndjson-")), "out.ndjson");
    const out = writeNdjson(createWriteStream(file));
    await out.write({ a: 1 });
    await out.write("x");
    await out.write(null);
    await out.end();
    expect(readFileSync(file, "utf8")).toBe('{"a":1}\n"x"\nnull\n');
  });

  it("waits while the destination is full, and never writes past its buffer", async () => {
    const written: Array<string> = [];
    let release: (() => void) | undefined;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk, _enc, done) {
        written.push(String(chunk));
        release = done; // completes only when the test says so
      },
    });
    const out = writeNdjson(slow);
    const first = out.write({ long: "x".repeat(40) });
    let settled = false;
    void first.then(() => {
      settled = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false); // over the high-water mark: waiting for drain
    release?.();
    await first;
    expect(settled).toBe(true);
    await out.end();
    expect(written).toEqual([`${JSON.stringify({ long: "x".repeat(40) })}\n`]);
  });

  it("fails a write or the end when the destination failed, and refuses a value with no JSON form", async () => {
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(new Error("ENOSPC: no space left"));
      },
    });
    const out = writeNdjson(broken);
    await out.write({ a: 1 }).catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    await expect(out.write({ a: 2 })).rejects.toThrow(/ENOSPC/);
    await expect(out.end()).rejects.toThrow(/ENOSPC/);
    const ok = writeNdjson(new Writable({ write: (_c, _e, done) => done() }));
    await expect(ok.write(undefined)).rejects.toThrow(/no JSON form/);
  });
});

describe("rejectOf", () => {
  it("builds the CLI's --rejects row, with the file only when known", () => {
    expect(rejectOf(3, { a: 1 }, [])).toEqual({ line: 3, input: { a: 1 }, errors: [] });
    expect(Object.keys(rejectOf(3, null, [], "f.ndjson"))).toEqual(["file", "line", "input", "errors"]);
  });
});
