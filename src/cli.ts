#!/usr/bin/env node
/**
 * The `rosetta` executable.
 *
 * @since 0.1.0
 */
import { main } from "./cli/main.js";

void main(process.argv.slice(2));
