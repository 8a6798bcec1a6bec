/**
 * The resume journal (`--state FILE`): an append-only text file saying which input records are
 * done — accepted by the vendor (`a`) or dead-lettered (`d`) — by their ordinal in the input, as
 * ranges (`a 0-99,105`). A line is written and `fdatasync`ed before the records it names are
 * reported done, so after a crash, `kill -9` or power loss a re-run with the same input and the
 * same journal sends only what was never acknowledged. A torn last line (no newline) is ignored.
 *
 * @since 0.1.0
 */
import { closeSync, existsSync, fdatasync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";

/**
 * What a record's ordinal is in a journal.
 *
 * @category delivery
 * @since 0.1.0
 */
export type JournalState = "accepted" | "dead-lettered" | undefined;

/**
 * An open resume journal.
 *
 * @category delivery
 * @since 0.1.0
 */
export interface Journal {
  /** What the journal says about the record at `seq`. */
  readonly stateOf: (seq: number) => JournalState;
  /** Journals records as done; resolves once the line is on disk. */
  readonly record: (kind: "accepted" | "dead-lettered", seqs: ReadonlyArray<number>) => Promise<void>;
  /** Counts of records the journal already held when it was opened. */
  readonly loaded: { readonly accepted: number; readonly deadLettered: number };
  readonly close: () => Promise<void>;
}

/** Ranges of a sorted list of ordinals: `0-99,105`. */
export const rangesOf = (seqs: ReadonlyArray<number>): string => {
  const sorted = [...seqs].sort((a, b) => a - b);
  const parts: Array<string> = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) <= (sorted[j] as number) + 1) j++;
    parts.push(sorted[i] === sorted[j] ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
};

/**
 * Opens (or creates) a journal. `header` identifies the run (the destination); a journal written
 * for another destination is refused.
 *
 * @example
 * import { openJournal } from "commerce-rosetta/delivery"
 * const j = openJournal("/tmp/state.journal", "redo")
 * await j.record("accepted", [0, 1, 2])
 *
 * @category delivery
 * @since 0.1.0
 */
export const openJournal = (path: string, destination: string): Journal => {
  let states = new Uint8Array(1024);
  let accepted = 0;
  let deadLettered = 0;
  const set = (seq: number, v: number): void => {
    if (seq >= states.length) {
      const grown = new Uint8Array(Math.max(seq + 1, states.length * 2));
      grown.set(states);
      states = grown;
    }
    states[seq] = v;
  };
  let validBytes = 0;
  let fresh = true;
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    const end = text.lastIndexOf("\n") + 1;
    const lines = text.slice(0, end).split("\n");
    validBytes = Buffer.byteLength(text.slice(0, end));
    if (lines[0] !== undefined && lines[0] !== "") {
      fresh = false;
      let head: { rosettaJournal?: number; to?: string };
      try {
        head = JSON.parse(lines[0]) as typeof head;
      } catch {
        throw new Error(`--state ${path}: not a rosetta journal`);
      }
      if (head.rosettaJournal !== 1) throw new Error(`--state ${path}: not a rosetta journal`);
      if (head.to !== destination) throw new Error(`--state ${path}: journal of a run to ${head.to}, not ${destination}`);
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i] as string;
        if (line === "") continue;
        const v = line[0] === "a" ? 1 : line[0] === "d" ? 2 : 0;
        if (v === 0) throw new Error(`--state ${path}:${i + 1}: unreadable line`);
        for (const part of line.slice(2).split(",")) {
          const [a, b] = part.split("-").map(Number) as [number, number | undefined];
          for (let s = a; s <= (b ?? a); s++) {
            if (states[s] === undefined || states[s] === 0) {
              if (v === 1) accepted++;
              else deadLettered++;
            }
            set(s, v);
          }
        }
      }
    }
  }
  const fd = openSync(path, existsSync(path) ? "r+" : "w+");
  ftruncateSync(fd, validBytes); // drop a torn last line
  let position = validBytes;
  const append = (text: string): void => {
    position += writeSync(fd, text, position);
  };
  if (fresh) append(`${JSON.stringify({ rosettaJournal: 1, to: destination })}\n`);

  let pending = "";
  let waiting: Array<() => void> = [];
  let failed: Array<(e: unknown) => void> = [];
  let flushing = false;
  const flush = (): void => {
    if (flushing || pending === "") return;
    flushing = true;
    const text = pending;
    const done = waiting;
    const fail = failed;
    pending = "";
    waiting = [];
    failed = [];
    try {
      append(text);
    } catch (e) {
      flushing = false;
      for (const f of fail) f(e);
      return;
    }
    fdatasync(fd, (err) => {
      flushing = false;
      if (err !== null) for (const f of fail) f(err);
      else for (const d of done) d();
      flush();
    });
  };
  return {
    stateOf: (seq) => {
      const v = seq < states.length ? states[seq] : 0;
      return v === 1 ? "accepted" : v === 2 ? "dead-lettered" : undefined;
    },
    record: (kind, seqs) =>
      new Promise<void>((resolve, reject) => {
        if (seqs.length === 0) {
          resolve();
          return;
        }
        for (const s of seqs) set(s, kind === "accepted" ? 1 : 2);
        pending += `${kind === "accepted" ? "a" : "d"} ${rangesOf(seqs)}\n`;
        waiting.push(resolve);
        failed.push(reject);
        flush();
      }),
    loaded: { accepted, deadLettered },
    close: async () => {
      while (flushing || pending !== "") await new Promise((r) => setTimeout(r, 1));
      closeSync(fd);
    },
  };
};
