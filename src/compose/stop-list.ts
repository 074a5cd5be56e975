import type { Log } from "../services/log.js";

/**
 * What a part of the MES has started, stopped in reverse order: a part is stopped before the ones
 * it depends on, so nothing is written after the database is closed. A stop that fails is logged
 * and the others still run.
 */
export class StopList {
  private readonly stops: (() => Promise<void> | void)[] = [];

  constructor(private readonly log: Log) {}

  push(stop: () => Promise<void> | void): void {
    this.stops.push(stop);
  }

  async stopAll(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        this.log.error("while stopping", error);
      }
    }
  }
}
