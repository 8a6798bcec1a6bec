/**
 * A `rosetta convert --jobs N` worker thread: loads the library, takes its configuration from an
 * `init` message, answers `{ ready: true }`, then runs the chunk step on the batches the main
 * thread sends and answers each with its result, tagged with the batch's sequence number.
 *
 * @since 0.1.0
 */
import { parentPort } from "node:worker_threads";
import { type ChunkResult, createProcessor, type PipelineConfig, type Unit } from "../pipeline/process.js";
import { sourceResolver } from "../pipeline/source.js";
import { loadIdentityFile } from "./files.js";

type Message =
  | { readonly init: { readonly config: PipelineConfig; readonly identityFile?: string | undefined } }
  | { readonly seq: number; readonly units: ReadonlyArray<Unit>; readonly file?: string };

let step: ((units: ReadonlyArray<Unit>, file?: string) => ChunkResult) | undefined;
const encoder = new TextEncoder();

parentPort?.on("message", (message: Message) => {
  if ("init" in message) {
    try {
      const { config, identityFile } = message.init;
      const identity = identityFile === undefined ? undefined : loadIdentityFile(identityFile);
      step = createProcessor(config, identity, sourceResolver(config.from));
      parentPort?.postMessage({ ready: true });
    } catch (e) {
      parentPort?.postMessage({ failed: String((e as Error)?.stack ?? e) });
    }
    return;
  }
  try {
    if (step === undefined) throw new Error("a batch came before the init message");
    const result = step(message.units, message.file);
    // the output goes back as bytes in a buffer of its own: transferred, not copied, and already encoded
    const outBytes = encoder.encode(result.out);
    parentPort?.postMessage({ seq: message.seq, result: { ...result, out: "" }, outBytes }, [outBytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ seq: message.seq, error: String((e as Error)?.stack ?? e) });
  }
});
