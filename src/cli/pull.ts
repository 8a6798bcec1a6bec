/**
 * `rosetta pull attribuly`: reads order ids (one a line) and writes each order's journey answers —
 * or, with `--to F`, the translated events — as NDJSON, through `pullAttribuly`.
 *
 * @since 0.1.0
 */
import { appendFileSync, createReadStream, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { Option } from "commander";
import type { FormatId } from "../core/codec.js";
import { loadCredentials, redactor } from "../delivery/credentials.js";
import { PullCredentialsRejected, pullAttribuly } from "../delivery/pull.js";
import { FORMAT_IDS } from "../formats/index.js";
import { translateAll } from "../translate.js";
import { assertReadable } from "./files.js";
import { formatIdArg, zoneArg } from "./usage.js";

/**
 * Adds `pull` to the program.
 *
 * @internal
 */
export const addPullCommand = (
  cmd: Command,
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): void => {
  cmd
    .command("pull")
    .description("read order journeys from Attribuly's API (≤ 20 requests/s), as NDJSON")
    .argument("<source>", "attribuly")
    .requiredOption("--orders <file>", "order ids, one a line (- for stdin)")
    .addOption(
      new Option("-t, --to <format>", `translate the events into this format (${FORMAT_IDS.join(", ")}; any case)`).argParser(
        formatIdArg,
      ),
    )
    .option("-o, --out <file>", "append output here instead of stdout")
    .option("--credentials <file>", "read ATTRIBULY_API_KEY from this file instead of the environment")
    .option("--endpoint <url>", "base URL instead of https://data.api.attribuly.com")
    .option("--api-version <v>", "the API version path segment", "v2-4-2")
    .option("--rate <n>", "requests per second (≤ 20 unless --force-rate)", Number)
    .option("--force-rate", "allow --rate above 20")
    .option("--state <file>", "resume journal: orders already pulled are skipped")
    .option("--dead-letter <file>", "append orders that failed (code ≠ 1, HTTP errors) and records that did not translate")
    .option("--zone <iana>", "IANA zone of Attribuly's zone-less event_at (with --to)", zoneArg, "UTC")
    .option("-q, --quiet", "no summary on stderr")
    .addHelpText(
      "after",
      `
Each order is read page by page (100 events each) until Attribuly's total is covered. An answer with
code ≠ 1 is a failure even on HTTP 200. Exit status: 0 all pulled, 1 some failed, 2 usage error or
credentials rejected.

Examples:
  ATTRIBULY_API_KEY=… rosetta pull attribuly --orders orders.txt > journeys.ndjson
  rosetta pull attribuly --orders orders.txt --to canonical --zone America/New_York --state pull.state`,
    )
    .action(async (source: string, opts: Record<string, unknown>) => {
      if (source !== "attribuly") throw new Error(`pull: only attribuly can be pulled, not ${JSON.stringify(source)}`);
      const credentials = loadCredentials("attribuly", opts.credentials as string | undefined);
      const redact = redactor(credentials);
      const out = (text: string) => (typeof opts.out === "string" ? appendFileSync(opts.out, text) : io.stdout.write(text));
      const dead = (row: unknown) => {
        if (typeof opts.deadLetter === "string") appendFileSync(opts.deadLetter, `${redact(JSON.stringify(row))}\n`);
      };
      const file = opts.orders as string;
      if (file !== "-") assertReadable(file);
      const lines = createInterface({
        input: file === "-" ? io.stdin : createReadStream(file),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      const counts = { pulled: 0, resumed: 0, failed: 0, records: 0, rejected: 0 };
      const to = opts.to as FormatId | undefined;
      try {
        for await (const order of pullAttribuly(lines, {
          credentials,
          endpoint: opts.endpoint as string | undefined,
          version: opts.apiVersion as string,
          rate: opts.rate as number | undefined,
          forceRate: opts.forceRate === true,
          state: opts.state as string | undefined,
        })) {
          if (order.status === "resumed") counts.resumed++;
          else if (order.status === "failed") {
            counts.failed++;
            dead({ stage: "pull", ...order });
          } else {
            counts.pulled++;
            let text = "";
            for (const page of order.pages) {
              if (to === undefined) {
                text += `${JSON.stringify(page)}\n`;
                continue;
              }
              const r = translateAll(page, { from: "attribuly", to, zone: opts.zone as string });
              if (!r.ok) {
                counts.rejected++;
                dead({ stage: "translate", orderId: order.orderId, errors: r.errors });
                continue;
              }
              for (const { path, result } of r.value) {
                if (result.ok) {
                  counts.records++;
                  text += `${JSON.stringify(result.value)}\n`;
                } else {
                  counts.rejected++;
                  dead({ stage: "translate", orderId: order.orderId, path, errors: result.errors });
                }
              }
            }
            out(text);
          }
        }
      } catch (e) {
        if (e instanceof PullCredentialsRejected) {
          io.stderr.write(`rosetta: ${e.message}; stopped\n`);
          process.exitCode = 2;
          return;
        }
        throw new Error(redact((e as Error).message));
      }
      if (opts.quiet !== true)
        io.stderr.write(
          `rosetta: pull attribuly: ${counts.pulled} orders pulled, ${counts.resumed} done in an earlier run, ${counts.failed} failed${to === undefined ? "" : `; ${counts.records} ${to} records, ${counts.rejected} not translated`}\n`,
        );
      process.exitCode = counts.failed + counts.rejected > 0 ? 1 : 0;
      if (typeof opts.out === "string" && counts.pulled === 0 && counts.resumed === 0) writeFileSync(opts.out, "", { flag: "a" });
    });
};
