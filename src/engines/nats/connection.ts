/**
 * Connecting to NATS the way a long-running worker should: reconnect for ever after the server
 * restarts, notice a dead server by pings, and log each disconnection and reconnection.
 *
 * @since 0.2.0
 */
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { EngineLog } from "./log.js";

/**
 * Connects to NATS with endless reconnection (every 250 ms, jittered), a ping every 5 s (two
 * unanswered pings mark the connection stale), and status events logged as JSON lines.
 *
 * @example
 * import { connectNats } from "commerce-rosetta/nats"
 * const nc = await connectNats("nats://127.0.0.1:4222")
 * await nc.drain()
 *
 * @category engines
 * @since 0.2.0
 */
export const connectNats = async (
  servers: string | ReadonlyArray<string>,
  options: { name?: string; log?: EngineLog } = {},
): Promise<NatsConnection> => {
  const nc = await connect({
    servers: typeof servers === "string" ? servers.split(",") : [...servers],
    name: options.name ?? "commerce-rosetta",
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 5_000,
    maxPingOut: 2,
    // no stack trace captured per request: a publish awaiting JetStream's ack is a request, and
    // building two Error objects for each cost a fifth of a worker's time
    noAsyncTraces: true,
  });
  const log = options.log;
  if (log !== undefined) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === "disconnect" || s.type === "reconnect") log(s.type, { server: s.server });
        else if (s.type === "error") log("error", { message: String(s.error) });
      }
    })();
  }
  return nc;
};
