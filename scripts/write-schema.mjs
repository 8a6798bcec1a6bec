#!/usr/bin/env node
// Writes each format's JSON Schema into dist/ (published as commerce-rosetta/schemas/<format>.schema.json,
// and the canonical one also as commerce-rosetta/canonical.schema.json).
import { mkdirSync, writeFileSync } from "node:fs";
import { FORMAT_IDS, jsonSchemaOf } from "../dist/index.js";

// compact: the track-call schema's per-event conditions take 109 kB pretty-printed (`rosetta schema F` pretty-prints)
const json = (value) => `${JSON.stringify(value)}\n`;
mkdirSync(new URL("../dist/schemas", import.meta.url), { recursive: true });
for (const format of FORMAT_IDS) {
  const schema = jsonSchemaOf(format);
  if (schema !== undefined) writeFileSync(new URL(`../dist/schemas/${format}.schema.json`, import.meta.url), json(schema));
}
writeFileSync(
  new URL("../dist/canonical.schema.json", import.meta.url),
  `${JSON.stringify(jsonSchemaOf("canonical"), null, 2)}\n`,
);
