/**
 * The CLI's side files: `--identity FILE` (CSV or NDJSON mapping `userId`/`anonymousId` to email,
 * phone and vendor ids) and `--names FILE` (JSON: canonical type → event name).
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { EVENT_TYPES, type EventType } from "../canonical/event-types.js";
import { isObject } from "../core/json.js";
import type { IdentityResolver } from "../translate.js";

const KEYS = ["userId", "anonymousId", "email", "phone", "redoCustomerId", "omnisendContactId"] as const;
type IdentityRow = Partial<Record<(typeof KEYS)[number], string>>;

/**
 * Reads an identity file: NDJSON (one object per line) or CSV with a header naming some of
 * `userId, anonymousId, email, phone, redoCustomerId, omnisendContactId`. Each row must carry a
 * `userId` or an `anonymousId`, the key it is looked up by. Throws with the file and line on bad rows.
 *
 * @internal
 */
export const loadIdentityFile = (path: string): IdentityResolver => {
  const text = readFileSync(path, "utf8");
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
  for (const { row, line } of rows) {
    if (row.userId === undefined && row.anonymousId === undefined)
      throw new Error(`${path}:${line}: a row needs a userId or an anonymousId`);
    if (row.userId !== undefined) byUser.set(row.userId, row);
    if (row.anonymousId !== undefined) byAnon.set(row.anonymousId, row);
  }
  return (event) => {
    const id = event.identity;
    const row =
      (typeof id?.userId === "string" ? byUser.get(id.userId) : undefined) ??
      (typeof id?.anonymousId === "string" ? byAnon.get(id.anonymousId) : undefined);
    if (row === undefined) return undefined;
    const { userId: _u, anonymousId: _a, ...rest } = row;
    return rest;
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
    v = JSON.parse(readFileSync(path, "utf8"));
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
