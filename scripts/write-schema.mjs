#!/usr/bin/env node
// Writes the canonical JSON Schema into dist/ (published as commerce-rosetta/canonical.schema.json).
import { writeFileSync } from "node:fs";
import { canonicalJsonSchema } from "../dist/index.js";

writeFileSync(new URL("../dist/canonical.schema.json", import.meta.url), `${JSON.stringify(canonicalJsonSchema(), null, 2)}\n`);
