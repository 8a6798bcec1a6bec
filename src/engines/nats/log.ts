/**
 * One JSON line per event of note (a reject, a nak, a reconnection, the drain): what a log
 * collector can parse without a grammar, and what an operator can `grep` and `jq`.
 *
 * @since 0.2.0
 */

/**
 * Writes one log event; `event` names what happened, the other fields say about what.
 *
 * @example
 * import type { EngineLog } from "commerce-rosetta/nats"
 * const log: EngineLog = (event, fields) => console.error(event, fields)
 *
 * @category engines
 * @since 0.2.0
 */
export type EngineLog = (event: string, fields?: Record<string, unknown>) => void;

/**
 * A logger writing `{"time":…,"level":…,"event":…,…fields}` lines to a stream (stderr by default).
 *
 * @example
 * import { jsonLineLog } from "commerce-rosetta/nats"
 * const log = jsonLineLog(process.stderr)
 * log("started", { consumer: "translate" })
 *
 * @category engines
 * @since 0.2.0
 */
export const jsonLineLog =
  (out: { write(chunk: string): unknown } = process.stderr, base: Record<string, unknown> = {}): EngineLog =>
  (event, fields = {}) => {
    const level = WARNINGS.has(event) ? "warn" : ERRORS.has(event) ? "error" : "info";
    out.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...base, ...fields })}\n`);
  };

const WARNINGS = new Set(["nak", "term", "reject", "gave_up", "disconnect", "heartbeats_missed", "redelivered"]);
const ERRORS = new Set(["error", "fatal"]);

/**
 * A logger that writes nothing.
 *
 * @example
 * import { silentLog } from "commerce-rosetta/nats"
 * silentLog("anything")
 *
 * @category engines
 * @since 0.2.0
 */
export const silentLog: EngineLog = () => {};
