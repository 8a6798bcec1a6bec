#!/usr/bin/env node
import { prestartWorkers } from "./cli/prestart.js";
/**
 * The `rosetta` executable. SIGINT / SIGTERM are handled from the first instruction; then
 * `convert`'s worker threads start, so that their loading overlaps the loading of the rest of the CLI.
 *
 * @since 0.1.0
 */
import { installSignals } from "./cli/signals.js";

installSignals();
prestartWorkers(process.argv.slice(2));
const { main } = await import("./cli/main.js");
await main(process.argv.slice(2));
// an interrupted run has written its report: output a reader never took must not keep it alive
if (process.exitCode === 130) process.exit(130);
