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

const encoder = new TextEncoder();

parentPort?.on("message", (message: { seq: number; units: ReadonlyArray<Unit>; file?: string }) => {
  try {
    const result = step(message.units, message.file);
    // the output goes back as bytes in a buffer of its own: transferred, not copied, and already encoded
    const outBytes = encoder.encode(result.out);
    parentPort?.postMessage({ seq: message.seq, result: { ...result, out: "" }, outBytes }, [outBytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ seq: message.seq, error: String((e as Error)?.stack ?? e) });
  }
});

parentPort?.postMessage({ ready: true });
