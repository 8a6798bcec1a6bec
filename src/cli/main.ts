/**
 * The `rosetta` command line: `convert`, `validate`, `detect`, `schema`, `formats`, and the
 * JetStream commands `consume` and `publish`.
 *
 * @since 0.1.0
 */
import { createReadStream } from "node:fs";
import { availableParallelism } from "node:os";
import { Command, Option } from "commander";
import type { Codec } from "../core/codec.js";
import { detectFormat } from "../detect.js";
import { codecOf, FORMAT_IDS } from "../formats/index.js";
import { USER_ID_SOURCES } from "../identity.js";
import type { PipelineConfig } from "../pipeline/process.js";
import { jsonSchemaOf } from "../schemas.js";
import { readUnitBatches } from "../stream/units.js";
import { consumeCommand, translationOptions } from "./consume.js";
import { inputSize, runConvert } from "./convert.js";
import { assertReadable, loadIdentityFile, loadNamesFile } from "./files.js";
import { findClash, type NamedFile, writeWholeFile } from "./output.js";
import { peakRssBytes } from "./peak-rss.js";
import { progressBar } from "./progress.js";
import { publishCommand } from "./publish.js";
import { addPullCommand } from "./pull.js";
import { addSendCommand } from "./send.js";
import { claimSignals } from "./signals.js";
import {
  formatArg as format,
  formatIdArg,
  formatOrAutoArg as formatOrAuto,
  oneLineUsageErrors,
  UsageError,
  usageLines,
  wholeNumberArg,
  zoneArg,
} from "./usage.js";

/** Exit statuses: all converted, some rejected, usage or I/O error. */
const EXIT = { ok: 0, rejected: 1, usage: 2, interrupted: 130 } as const;

const positiveInt = wholeNumberArg(1);

const formatsHelp = (): string => FORMAT_IDS.map((id) => `  ${id.padEnd(11)} ${codecOf(id)?.description ?? ""}`).join("\n");

/**
 * The translation `convert`'s options ask for: formats, codec options, identity and derived ids
 * (shared with `consume`, which takes convert's translation options as they are).
 */
const translationOf = (opts: Record<string, unknown>) => {
  const from = opts.from as Codec | "auto";
  const to = opts.to as Codec;
  if (to === ("auto" as unknown)) throw new UsageError("--to: auto is only for --from");
  const identityFile = typeof opts.identity === "string" ? opts.identity : undefined;
  const identity = identityFile === undefined ? undefined : loadIdentityFile(identityFile);
  const config: PipelineConfig = {
    from: from === "auto" ? "auto" : from.id,
    to: to.id,
    options: {
      lossless: opts.lossless === true,
      strict: opts.strict === true,
      names: typeof opts.names === "string" ? loadNamesFile(opts.names) : undefined,
      zone: opts.zone as string,
      moneyUnit: opts.moneyUnit as "minor" | "major",
      ambiguous: opts.ambiguous as "earlier" | "later" | "reject",
      coerce: opts.coerce === true ? true : undefined,
      userId: typeof opts.userId === "string" ? USER_ID_SOURCES[opts.userId] : undefined,
      anonymousId: opts.anonymousId === "derive" ? "derive" : undefined,
      origin: typeof opts.origin === "string" ? opts.origin : undefined,
    },
    deriveIds: opts.deriveIds === true,
  };
  return { config, identity, identityFile };
};

/**
 * One line for each option given on the command line that no record used: the Attribuly options
 * when no Attribuly record was read, the destination options of a destination not chosen.
 */
const unusedOptions = (command: Command, summary: { read: number; bySource?: Record<string, number> }): Array<string> => {
  const opts = command.opts() as { from: Codec | "auto"; to: Codec; coerce?: boolean };
  const given = (name: string): boolean => command.getOptionValueSource(name) === "cli";
  const warnings: Array<string> = [];
  const attribulyRead =
    opts.from === "auto" ? (summary.bySource?.attribuly ?? 0) : opts.from.id === "attribuly" ? summary.read : 0;
  if (attribulyRead === 0) {
    // --coerce reads zone-less times in --zone too
    const unused = ["zone", "moneyUnit", "ambiguous"].filter((o) => given(o) && !(o === "zone" && opts.coerce === true));
    for (const o of unused)
      warnings.push(
        `--${o === "moneyUnit" ? "money-unit" : o} had no effect: no Attribuly record was read (it applies to attribuly input only)`,
      );
  }
  if (given("origin") && opts.to.id !== "omnisend-api")
    warnings.push(`--origin had no effect: it applies to --to omnisend-api only, not ${opts.to.id}`);
  for (const o of ["userId", "anonymousId"])
    if (given(o) && opts.to.id !== "customerio" && opts.to.id !== "segment")
      warnings.push(
        `--${o === "userId" ? "user-id" : "anonymous-id"} had no effect: it applies to --to customerio or segment only, not ${opts.to.id}`,
      );
  return warnings;
};

/**
 * Builds the `rosetta` program (exported for tests).
 *
 * @internal
 */
export const program = (io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }) => {
  const cmd = new Command("rosetta")
    .description("Translate ecommerce events between Customer.io/Segment, Redo, Omnisend, Attribuly and a canonical model.")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  cmd
    .command("convert")
    .description("convert NDJSON (or one JSON document) from one format to another")
    .addOption(
      new Option("-f, --from <format>", "source format (any case), or auto to recognise each record's format by its shape")
        .argParser(formatOrAuto)
        .makeOptionMandatory(),
    )
    .addOption(new Option("-t, --to <format>", "destination format (any case)").argParser(format).makeOptionMandatory())
    .option("-o, --out <file>", "write output here instead of stdout")
    .option("--rejects <file>", "write each rejected record as a JSON line {line, input, errors}")
    .option("--batch <n>", "group output into the destination's bulk envelope, n records each", positiveInt)
    .option(
      "--zone <iana>",
      "IANA zone of Attribuly's zone-less event_at (and of --coerce's zone-less times); never guessed",
      zoneArg,
      "UTC",
    )
    .addOption(
      new Option("--money-unit <unit>", "unit of Attribuly's integer prices: minor (2750 = 27.50 USD) or major")
        .choices(["minor", "major"])
        .default("minor"),
    )
    .addOption(
      new Option("--ambiguous <which>", "an Attribuly event_at the --zone showed twice (DST fold): earlier, later or reject")
        .choices(["earlier", "later", "reject"])
        .default("earlier"),
    )
    .option("--lossless", "carry what the destination cannot represent in its free-form area (key commerce_rosetta)")
    .option("--strict", "reject a record on any loss, with the losses as the reason")
    .option(
      "--identity <file>",
      "CSV or NDJSON rows of userId, anonymousId, email, phone, redoCustomerId, omnisendContactId, looked up by userId, anonymousId, email or phone",
    )
    .option("--names <file>", 'JSON object of canonical type → event name to write, e.g. {"order_completed": "Purchase"}')
    .option("--report <file>", "write counts and losses per path and per event type as JSON")
    .option(
      "-j, --jobs <n>",
      "translating threads: the main thread and N-1 worker threads (default: the number of cores; 1 runs on the main thread only)",
      positiveInt,
    )
    .option("--dry-run", "validate, translate and report without writing output")
    .option("--derive-ids", "give records that lack an id a deterministic UUID v5 from the source record")
    .option(
      "--coerce",
      "read what real clients send: numeric strings, numeric ids, epoch/space-separated times (in --zone), empty ids, one product object; each change a 'coerced' loss",
    )
    .addOption(
      new Option(
        "--user-id <identifier>",
        "customerio/segment destinations: make this identifier the userId when the record has none",
      ).choices(Object.keys(USER_ID_SOURCES)),
    )
    .addOption(
      new Option(
        "--anonymous-id <how>",
        "customerio/segment destinations: derive = a stable UUID v5 from the record's identifiers when it has no userId/anonymousId",
      ).choices(["derive"]),
    )
    .option("--origin <origin>", "omnisend-api's origin (your Omnisend integration origin; default: the source's, else api)")
    .option("-q, --quiet", "no summary or progress bar on stderr")
    .argument("[files...]", "input files (default: stdin; - is stdin)")
    .addHelpText(
      "after",
      `
Formats:
${formatsHelp()}

Input: NDJSON (one payload per line), a JSON array, a bulk envelope ({"batch":[…]}, {"events":[…]}),
or one pretty-printed JSON document. Output: NDJSON, one record per line (or one envelope per line with --batch).
Exit status: 0 all converted, 1 some records rejected (see --rejects), 2 usage or I/O error, 130 interrupted
(SIGINT/SIGTERM: reading stops, what was translated is written, then the report and rejects).
On a terminal a progress bar shows records/s, counts and the ETA (files); it is off when piped or with --quiet.

Examples:
  rosetta convert --from segment --to omnisend events.ndjson > omnisend.ndjson
  rosetta convert --from customerio --to canonical --rejects rejects.ndjson < export.ndjson
  rosetta convert --from canonical --to redo --batch 100 canonical.ndjson
  rosetta convert --from attribuly --to canonical --zone America/New_York journey.json
  rosetta convert --from segment --to omnisend --identity people.csv --report report.json events.ndjson
  rosetta convert --from segment --to omnisend --lossless events.ndjson   # omnisend → segment gives them back exactly
  rosetta convert --from canonical --to redo --names redo-names.json --strict canonical.ndjson
  rosetta convert --from auto --to canonical --jobs 2 --derive-ids --report report.json export-*.ndjson
  rosetta convert --from segment --to customerio --batch 100 events.ndjson   # {"batch":[…]} ≤ 500 KB each
  rosetta convert --from customerio --to omnisend --dry-run --report report.json events.ndjson
  rosetta convert --from segment --to omnisend --coerce --zone Europe/Berlin client-export.ndjson
  rosetta convert --from omnisend --to customerio --user-id email --batch 100 omnisend-history.ndjson

Lossless mode stores what the destination cannot represent under the key "commerce_rosetta" in its
free-form area (Customer.io/Segment context, Redo data.$extra, Omnisend properties); decoding that
destination restores it. Attribuly has no free-form area: there, --lossless rejects records that would lose data.`,
    )
    .action(async (files: Array<string>, opts: Record<string, unknown>, self: Command) => {
      const to = opts.to as Codec;
      const batch = opts.batch as number | undefined;
      if (batch !== undefined && to !== ("auto" as unknown)) {
        if (to.batch === undefined) throw new UsageError(`--batch: ${to.id} has no bulk envelope`);
        if (to.maxBatch !== undefined && batch > to.maxBatch)
          throw new UsageError(`--batch ${batch}: ${to.id} allows at most ${to.maxBatch} records per request`);
      }
      const identityFile = typeof opts.identity === "string" ? opts.identity : undefined;
      const namesFile = typeof opts.names === "string" ? opts.names : undefined;
      const outFile = opts.out as string | undefined;
      const rejectsFile = opts.rejects as string | undefined;
      const reportFile = typeof opts.report === "string" ? opts.report : undefined;
      // no output may overwrite an input or another output: checked before anything is opened
      const readsStdin = files.length === 0 || files.includes("-");
      const inputs: Array<NamedFile> = [
        ...files.filter((f) => f !== "-").map((f) => ({ role: "input", file: f })),
        ...(readsStdin ? [{ role: "stdin", file: 0 }] : []),
        ...(identityFile === undefined ? [] : [{ role: "--identity", file: identityFile }]),
        ...(namesFile === undefined ? [] : [{ role: "--names", file: namesFile }]),
      ];
      const outputs: Array<NamedFile> = [
        ...(outFile === undefined
          ? opts.dryRun === true || io.stdout !== process.stdout
            ? []
            : [{ role: "stdout", file: 1 }]
          : []),
        ...(outFile === undefined || opts.dryRun === true ? [] : [{ role: "--out", file: outFile }]),
        ...(rejectsFile === undefined ? [] : [{ role: "--rejects", file: rejectsFile }]),
        ...(reportFile === undefined ? [] : [{ role: "--report", file: reportFile }]),
      ].filter((f) => !(readsStdin && io.stdin !== process.stdin && f.file === 1));
      const clash = findClash(
        inputs.filter((f) => f.file !== 0 || io.stdin === process.stdin),
        outputs,
      );
      if (clash !== undefined) throw new UsageError(`${clash}; nothing was read or written`);
      const translation = translationOf(opts);
      const { identity } = translation;
      const fromId = translation.config.from;
      const config: PipelineConfig = { ...translation.config, batch: batch !== undefined };
      const quiet = opts.quiet === true;
      let jobs = opts.jobs as number | undefined;
      const maxJobs = availableParallelism() * 4;
      if (jobs !== undefined && jobs > maxJobs) {
        io.stderr.write(`rosetta: --jobs ${jobs} is more than 4 threads per core; using ${maxJobs}\n`);
        jobs = maxJobs;
      }
      const started = Date.now();
      const progress =
        !quiet && (io.stderr as { isTTY?: boolean }).isTTY === true ? progressBar(io.stderr, inputSize(files)) : undefined;
      // SIGINT / SIGTERM: stop reading, flush what was translated, write the report and rejects, exit 130
      let onSignal: (() => void) | undefined;
      const stopSignal = new Promise<void>((resolve) => {
        onSignal = resolve;
      });
      const release = claimSignals(() => onSignal?.());
      let summary: Awaited<ReturnType<typeof runConvert>>;
      try {
        summary = await runConvert({
          config,
          to,
          files,
          out: outFile,
          rejects: rejectsFile,
          batch,
          dryRun: opts.dryRun === true,
          jobs,
          identity,
          identityFile,
          stdin: io.stdin as unknown as import("node:stream").Readable,
          stdout: io.stdout as unknown as import("node:stream").Writable,
          onProgress: progress?.update,
          stopSignal,
        });
      } finally {
        release();
        progress?.stop();
      }
      const seconds = (Date.now() - started) / 1000;
      const { writeFailure, ...counts } = summary;
      let failure = writeFailure;
      if (reportFile !== undefined) {
        const report = {
          from: fromId,
          to: to.id,
          ...counts,
          ...(failure === undefined ? {} : { writeError: failure.message }),
          seconds,
          peakRssBytes: peakRssBytes(),
        };
        const f = writeWholeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
        failure ??= f;
      }
      if (failure !== undefined) {
        // a failed write is an error, never success; a closed stdout (| head -1) ends quietly
        if (!failure.quiet) io.stderr.write(`rosetta: ${failure.message} (stopped after ${summary.read} records)\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      if (!quiet) {
        const rate = seconds > 0 ? Math.round(summary.read / seconds) : summary.read;
        const coercible = summary.coercible !== undefined ? ` (${summary.coercible} readable with --coerce)` : "";
        io.stderr.write(
          `rosetta: ${fromId} → ${to.id}${opts.dryRun === true ? " (dry run)" : ""}: read ${summary.read}, converted ${summary.converted}, rejected ${summary.rejected}${coercible}, losses ${summary.losses} (${seconds.toFixed(2)} s, ${rate}/s)${summary.interrupted ? " — interrupted" : ""}\n`,
        );
      }
      if (!quiet) for (const warning of unusedOptions(self, summary)) io.stderr.write(`rosetta: warning: ${warning}\n`);
      process.exitCode = summary.interrupted ? EXIT.interrupted : summary.rejected > 0 ? EXIT.rejected : EXIT.ok;
    });

  addSendCommand(cmd, io);
  addPullCommand(cmd, io);

  cmd
    .command("validate")
    .description("check records against a format's schema and limits, without translating")
    .addOption(
      new Option("-f, --format <format>", "the records' format (any case), or auto")
        .argParser(formatOrAuto)
        .makeOptionMandatory(),
    )
    .option("--zone <iana>", "IANA zone of Attribuly's zone-less event_at", zoneArg, "UTC")
    .option("-q, --quiet", "no summary on stderr")
    .argument("[files...]", "input files (default: stdin)")
    .addHelpText(
      "after",
      `
Prints one line per problem: FILE:LINE PATH: message. Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error.

Examples:
  rosetta validate --format customerio export.ndjson
  rosetta validate --format auto mixed.ndjson`,
    )
    .action(async (files: Array<string>, opts: Record<string, unknown>) => {
      const format = opts.format as Codec | "auto";
      const summary = await runConvert({
        config: { from: format === "auto" ? "auto" : format.id, to: "canonical", options: { zone: opts.zone as string } },
        to: codecOf("canonical") as Codec,
        files,
        dryRun: true,
        jobs: 1,
        stdin: io.stdin as unknown as import("node:stream").Readable,
        stdout: io.stdout as unknown as import("node:stream").Writable,
        onReject: (row) => {
          for (const e of row.errors) {
            // an issue's message may already start with its path: print the path once
            const message = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
            io.stdout.write(`${row.file ?? "-"}:${row.line} ${e.path}: ${message}\n`);
          }
        },
      });
      if (opts.quiet !== true)
        io.stderr.write(`rosetta: ${summary.read} records, ${summary.converted} valid, ${summary.rejected} invalid\n`);
      process.exitCode = summary.rejected > 0 ? EXIT.rejected : EXIT.ok;
    });

  cmd
    .command("detect")
    .description("recognise each record's format and say why (ambiguous records list the candidates)")
    .option("-q, --quiet", "no summary on stderr")
    .argument("[files...]", "input files (default: stdin)")
    .addHelpText(
      "after",
      `
Prints one line per record: FILE:LINE FORMAT (shape): reason — or FILE:LINE ? [candidates]: reason.
Exit status: 0 every record recognised, 1 some ambiguous or unknown, 2 usage or I/O error.

The summary on stderr counts the records of each format. To count them from the lines (file names
without spaces), take the second field:
  rosetta detect -q export.ndjson | cut -d' ' -f2 | sort | uniq -c

Example:
  rosetta detect export.ndjson`,
    )
    .action(async (files: Array<string>, opts: Record<string, unknown>) => {
      const counts: Record<string, number> = {};
      let unknown = 0;
      for (const file of files.length === 0 ? ["-"] : files) {
        if (file !== "-") assertReadable(file);
        const stream = file === "-" ? (io.stdin as unknown as AsyncIterable<Buffer>) : createReadStream(file);
        for await (const units of readUnitBatches(stream)) {
          let text = "";
          for (const u of units) {
            if (u.issue !== undefined) {
              unknown++;
              text += `${file}:${u.line} ? []: ${u.issue.message}\n`;
              continue;
            }
            let doc: unknown;
            try {
              doc = JSON.parse(u.text);
            } catch (e) {
              unknown++;
              text += `${file}:${u.line} ? []: not JSON: ${(e as Error).message}\n`;
              continue;
            }
            const d = detectFormat(doc);
            if (d.ok) {
              counts[d.format] = (counts[d.format] ?? 0) + 1;
              text += `${file}:${u.line} ${d.format} (${d.shape}): ${d.reason}\n`;
            } else {
              unknown++;
              text += `${file}:${u.line} ? [${d.candidates.join(", ")}]: ${d.reason}\n`;
            }
          }
          io.stdout.write(text);
        }
      }
      if (opts.quiet !== true) {
        const seen = Object.entries(counts).map(([f, n]) => `${f} ${n}`);
        io.stderr.write(`rosetta: ${[...seen, `unrecognised ${unknown}`].join(", ")}\n`);
      }
      process.exitCode = unknown > 0 ? EXIT.rejected : EXIT.ok;
    });

  cmd
    .command("schema")
    .description("print the JSON Schema of a format's record")
    .argument("<format>", `${FORMAT_IDS.join(", ")} (any case)`, formatIdArg)
    .addHelpText(
      "after",
      `
The JSON Schema (draft 2020-12) of one record of the format: the canonical event's is generated from
the library's Effect schema, each vendor format's from its mapping table (mappings/).

Example:
  rosetta schema omnisend > omnisend.schema.json`,
    )
    .action((name: string) => {
      const schema = jsonSchemaOf(name);
      if (schema === undefined)
        throw new UsageError(`schema: unknown format ${JSON.stringify(name)}; known: ${FORMAT_IDS.join(", ")}`);
      io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    });

  cmd
    .command("formats")
    .description("list the formats")
    .addHelpText(
      "after",
      `
Example:
  rosetta formats   # id and description of every format --from and --to accept`,
    )
    .action(() => {
      io.stdout.write(`${formatsHelp()}\n`);
    });
  // JetStream: consume (with convert's translation options) and publish
  const convert = cmd.commands.find((c) => c.name() === "convert") as Command;
  cmd.addCommand(consumeCommand(cmd, io, translationOptions(convert), translationOf));
  cmd.addCommand(publishCommand(cmd, io));
  oneLineUsageErrors(
    cmd,
    (s) => io.stdout.write(s),
    (s) => io.stderr.write(s),
  );
  return cmd;
};

/**
 * Runs the CLI with process arguments; sets the exit status.
 *
 * @internal
 */
export const main = async (argv: ReadonlyArray<string>): Promise<void> => {
  const cmd = program({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  // convert handles its own signals and stdout errors (it writes the report); send and consume
  // claim the signals for their own graceful stop (send: journal and report, exit 130; consume:
  // drain, exit 0); the other commands end at once: 130 on a signal, 2 on a failed write to stdout
  // (quietly for a closed pipe)
  const converting = argv[0] === "convert";
  const ownSignals = converting || argv[0] === "send" || argv[0] === "consume";
  const release = ownSignals ? undefined : claimSignals(() => process.exit(EXIT.interrupted));
  const stdout = process.stdout;
  const onStdoutError = (e: Error & { code?: string }): void => {
    if (converting) return;
    if (e.code !== "EPIPE") process.stderr.write(`rosetta: cannot write stdout: ${e.message}\n`);
    process.exit(EXIT.usage);
  };
  stdout.on("error", onStdoutError);
  try {
    await cmd.parseAsync(argv as Array<string>, { from: "user" });
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
      process.exitCode = EXIT.ok;
      return;
    }
    if (typeof err.code === "string" && err.code.startsWith("commander.")) {
      process.exitCode = EXIT.usage;
      return;
    }
    const sub = cmd.commands.find((c) => c.name() === argv[0]);
    if (e instanceof UsageError)
      process.stderr.write(usageLines(`rosetta${sub === undefined ? "" : ` ${sub.name()}`}`, e.message));
    else process.stderr.write(`rosetta: ${err.message ?? String(e)}\n`);
    process.exitCode = EXIT.usage;
  } finally {
    release?.();
    if (!converting) {
      // a write still queued may fail after the command returned: wait for its outcome
      await new Promise<void>((resolve) => {
        try {
          stdout.write("", () => resolve());
        } catch {
          resolve();
        }
      });
    }
    stdout.off("error", onStdoutError);
  }
};
