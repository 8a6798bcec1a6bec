/**
 * The `canonical` format: the canonical model's own JSON form. Decoding validates a record against
 * the published schema (unknown keys are errors, never silently stripped); encoding writes the event
 * as it is.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema";
import type * as SchemaAST from "effect/SchemaAST";
import { SchemaJITCompiler } from "effect/schema";
import { type CanonicalEvent, CanonicalEventSchema } from "../../canonical/model.js";
import type { Codec, WireRecord } from "../../core/codec.js";
import { isObject } from "../../core/json.js";
import { fail, type Issue, issue, lossList, type Result, succeed } from "../../core/result.js";

// Compile the canonical schema's validator once (4–5× faster than the interpreter on this model).
SchemaJITCompiler.enable(CanonicalEventSchema.ast);
/** Every issue, unknown keys included: the reference, and what a failed record is reported with. */
const decodeStrict = Schema.decodeUnknownExit(CanonicalEventSchema, { onExcessProperty: "error", errors: "all" });
/** The same checks except unknown keys (which it would strip): the fast path, with `hasUnknownKeys` beside it. */
const decodeIgnoringUnknownKeys = Schema.decodeUnknownExit(CanonicalEventSchema, { onExcessProperty: "ignore" });

/** Whether a value holds a key its schema does not declare, anywhere inside. */
type UnknownKeyCheck = (value: unknown) => boolean;

/**
 * Builds, from a schema's AST, a check for keys the schema does not declare. effect's own check
 * (`onExcessProperty: "error"`) builds a Set of the declared keys for every object it visits, which
 * was most of the time of decoding a canonical event; this one builds the Sets once. A decode that
 * passes both `decodeIgnoringUnknownKeys` and this check is exactly one `decodeStrict` accepts (a
 * property test holds the two paths equal); anything else goes through `decodeStrict` for its issues.
 */
const unknownKeyCheck = (ast: SchemaAST.AST): UnknownKeyCheck | undefined => {
  switch (ast._tag) {
    case "Objects": {
      const open = ast.indexSignatures.length > 0;
      if (open && !ast.indexSignatures.every((s) => s.parameter._tag === "String"))
        throw new Error("unknownKeyCheck: index signatures other than string keys are not supported");
      const declared = new Set(ast.propertySignatures.map((p) => String(p.name)));
      const innerKeys: Array<string> = [];
      const innerChecks: Array<UnknownKeyCheck> = [];
      for (const p of ast.propertySignatures) {
        const c = unknownKeyCheck(p.type);
        if (c === undefined) continue;
        innerKeys.push(String(p.name));
        innerChecks.push(c);
      }
      const values = ast.indexSignatures.map((s) => unknownKeyCheck(s.type)).filter((c) => c !== undefined);
      if (values.length > 1) throw new Error("unknownKeyCheck: several index signatures over objects are not supported");
      const each = values[0];
      return (value) => {
        if (!isObject(value)) return false;
        if (!open) {
          for (const key in value) if (!declared.has(key)) return true;
        } else if (each !== undefined) {
          for (const key in value) if (!declared.has(key) && Object.hasOwn(value, key) && each(value[key])) return true;
        }
        // effect counts own enumerable symbol keys as unknown too (JSON never has them)
        if (Object.getOwnPropertySymbols(value).length > 0) return true;
        for (let i = 0; i < innerKeys.length; i++) {
          const key = innerKeys[i] as string;
          const v = value[key];
          if (v !== undefined && v !== null && Object.hasOwn(value, key) && (innerChecks[i] as UnknownKeyCheck)(v)) return true;
        }
        return false;
      };
    }
    case "Arrays": {
      const items = [...ast.elements, ...ast.rest].map(unknownKeyCheck).filter((c) => c !== undefined);
      if (items.length === 0) return undefined;
      if (ast.elements.length > 0 || ast.rest.length !== 1)
        throw new Error("unknownKeyCheck: only homogeneous arrays are supported");
      const item = items[0] as UnknownKeyCheck;
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (item(value[i])) return true;
        return false;
      };
    }
    case "Union": {
      const members = ast.types.map(unknownKeyCheck).filter((c) => c !== undefined);
      if (members.length === 0) return undefined;
      if (members.length > 1) throw new Error("unknownKeyCheck: unions of several object shapes are not supported");
      return members[0];
    }
    case "Suspend":
    case "Declaration":
      throw new Error(`unknownKeyCheck: ${ast._tag} is not supported`);
    default:
      return undefined;
  }
};

const hasUnknownKeys: UnknownKeyCheck = unknownKeyCheck(CanonicalEventSchema.ast) ?? (() => false);

/** Converts an effect Schema failure into issues with JSONPaths. */
const toIssues = (base: string, error: unknown): Array<Issue> => {
  const out: Array<Issue> = [];
  const visit = (node: unknown, path: string): void => {
    if (node === null || typeof node !== "object") return;
    const n = node as {
      _tag?: string;
      path?: ReadonlyArray<PropertyKey>;
      issue?: unknown;
      issues?: ReadonlyArray<unknown>;
      actual?: unknown;
      ast?: unknown;
      toString?: () => string;
    };
    switch (n._tag) {
      case "Pointer": {
        let p = path;
        for (const k of n.path ?? [])
          p =
            typeof k === "number"
              ? `${p}[${k}]`
              : /^[A-Za-z_$][\w$]*$/.test(String(k))
                ? `${p}.${String(k)}`
                : `${p}[${JSON.stringify(String(k))}]`;
        visit(n.issue, p);
        return;
      }
      case "Composite":
      case "AnyOf":
        for (const i of n.issues ?? []) visit(i, path);
        return;
      case "Filter": {
        // a failed check (a timestamp's calendar date, a pattern): its own words, not the inner value's
        const a = (n as { filter?: { annotations?: { expected?: unknown; description?: unknown } } }).filter?.annotations;
        const expected =
          typeof a?.expected === "string" ? a.expected : typeof a?.description === "string" ? a.description : undefined;
        if (expected !== undefined) {
          out.push({ _tag: "Issue", path, expected, message: `${path}: expected ${expected}` });
          return;
        }
        if (n.issue !== undefined) visit(n.issue, path);
        return;
      }
      default: {
        if (n.issue !== undefined) {
          visit(n.issue, path);
          return;
        }
        const text = String(node);
        out.push({ _tag: "Issue", path, expected: text.replace(/^Expected /, ""), message: `${path}: ${text}` });
      }
    }
  };
  visit((error as { issue?: unknown }).issue ?? error, base);
  if (out.length > 0) return out;
  // a union with nothing inside to visit (`string | null`): effect's own words, "Expected X\n  at ["a"][0]"
  const text = String(error);
  for (const m of text.matchAll(/Expected ([^\n]+)\n\s+at ((?:\[[^\n\]]*\])+)/g)) {
    let p = base;
    for (const seg of (m[2] as string).matchAll(/\[("(?:[^"\\]|\\.)*"|\d+)\]/g)) {
      const raw = seg[1] as string;
      if (raw.startsWith('"')) {
        const k = JSON.parse(raw) as string;
        p = /^[A-Za-z_$][\w$]*$/.test(k) ? `${p}.${k}` : `${p}[${raw}]`;
      } else p = `${p}[${raw}]`;
    }
    out.push({ _tag: "Issue", path: p, expected: m[1] as string, message: `${p}: expected ${m[1]}` });
  }
  return out.length > 0 ? out : [issue(base, "a canonical event", undefined, `${base}: ${text}`)];
};

const decode = (record: WireRecord): Result<CanonicalEvent> => {
  const fast = decodeIgnoringUnknownKeys(record.value);
  if (fast._tag === "Success" && !hasUnknownKeys(record.value)) return succeed(fast.value);
  const exit = decodeStrict(record.value);
  if (exit._tag === "Success") return succeed(exit.value);
  const cause = exit.cause as unknown as {
    failures?: ReadonlyArray<{ error?: unknown }>;
    reasons?: ReadonlyArray<{ error?: unknown }>;
  };
  const failure = (cause.reasons ?? cause.failures ?? [])[0]?.error ?? cause;
  return fail(toIssues(record.path, failure));
};

/**
 * The `canonical` codec.
 *
 * @example
 * import { canonical } from "commerce-rosetta"
 * canonical.decode({ value: { type: "custom", name: "x" }, path: "$" }, {})
 *
 * @category codecs
 * @since 0.1.0
 */
export const canonical: Codec = {
  id: "canonical",
  description: "commerce-rosetta's canonical event JSON (schema: `rosetta schema canonical`)",
  explode: (document, path) => succeed([{ value: document, path }]),
  decode,
  // effect's Schema decode builds a new object (a test holds it)
  freshEvents: true,
  encode: (event) => succeed({ value: event, losses: lossList() }),
};
