/**
 * Usage errors of the `rosetta` CLI: one line saying what is wrong (with the nearest valid value),
 * then `see 'rosetta CMD --help'`, exit status 2 — never the whole help, which would push the error
 * off screen. Commander's own errors (unknown option, missing mandatory option, invalid argument,
 * unknown command) are rewritten to that form through its `outputError` hook; the CLI's own checks
 * throw {@link UsageError}. Also the option parsers shared by the commands: format ids (any case),
 * IANA zones, whole numbers.
 *
 * @since 0.3.0
 */
import { type Command, InvalidArgumentError } from "commander";
import { resolveTimeZone } from "../canonical/zone.js";
import type { Codec } from "../core/codec.js";
import { codecOf, FORMAT_IDS } from "../formats/index.js";

/**
 * A usage error found by the CLI's own checks (after commander parsed the arguments).
 *
 * @internal
 */
export class UsageError extends Error {}

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
const distance = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++)
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[y.length] as number;
};

/**
 * The candidate nearest to `value` when it is near enough to be a likely typo (or one contains the
 * other), else `undefined`.
 *
 * @example
 * closest("omnisnd", ["segment", "omnisend"]) // "omnisend"
 * @internal
 */
export const closest = (value: string, candidates: ReadonlyArray<string>): string | undefined => {
  const v = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(v, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  if (bestDistance <= Math.max(2, Math.floor(v.length / 3))) return best;
  // a shared start or one inside the other: "omnisnd" → "omnisend-api", "attr" → "attribuly"
  return candidates.find(
    (c) =>
      v.length >= 3 && (c.toLowerCase().startsWith(v.slice(0, 4)) || c.toLowerCase().includes(v) || v.includes(c.toLowerCase())),
  );
};

/** `; did you mean X?` or `;` — followed by the list of valid values. */
const hint = (value: string, candidates: ReadonlyArray<string>): string => {
  const near = closest(value, candidates);
  return near === undefined ? ";" : `; did you mean ${near}?`;
};

/**
 * A format id in any case → its codec; throws commander's invalid-argument error otherwise.
 *
 * @internal
 */
export const formatArg = (value: string): Codec => {
  const codec = codecOf(value.toLowerCase());
  if (codec === undefined)
    throw new InvalidArgumentError(`unknown format "${value}"${hint(value, FORMAT_IDS)} known: ${FORMAT_IDS.join(", ")}`);
  return codec;
};

/**
 * `auto` or a format id, in any case.
 *
 * @internal
 */
export const formatOrAutoArg = (value: string): Codec | "auto" => (value.toLowerCase() === "auto" ? "auto" : formatArg(value));

/**
 * A format id in any case → the canonical lower-case id (for options kept as ids).
 *
 * @internal
 */
export const formatIdArg = (value: string): string => formatArg(value).id;

/**
 * `auto` or a format id, as a lower-case id.
 *
 * @internal
 */
export const formatIdOrAutoArg = (value: string): string => (value.toLowerCase() === "auto" ? "auto" : formatIdArg(value));

/**
 * Accepts only the given values (in any case), returning the canonical spelling.
 *
 * @internal
 */
export const oneOfArg =
  (choices: ReadonlyArray<string>) =>
  (value: string): string => {
    const found = choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (found === undefined)
      throw new InvalidArgumentError(`unknown value "${value}"${hint(value, choices)} expected one of: ${choices.join(", ")}`);
    return found;
  };

/**
 * An IANA time zone (as `Intl` knows it); an unknown one names the nearest known zone.
 *
 * @internal
 */
export const zoneArg = (value: string): string => {
  if (resolveTimeZone(value) !== undefined) return value;
  const zones = [...Intl.supportedValuesOf("timeZone"), "UTC"];
  const near = closest(value, zones);
  throw new InvalidArgumentError(
    `unknown IANA time zone "${value}"${near === undefined ? "" : `; did you mean ${near}?`}${near === undefined ? "; e.g. UTC, Europe/Berlin, America/New_York" : ""}`,
  );
};

/**
 * A whole number ≥ `min`.
 *
 * @internal
 */
export const wholeNumberArg =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`"${value}" is not a whole number ≥ ${min}; e.g. ${Math.max(min, 100)}`);
    return n;
  };

/** The long flag of commander's flags text (`-f, --from <format>` → `--from`). */
const longFlag = (flags: string): string => /--[\w-]+/.exec(flags)?.[0] ?? flags.split(/[ ,]/)[0] ?? flags;

/**
 * Commander's error message rewritten to one line (without the "error: " prefix).
 *
 * @internal
 */
export const oneLine = (message: string): string => {
  const text = message.replace(/^error: /, "").trim();
  const invalid = /^option '([^']*)' argument '([\s\S]*)' is invalid\. ([\s\S]*)$/.exec(text);
  if (invalid !== null) {
    const [, flags = "", value = "", reason = ""] = invalid;
    const flag = longFlag(flags);
    const choices = /^Allowed choices are (.*)\.$/.exec(reason);
    if (choices !== null) {
      const list = (choices[1] ?? "").split(", ");
      return `unknown value "${value}" for ${flag}${hint(value, list)} expected one of: ${list.join(", ")}`;
    }
    // "unknown format "x"; did you mean …" → "unknown format "x" for --from; did you mean …"
    const cut = reason.indexOf(";");
    return cut < 0 ? `${reason} for ${flag}` : `${reason.slice(0, cut)} for ${flag}${reason.slice(cut)}`;
  }
  const argument = /^command-argument value '([\s\S]*)' is invalid for argument '([^']*)'\. ([\s\S]*)$/.exec(text);
  if (argument !== null) return argument[3] ?? text;
  const required = /^required option '([^']*)' not specified$/.exec(text);
  if (required !== null) {
    const flags = required[1] ?? "";
    // --from and validate's --format also take auto; --to does not
    const auto = /--(from|format)\b/.test(flags) ? "auto, " : "";
    const known = flags.endsWith("<format>") ? `; one of: ${auto}${FORMAT_IDS.join(", ")}` : "";
    return `missing required option ${longFlag(flags)}${flags.includes("<") ? ` ${flags.slice(flags.indexOf("<"))}` : ""}${known}`;
  }
  // "(Did you mean --from?)" on its own line → the same line
  return text.replace(/\s*\n\(Did you mean (.*)\?\)$/, "; did you mean $1?").replace(/\s*\n\s*/g, " ");
};

/** The command's path from the root: `rosetta convert`. */
const pathOf = (c: Command): string => {
  const names: Array<string> = [];
  for (let x: Command | null = c; x !== null; x = x.parent) names.unshift(x.name());
  return names.join(" ");
};

/**
 * The two lines of a usage error: what is wrong, and where the help is.
 *
 * @internal
 */
export const usageLines = (command: string, message: string): string => `${command}: ${message}\nsee '${command} --help'\n`;

/**
 * Makes every command of the program (and its subcommands) report a usage error in two lines on
 * `writeErr` and throw instead of exiting (the caller sets status 2).
 *
 * @internal
 */
export const oneLineUsageErrors = (root: Command, writeOut: (s: string) => void, writeErr: (s: string) => void): void => {
  const walk = (c: Command): void => {
    c.showHelpAfterError(false);
    c.exitOverride();
    c.configureOutput({
      writeOut,
      writeErr,
      outputError: (str) => writeErr(usageLines(pathOf(c), oneLine(str))),
    });
    for (const sub of c.commands) walk(sub);
  };
  walk(root);
};
