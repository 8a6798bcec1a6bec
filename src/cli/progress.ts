/**
 * The progress bar of long runs, on a terminal only: records/s, counts, and an ETA when the input
 * size is known.
 *
 * @since 0.1.0
 */
import cliProgress from "cli-progress";
import type { RunStats } from "../pipeline/process.js";

/** @internal */
export interface Progress {
  readonly update: (stats: RunStats, bytes: number) => void;
  readonly stop: () => void;
}

/**
 * A progress bar on `stream` (a TTY). With a known input size it shows percent and ETA by bytes.
 *
 * @internal
 */
export const progressBar = (stream: NodeJS.WritableStream, totalBytes: number | undefined): Progress => {
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format:
        totalBytes === undefined
          ? "{read} records | {rate}/s | converted {converted} | rejected {rejected}"
          : "[{bar}] {percentage}% | ETA {eta_formatted} | {read} records | {rate}/s | converted {converted} | rejected {rejected}",
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes ?? 1, 0, { read: 0, converted: 0, rejected: 0, rate: 0 });
  return {
    update: (stats, bytes) => {
      const secs = (Date.now() - started) / 1000;
      bar.update(totalBytes === undefined ? 0 : Math.min(bytes, totalBytes), {
        read: stats.read,
        converted: stats.converted,
        rejected: stats.rejected,
        rate: secs > 0 ? Math.round(stats.read / secs) : 0,
      });
    },
    stop: () => bar.stop(),
  };
};
