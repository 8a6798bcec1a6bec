#!/usr/bin/env node
/**
 * The `rosetta` executable. `convert`'s worker threads start first, so that their loading overlaps
 * the loading of the rest of the CLI.
 *
 * @since 0.1.0
 */
import { prestartWorkers } from "./cli/prestart.js";

prestartWorkers(process.argv.slice(2));
const { main } = await import("./cli/main.js");
void main(process.argv.slice(2));
