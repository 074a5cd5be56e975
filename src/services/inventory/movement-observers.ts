import type { MaterialMovementRecord } from "../ports/inventory.js";
import type { Repositories } from "../ports/store.js";

/** Told of ledger rows inside the unit of work that writes them, so what it writes (a callback) commits with them. */
export type MovementObserver = (repos: Repositories, movements: readonly MaterialMovementRecord[]) => Promise<void>;

/** The observers of material movements, shared by every service that writes the ledger. */
export class MovementObservers {
  private readonly observers: MovementObserver[] = [];

  observe(observer: MovementObserver): void {
    this.observers.push(observer);
  }

  async notify(repos: Repositories, movements: readonly MaterialMovementRecord[]): Promise<void> {
    if (movements.length === 0) return;
    for (const observer of this.observers) await observer(repos, movements);
  }
}
