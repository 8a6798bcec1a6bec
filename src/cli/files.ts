/**
 * The CLI's side files: `--identity FILE` (CSV or NDJSON rows of `userId`, `anonymousId`, email,
 * phone and vendor ids, looked up by userId, anonymousId, email or phone) and `--names FILE` (JSON: canonical type → event name).
 *
 * @since 0.1.0
 */
import { readFileSync, statSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { EVENT_TYPES, type EventType } from "../canonical/event-types.js";
import { isObject } from "../core/json.js";
import type { IdentityResolver } from "../translate.js";

const REASONS: Record<string, string> = {
  EISDIR: "is a directory",
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  ENOTDIR: "a part of the path is not a directory",
};

/**
 * An I/O error that names its path: `cannot read PATH: is a directory`.
 *
 * @internal
 */
export const readError = (path: string, e: unknown): Error => {
  const code = (e as { code?: string }).code;
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? (e as Error).message ?? String(e);
  return new Error(`cannot read ${path}: ${reason}`);
};

/**
 * Throws {@link readError} unless `path` is something to read (not a directory, present, allowed):
 * checked before a stream opens it, since reading a directory fails later with no path.
 *
 * @internal
 */
export const assertReadable = (path: string): void => {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    throw readError(path, e);
  }
  if (isDirectory) throw readError(path, { code: "EISDIR" });
};

/** The text of a side file; an error names the file. */
const readText = (path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw readError(path, e);
  }
};

const KEYS = ["userId", "anonymousId", "email", "phone", "redoCustomerId", "omnisendContactId"] as const;
type IdentityRow = Partial<Record<(typeof KEYS)[number], string>>;

/**
 * Reads an identity file: NDJSON (one object per line) or CSV with a header naming some of
 * `userId, anonymousId, email, phone, redoCustomerId, omnisendContactId`. Each row must carry a
 * `userId`, `anonymousId`, `email` or `phone`, the keys it is looked up by (in that order). A row
 * found by email or phone also supplies its userId and anonymousId (an Omnisend or Redo history has
 * neither). Throws with the file and line on bad rows.
 *
 * @internal
 */
export const loadIdentityFile = (path: string): IdentityResolver => {
  const text = readText(path);
  const rows: Array<{ row: IdentityRow; line: number }> = [];
  const firstLine = text.split("\n").find((l) => l.trim() !== "") ?? "";
  if (firstLine.trim().startsWith("{")) {
    text.split("\n").forEach((l, i) => {
      if (l.trim() === "") return;
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch (e) {
        throw new Error(`${path}:${i + 1}: not JSON: ${(e as Error).message}`);
      }
      if (!isObject(v)) throw new Error(`${path}:${i + 1}: expected an object`);
      rows.push({ row: pick(v, `${path}:${i + 1}`), line: i + 1 });
    });
  } else {
    const records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, info: true }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    for (const { record, info } of records) rows.push({ row: pick(record, `${path}:${info.lines}`), line: info.lines });
  }
  const byUser = new Map<string, IdentityRow>();
  const byAnon = new Map<string, IdentityRow>();
  const byEmail = new Map<string, IdentityRow>();
  const byPhone = new Map<string, IdentityRow>();
  for (const { row, line } of rows) {
    if (row.userId === undefined && row.anonymousId === undefined && row.email === undefined && row.phone === undefined)
      throw new Error(`${path}:${line}: a row needs a userId, an anonymousId, an email or a phone`);
    if (row.userId !== undefined) byUser.set(row.userId, row);
    if (row.anonymousId !== undefined) byAnon.set(row.anonymousId, row);
    // emails are matched regardless of case
    if (row.email !== undefined) byEmail.set(row.email.toLowerCase(), row);
    if (row.phone !== undefined) byPhone.set(row.phone, row);
  }
  return (event) => {
    const id = event.identity;
    const row =
      (typeof id?.userId === "string" ? byUser.get(id.userId) : undefined) ??
      (typeof id?.anonymousId === "string" ? byAnon.get(id.anonymousId) : undefined);
    if (row !== undefined) {
      const { userId: _u, anonymousId: _a, ...rest } = row;
      return rest;
    }
    return (
      (typeof id?.email === "string" ? byEmail.get(id.email.toLowerCase()) : undefined) ??
      (typeof id?.phone === "string" ? byPhone.get(id.phone) : undefined)
    );
  };
};

const pick = (o: Record<string, unknown>, where: string): IdentityRow => {
  const row: IdentityRow = {};
  for (const key of Object.keys(o)) {
    if (!(KEYS as ReadonlyArray<string>).includes(key))
      throw new Error(`${where}: unknown column ${JSON.stringify(key)}; expected ${KEYS.join(", ")}`);
    const v = o[key];
    if (v === "" || v === null || v === undefined) continue;
    if (typeof v !== "string") throw new Error(`${where}: ${key} must be a string`);
    row[key as (typeof KEYS)[number]] = v;
  }
  return row;
};

/**
 * Reads a names file: a JSON object from canonical type to the event name to write.
 *
 * @internal
 */
export const loadNamesFile = (path: string): Partial<Record<EventType, string>> => {
  let v: unknown;
  try {
    v = JSON.parse(readText(path));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  if (!isObject(v)) throw new Error(`${path}: expected a JSON object of canonical type → event name`);
  const out: Partial<Record<EventType, string>> = {};
  for (const [type, name] of Object.entries(v)) {
    if (!(EVENT_TYPES as ReadonlyArray<string>).includes(type) || type === "custom")
      throw new Error(`${path}: ${JSON.stringify(type)} is not a canonical event type`);
    if (typeof name !== "string" || name === "") throw new Error(`${path}: the name for ${type} must be a non-empty string`);
    out[type as EventType] = name;
  }
  return out;
};
