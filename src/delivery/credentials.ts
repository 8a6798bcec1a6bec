/**
 * Credentials of the destinations: read from the environment or a file (never from argv), and the
 * redaction every output of a run goes through (errors, reports, dry-run requests, dead letters).
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs";

/**
 * The credentials of one destination: Customer.io `writeKey`; Redo `apiSecret` + `storeId`;
 * Omnisend and Attribuly `apiKey`.
 *
 * @example
 * import type { Credentials } from "commerce-rosetta/delivery"
 * const redo: Credentials = { apiSecret: process.env.REDO_API_SECRET, storeId: process.env.REDO_STORE_ID }
 *
 * @category delivery
 * @since 0.1.0
 */
export interface Credentials {
  readonly writeKey?: string | undefined;
  readonly apiSecret?: string | undefined;
  readonly storeId?: string | undefined;
  readonly apiKey?: string | undefined;
}

/** The environment variable of each credential, per destination. */
export const CREDENTIAL_ENV = {
  customerio: { writeKey: "CUSTOMERIO_WRITE_KEY" },
  redo: { apiSecret: "REDO_API_SECRET", storeId: "REDO_STORE_ID" },
  "omnisend-api": { apiKey: "OMNISEND_API_KEY" },
  attribuly: { apiKey: "ATTRIBULY_API_KEY" },
} as const satisfies Record<string, Partial<Record<keyof Credentials, string>>>;

/**
 * Reads a destination's credentials from a file (a JSON object, or `NAME=value` lines, keyed by the
 * environment variable names) or else from the environment. Throws naming the missing variable —
 * never its value.
 *
 * @example
 * import { loadCredentials } from "commerce-rosetta/delivery"
 * loadCredentials("redo", undefined, { REDO_API_SECRET: "s", REDO_STORE_ID: "st" }) // { apiSecret: "s", storeId: "st" }
 *
 * @category delivery
 * @since 0.1.0
 */
export const loadCredentials = (
  to: keyof typeof CREDENTIAL_ENV,
  file: string | undefined,
  env: { readonly [name: string]: string | undefined } = process.env,
): Credentials => {
  let source: { readonly [name: string]: string | undefined } = env;
  if (file !== undefined) {
    const text = readFileSync(file, "utf8");
    if (text.trimStart().startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`--credentials ${file}: not a JSON object`);
      }
      source = parsed as Record<string, string>;
    } else {
      const vars: Record<string, string> = {};
      for (const line of text.split(/\r?\n/)) {
        const m = /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
        if (m !== null) vars[m[1] as string] = (m[2] as string).replace(/^(['"])(.*)\1$/, "$2");
      }
      source = vars;
    }
  }
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(CREDENTIAL_ENV[to])) {
    const v = source[name];
    if (typeof v !== "string" || v === "")
      throw new Error(`${to}: ${name} is not set (${file === undefined ? "in the environment" : `in ${file}`})`);
    out[key] = v;
  }
  return out;
};

/**
 * A function that replaces every secret of `credentials` (and the Basic-auth form of a write key)
 * in a string with `[REDACTED]`. `storeId` is not a secret (it is in every URL) and is kept.
 *
 * @example
 * import { redactor } from "commerce-rosetta/delivery"
 * redactor({ apiKey: "k-123456" })("key k-123456") // "key [REDACTED]"
 *
 * @category delivery
 * @since 0.1.0
 */
export const redactor = (credentials: Credentials): ((text: string) => string) => {
  const secrets = new Set<string>();
  for (const s of [credentials.writeKey, credentials.apiSecret, credentials.apiKey]) {
    if (typeof s !== "string" || s.length < 4) continue;
    secrets.add(s);
    secrets.add(Buffer.from(`${s}:`).toString("base64"));
    secrets.add(Buffer.from(s).toString("base64"));
    secrets.add(encodeURIComponent(s));
    secrets.add(JSON.stringify(s).slice(1, -1));
  }
  const list = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join("[REDACTED]");
    return out;
  };
};
