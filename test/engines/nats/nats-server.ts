/**
 * A NATS server of the test's own: `nats-server -js` (the machine's `/usr/sbin/nats-server`, or
 * `NATS_SERVER_BIN`) on a free loopback port with a temporary store, so a test can stop and restart
 * it without touching the shared server. Without a binary, tests use `NATS_URL` (default
 * nats://127.0.0.1:4222) and skip only what needs a restart; with neither, they are skipped with the
 * reason printed — except under CI=true, where that is a failure.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface NatsTestServer {
  readonly url: string;
  /** False when the tests use a shared server (NATS_URL) that they must not restart. */
  readonly restartable: boolean;
  restart(): Promise<void>;
  /** Stops the server (SIGTERM, or SIGKILL with `hard`) without starting it again. */
  stop(hard?: boolean): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const binary = (): string | undefined => {
  const candidates = [process.env.NATS_SERVER_BIN, "/usr/sbin/nats-server", "/usr/local/bin/nats-server", "/usr/bin/nats-server"];
  return candidates.find((c): c is string => c !== undefined && c !== "" && existsSync(c));
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const reachable = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(1000, () => done(false));
  });

const sharedUrl = (): string => process.env.NATS_URL ?? "nats://127.0.0.1:4222";

/** How the tests will reach a server: their own binary, the shared URL, or not at all (why). */
export const natsAvailability = async (): Promise<
  { kind: "binary"; bin: string } | { kind: "url"; url: string } | { kind: "none"; reason: string }
> => {
  const bin = binary();
  if (bin !== undefined) return { kind: "binary", bin };
  const url = new URL(sharedUrl().replace(/^nats:/, "http:"));
  if (await reachable(url.hostname, Number(url.port || 4222))) return { kind: "url", url: sharedUrl() };
  return {
    kind: "none",
    reason: `no nats-server binary (NATS_SERVER_BIN, /usr/sbin/nats-server) and nothing listening at ${sharedUrl()}`,
  };
};

/** Decides whether this file's NATS tests run; under CI=true a missing server fails the run. */
export const natsTestsEnabled = async (): Promise<boolean> => {
  const a = await natsAvailability();
  if (a.kind !== "none") return true;
  if (process.env.CI === "true") throw new Error(`NATS tests cannot run under CI=true: ${a.reason}`);
  console.warn(`skipping NATS tests: ${a.reason}`);
  return false;
};

/** Starts a server of the test's own (or hands out the shared one). */
export const startNatsServer = async (): Promise<NatsTestServer> => {
  const a = await natsAvailability();
  if (a.kind === "none") throw new Error(a.reason);
  if (a.kind === "url")
    return {
      url: a.url,
      restartable: false,
      restart: async () => {
        throw new Error("the shared NATS server cannot be restarted by a test");
      },
      stop: async () => {
        throw new Error("the shared NATS server cannot be stopped by a test");
      },
      start: async () => {},
      close: async () => {},
    };
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), "rosetta-nats-"));
  let child: ChildProcess | undefined;
  let log = "";
  const start = async (): Promise<void> => {
    log = "";
    const c = spawn(a.bin, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", store, "-n", `rosetta-test-${port}`], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    child = c;
    c.stderr?.on("data", (d) => (log += d));
    for (let i = 0; i < 200; i++) {
      if (c.exitCode !== null) throw new Error(`nats-server exited ${c.exitCode}: ${log}`);
      if (/Server is ready/.test(log) && (await reachable("127.0.0.1", port))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nats-server did not start in 10 s: ${log}`);
  };
  const stop = async (hard = false): Promise<void> => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once("exit", resolve));
    c.kill(hard ? "SIGKILL" : "SIGTERM");
    await exited;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    restartable: true,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
    start,
    close: async () => {
      await stop();
      rmSync(store, { recursive: true, force: true });
    },
  };
};
