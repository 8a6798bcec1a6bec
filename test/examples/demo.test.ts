import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("scripts/demo.mjs", () => {
  // runs against the dist/ the test setup built; the build step itself is covered by its freshness check
  const r = spawnSync(process.execPath, [join(root, "scripts", "demo.mjs"), "--no-build"], {
    cwd: root,
    encoding: "utf8",
  });
  const out = `${r.stdout}${r.stderr}`;

  it("exits 0 with no build log and no stack trace", () => {
    expect(r.status, out).toBe(0);
    expect(out).not.toMatch(/\b(ESM|CJS|DTS) (Build|⚡)|tsup|Build success/);
    expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(r.stderr).toBe("");
  });

  it("shows a sample for every converting pair and one line of why, with the flag, for the others", () => {
    // a converting pair: the input, its output and its losses
    expect(out).toMatch(/segment → omnisend-api +\d+ of 7 convert\n +in +\(line \d+\) \{.+\n +out +\{.+\n +lost .+/);
    // a pair that cannot: one line naming the flag that would make it work
    expect(out).toMatch(/omnisend → customerio +0 of 3: .+ — try --user-id email or --anonymous-id derive\n/);
    // redo → attribuly never shows an all-null record as a sample
    expect(out).not.toMatch(/"cart_viewed":null,"checkout_started":null,"checkout_completed":null,"payment_info_submitted":null/);
    expect(out).toMatch(/redo → attribuly +0 of 5: attribuly has no journey item/);
    // the ESP migration and --coerce sections run through the CLI
    expect(out).toContain("── an ESP migration");
    expect(out).toMatch(
      /--anonymous-id derive --batch 100 < examples\/omnisend.ndjson\n +omnisend → customerio: read 3, converted 3/,
    );
    expect(out).toMatch(/--coerce < examples\/real-client.ndjson\n +segment → omnisend: read 4, converted 3/);
  });
});
