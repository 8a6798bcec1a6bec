/**
 * A `rosetta convert --jobs N` worker thread: runs the chunk step on the batches the main thread
 * sends and answers each with its result, tagged with the batch's sequence number.
 *
 * @since 0.1.0
 */
import { parentPort, workerData } from "node:worker_threads";
import { createProcessor, type PipelineConfig, type Unit } from "../pipeline/process.js";
import { sourceResolver } from "../pipeline/source.js";
import { loadIdentityFile } from "./files.js";

const data = workerData as { config: PipelineConfig; identityFile?: string };
const identity = data.identityFile === undefined ? undefined : loadIdentityFile(data.identityFile);
const step = createProcessor(data.config, identity, sourceResolver(data.config.from));

parentPort?.on("message", (message: { seq: number; units: ReadonlyArray<Unit>; file?: string }) => {
  try {
    parentPort?.postMessage({ seq: message.seq, result: step(message.units, message.file) });
  } catch (e) {
    parentPort?.postMessage({ seq: message.seq, error: String((e as Error)?.stack ?? e) });
  }
});
