#!/usr/bin/env node
// Generates the README's event matrix from mappings/events.json (the one source of truth) and
// mappings/omnisend-api.json (the recommended events' versions).
//   node scripts/readme-matrix.mjs          prints the matrix
//   node scripts/readme-matrix.mjs --write  rewrites it in README.md between the markers
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const START = "<!-- event-matrix:start (generated from mappings/events.json by `npm run readme`) -->";
export const END = "<!-- event-matrix:end -->";

/** The matrix as Markdown. */
export const renderMatrix = (table, aliases, apiTable = { events: [] }) => {
  const api = new Map(apiTable.events.map((e) => [e.name, e.version]));
  const byType = new Map();
  for (const [alias, type] of Object.entries(aliases)) byType.set(type, [...(byType.get(type) ?? []), alias]);
  const attribuly = (v) =>
    v === null ? "—" : v === "touchpoint" ? "no section (touchpoint)" : v === "products" ? "`products` only" : `\`${v}\``;
  const rows = table.events.map((r) => {
    const al = byType.get(r.type);
    const cio = al ? `${r.customerio} (also: ${al.join(", ")})` : r.customerio;
    const omni = r.omnisend ?? `custom: ${r.customerio}`;
    const version = api.get(r.omnisend);
    const omniApi = r.omnisend === null ? `custom: ${r.customerio}` : `${r.omnisend} (\`${version === "" ? '""' : version}\`)`;
    return `| \`${r.type}\` | ${cio} | ${omniApi} | ${omni} | ${r.redo} | ${attribuly(r.attribuly)} |`;
  });
  return [
    "| canonical type | customerio / segment | omnisend-api (eventVersion) | omnisend | redo (default name) | attribuly section |",
    "|---|---|---|---|---|---|",
    ...rows,
    "| `custom` | the event name, verbatim | the event name, verbatim | the event name, verbatim | the event name, verbatim | — |",
  ].join("\n");
};

const load = (p) => JSON.parse(readFileSync(`${root}/${p}`, "utf8"));
export const currentMatrix = () =>
  renderMatrix(load("mappings/events.json"), load("mappings/segment-aliases.json").aliases, load("mappings/omnisend-api.json"));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const matrix = currentMatrix();
  if (!process.argv.includes("--write")) {
    process.stdout.write(`${matrix}\n`);
  } else {
    const readme = readFileSync(`${root}/README.md`, "utf8");
    const a = readme.indexOf(START);
    const b = readme.indexOf(END);
    if (a === -1 || b === -1) throw new Error("README.md has no event-matrix markers");
    writeFileSync(`${root}/README.md`, `${readme.slice(0, a + START.length)}\n${matrix}\n${readme.slice(b)}`);
  }
}
