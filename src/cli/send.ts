/**
 * `rosetta send`: reads input like `convert` (files or stdin, NDJSON or one document, any source
 * format or `auto`), and delivers through `createSender` — the command only wires files, the
 * environment's credentials, the dead-letter file, the report and the progress bar to it.
 *
 * @since 0.1.0
 */
import { appendFileSync, createReadStream, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import type { FormatId } from "../core/codec.js";
import { loadCredentials } from "../delivery/credentials.js";
import { DESTINATION_IDS, type DestinationId } from "../delivery/destinations.js";
import { CredentialsRejected, createSender, located } from "../delivery/engine.js";
import { USER_ID_SOURCES } from "../identity.js";
import { emptyStats } from "../pipeline/process.js";
import { readUnitBatches } from "../stream/units.js";
import { assertReadable, loadIdentityFile, loadNamesFile } from "./files.js";
import { progressBar } from "./progress.js";
import { claimSignals } from "./signals.js";
import { formatIdOrAutoArg, oneOfArg, zoneArg } from "./usage.js";

const durationMs = (value: string): number => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (m === null) throw new InvalidArgumentError("expected a duration like 4h, 30m, 90s or 500ms");
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  return n * (unit === "ms" ? 1 : unit === "s" ? 1000 : unit === "m" ? 60_000 : 3_600_000);
};
const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number > 0");
  return n;
};

async function* inputRecords(files: ReadonlyArray<string>, stdin: NodeJS.ReadableStream) {
  for (const file of files.length === 0 ? ["-"] : files) {
    if (file !== "-") assertReadable(file);
    const stream = file === "-" ? (stdin as unknown as AsyncIterable<Buffer>) : createReadStream(file);
    for await (const units of readUnitBatches(stream)) {
      for (const u of units)
        if (u.text.trim() !== "") yield located({ text: u.text, file: file === "-" ? undefined : file, line: u.line });
    }
  }
}

/**
 * Adds `send` to the program.
 *
 * @internal
 */
export const addSendCommand = (
  cmd: Command,
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): void => {
  cmd
    .command("send")
    .description("translate records and deliver them to Customer.io, Redo or Omnisend at their rate limits")
    .addOption(
      new Option("-t, --to <destination>", `${DESTINATION_IDS.join(", ")} (any case)`)
        .argParser(oneOfArg(DESTINATION_IDS))
        .makeOptionMandatory(),
    )
    .option("-f, --from <format>", "source format (any case), or auto (default: the destination's own format)", formatIdOrAutoArg)
    .option("--credentials <file>", "read credentials from this file (JSON or NAME=value lines) instead of the environment")
    .option("--endpoint <url>", "base URL instead of the vendor's (proxies, staging, emulators)")
    .addOption(new Option("--region <region>", "Customer.io data centre").choices(["us", "eu"]).default("us"))
    .option("--legacy-v5", "Omnisend: POST /v5/events with X-API-KEY")
    .option("--omnisend-batches", "Omnisend: POST /api/batches of ≤ 100 events (history); pause automations first")
    .option("--rate <n>", "requests per vendor window, below the documented limit", positive)
    .option("--force-rate", "allow --rate above the documented limit")
    .option("--concurrency <n>", "requests in flight at once", positive)
    .option("--retry-for <duration>", "give up on a record this long after its first attempt", durationMs, 4 * 3600_000)
    .option("--timeout <duration>", "per-request timeout", durationMs, 10_000)
    .option("--dead-letter <file>", "append every record not delivered (status, body, input line, vendor field) as NDJSON")
    .option("--state <file>", "resume journal: a re-run with the same file sends only what was not acknowledged")
    .option("--report <file>", "write counts, requests, retries by status, 429s, bytes and rates as JSON")
    .option("--dry-run", "write the exact requests (credentials redacted) as NDJSON to stdout instead of sending")
    .option("--zone <iana>", "IANA zone of zone-less wall-clock times (Attribuly's event_at; --coerce)", zoneArg, "UTC")
    .option("--coerce", "read what real clients send (numeric strings, numeric ids, epoch times…); each change a 'coerced' loss")
    .addOption(
      new Option("--user-id <identifier>", "customerio: make this identifier the userId when the record has none").choices(
        Object.keys(USER_ID_SOURCES),
      ),
    )
    .addOption(
      new Option("--anonymous-id <how>", "customerio: derive = a stable UUID v5 from the record's identifiers").choices([
        "derive",
      ]),
    )
    .option("--origin <origin>", "omnisend-api's origin (your integration's; default: the source's, else api)")
    .option("--lossless", "carry what the destination cannot represent in its free-form area")
    .option("--strict", "reject a record on any loss")
    .option("--identity <file>", "CSV or NDJSON mapping userId/anonymousId to email, phone and vendor ids")
    .option("--names <file>", "JSON object of canonical type → event name to write")
    .option("-q, --quiet", "no summary or progress bar on stderr")
    .argument("[files...]", "input files (default: stdin)")
    .addHelpText(
      "after",
      `
Credentials come only from the environment (CUSTOMERIO_WRITE_KEY; REDO_API_SECRET and REDO_STORE_ID;
OMNISEND_API_KEY) or --credentials FILE, never from arguments, and are redacted from every output.
Limits: Customer.io 3000 requests / 3 s, batches ≤ 500 KB, 32 KB per event, X-Strict-Mode: 1 always;
Redo 100 requests/s per store, 100 events per bulk request; Omnisend 400 requests/min per brand
(shared with the brand's other integrations: leave room with --rate).
Omnisend --omnisend-batches: Omnisend warns to turn off automations before importing events in
batches, or customers may get duplicate messages.
Exit status: 0 all delivered, 1 some rejected or dead-lettered, 2 usage error or credentials rejected,
130 interrupted (re-run with the same --state to finish).

Examples:
  CUSTOMERIO_WRITE_KEY=… rosetta send --to customerio --from segment --state run.state --dead-letter dead.ndjson events.ndjson
  rosetta send --to redo --from auto --credentials redo.env --report report.json export-*.ndjson
  rosetta send --to omnisend-api --from customerio --rate 300 --dry-run events.ndjson | head`,
    )
    .action(async (files: Array<string>, opts: Record<string, unknown>) => {
      const to = opts.to as DestinationId;
      const credentials = loadCredentials(to, opts.credentials as string | undefined);
      const deadLetterFile = opts.deadLetter as string | undefined;
      const quiet = opts.quiet === true;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      const sender = createSender({
        to,
        from: (opts.from as FormatId | "auto" | undefined) ?? undefined,
        credentials,
        endpoint: opts.endpoint as string | undefined,
        region: opts.region as "us" | "eu",
        legacyV5: opts.legacyV5 === true,
        omnisendBatches: opts.omnisendBatches === true,
        rate: opts.rate as number | undefined,
        forceRate: opts.forceRate === true,
        concurrency: opts.concurrency as number | undefined,
        retryForMs: opts.retryFor as number,
        timeoutMs: opts.timeout as number,
        state: opts.state as string | undefined,
        zone: opts.zone as string,
        coerce: opts.coerce === true ? true : undefined,
        userId: typeof opts.userId === "string" ? USER_ID_SOURCES[opts.userId] : undefined,
        anonymousId: opts.anonymousId === "derive" ? "derive" : undefined,
        origin: typeof opts.origin === "string" ? opts.origin : undefined,
        lossless: opts.lossless === true,
        strict: opts.strict === true,
        identity: typeof opts.identity === "string" ? loadIdentityFile(opts.identity) : undefined,
        names: typeof opts.names === "string" ? loadNamesFile(opts.names) : undefined,
        signal: stop.signal,
        dryRun: opts.dryRun === true ? (request) => io.stdout.write(`${JSON.stringify(request)}\n`) : undefined,
        onDeadLetter:
          deadLetterFile === undefined
            ? undefined
            : (row) => appendFileSync(deadLetterFile, `${sender.redact(JSON.stringify(row))}\n`),
      });
      const progress =
        !quiet && (io.stderr as { isTTY?: boolean }).isTTY === true ? progressBar(io.stderr, undefined) : undefined;
      const releaseSignals = claimSignals(onSignal);
      let failure: unknown;
      try {
        let n = 0;
        for await (const _ of sender.send(inputRecords(files, io.stdin))) {
          if (progress !== undefined && ++n % 256 === 0) {
            const s = sender.stats();
            progress.update({ ...emptyStats(), read: s.read, converted: s.accepted, rejected: s.rejected + s.deadLettered }, 0);
          }
        }
      } catch (e) {
        failure = e;
      } finally {
        releaseSignals();
        progress?.stop();
      }
      const stats = sender.stats();
      if (typeof opts.report === "string")
        writeFileSync(opts.report, `${sender.redact(JSON.stringify({ to, from: opts.from ?? to, ...stats }, null, 2))}\n`);
      if (!quiet)
        io.stderr.write(
          sender.redact(
            `rosetta: send → ${to}${opts.dryRun === true ? " (dry run)" : ""}: read ${stats.read}, accepted ${stats.accepted}${stats.resumed > 0 ? ` (${stats.resumed} done in an earlier run)` : ""}, rejected ${stats.rejected}, dead-lettered ${stats.deadLettered}${stats.unsent > 0 ? `, unsent ${stats.unsent}` : ""}; ${stats.requests} requests, ${stats.rateLimited} × 429 (${stats.seconds.toFixed(2)} s)\n`,
          ),
        );
      if (failure instanceof CredentialsRejected) {
        io.stderr.write(`rosetta: ${failure.message}; stopped\n`);
        process.exitCode = 2;
        return;
      }
      if (failure !== undefined) throw new Error(sender.redact((failure as Error).message ?? String(failure)));
      process.exitCode = stop.signal.aborted ? 130 : stats.rejected + stats.deadLettered > 0 ? 1 : 0;
    });
};
