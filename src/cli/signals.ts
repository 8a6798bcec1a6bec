/**
 * SIGINT and SIGTERM from the process's first instruction: the bin installs these handlers before
 * it loads anything else (worker threads included), so a signal is never the default "die with no
 * report". Until a command claims them, a signal is remembered; `convert` claims them (stop reading,
 * write what was translated, the report, exit 130) and receives one that came before; any other
 * command ends with status 130 at once.
 *
 * @since 0.1.0
 */

type Handler = (signal: NodeJS.Signals) => void;

let pending: NodeJS.Signals | undefined;
let handler: Handler | undefined;
let installed = false;

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

const onSignal = (signal: NodeJS.Signals): void => {
  if (handler !== undefined) handler(signal);
  else pending ??= signal;
};

/**
 * Installs the process's SIGINT / SIGTERM handlers (once).
 *
 * @internal
 */
export const installSignals = (): void => {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, onSignal);
};

/**
 * Hands signals to `fn` (one that came before is handed over at once); returns the release.
 *
 * @internal
 */
export const claimSignals = (fn: Handler): (() => void) => {
  const local = !installed;
  if (local) for (const s of SIGNALS) process.on(s, fn);
  handler = fn;
  const early = pending;
  pending = undefined;
  if (early !== undefined) fn(early);
  return () => {
    if (local) for (const s of SIGNALS) process.off(s, fn);
    if (handler === fn) handler = undefined;
  };
};

/**
 * Whether the process handlers are installed (the bin), as opposed to the CLI run in-process.
 *
 * @internal
 */
export const signalsInstalled = (): boolean => installed;
