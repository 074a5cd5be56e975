import type { EventBus } from "../event-bus.js";
import type { Log } from "../log.js";
import type { Store } from "../ports/store.js";
import { SerialQueue } from "../serial-queue.js";

/**
 * Clustered: stores each connection change of the PLCs this instance talks to (one row per PLC),
 * so the other instances show them (their peer follower reads the rows). A MES alone on its
 * database keeps them in memory only, as before.
 */
export class PlcLinkRecorder {
  private readonly writes: SerialQueue;
  private off: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly instanceId: string,
    log: Log,
  ) {
    this.writes = new SerialQueue((error) => log.error("cluster: could not store a PLC connection change", error));
  }

  start(): void {
    this.off = this.bus.on("plc.connection", ({ plcId, state, at, error, fromPeer }) => {
      if (fromPeer) return;
      this.writes.push(() => this.store.unitOfWork((repos) => repos.plcLinks.save({ plcId, state, since: at, lastError: error ?? null, instanceId: this.instanceId })));
    });
  }

  async stop(): Promise<void> {
    this.off?.();
    await this.writes.drain();
  }
}
