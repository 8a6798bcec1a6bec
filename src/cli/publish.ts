/**
 * `rosetta publish`: loads NDJSON files into a JetStream stream (a thin layer over
 * `publishNdjson`), one message per record with the `Nats-Msg-Id` `<file>:<line>`, so loading the
 * same file twice adds nothing.
 *
 * @since 0.2.0
 */
import type { Readable } from "node:stream";
import { Command, InvalidArgumentError } from "commander";
import type { FormatId } from "../core/codec.js";
import { assertReadable } from "./files.js";
import { formatIdOrAutoArg } from "./usage.js";

const wholeNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1");
  return n;
};

const formatOrAuto = (value: string): FormatId | "auto" => formatIdOrAutoArg(value) as FormatId | "auto";

/**
 * Builds the `publish` command.
 *
 * @internal
 */
export const publishCommand = (parent: Command, io: { stdin: NodeJS.ReadableStream; stderr: NodeJS.WritableStream }): Command =>
  new Command("publish")
    .copyInheritedSettings(parent)
    .description("load NDJSON into a JetStream stream, each record once (Nats-Msg-Id <file>:<line>)")
    .option("--nats <url>", "NATS server(s), comma-separated", process.env.NATS_URL ?? "nats://127.0.0.1:4222")
    .requiredOption("--subject <subject>", "the subject (with --partitions, the prefix of <subject>.<partition>)")
    .option("--stream <name>", "create this stream over the subject when absent")
    .option("--duplicate-window <seconds>", "the created stream's duplicate window", wholeNumber, 600)
    .option("--partitions <n>", "spread records over n partitions by their person's id", wholeNumber)
    .option(
      "-f, --from <format>",
      "the records' format (any case), to find each one's person (default: auto)",
      formatOrAuto,
      "auto",
    )
    .option("--name <name>", "the id prefix of records read from stdin", "stdin")
    .option("-q, --quiet", "no summary on stderr")
    .argument("[files...]", "NDJSON files (default: stdin)")
    .addHelpText(
      "after",
      `
Examples:
  rosetta publish --stream EVENTS --subject events export.ndjson           # again: stores nothing new
  rosetta publish --stream EVENTS --subject events --partitions 4 --from segment export.ndjson`,
    )
    .action(async (files: Array<string>, opts: Record<string, unknown>) => {
      for (const f of files) if (f !== "-") assertReadable(f);
      // the NATS client loads only here, so the other commands start as fast as before
      const { publishNdjson } = await import("../engines/nats/publish.js");
      const summary = await publishNdjson({
        servers: opts.nats as string,
        subject: opts.subject as string,
        stream: opts.stream as string | undefined,
        duplicateWindowMs: (opts.duplicateWindow as number) * 1000,
        partitions: opts.partitions as number | undefined,
        from: opts.from as FormatId | "auto",
        files,
        input: io.stdin as unknown as Readable,
        inputName: opts.name as string,
      });
      if (opts.quiet !== true)
        io.stderr.write(
          `rosetta: published ${summary.read} records to ${opts.subject as string}: ${summary.stored} stored, ${summary.duplicates} already there\n`,
        );
      process.exitCode = 0;
    });
