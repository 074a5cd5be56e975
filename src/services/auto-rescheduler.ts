import type { AutoRescheduleSettings } from "../domain/scheduling/scheduling-settings.js";
import type { Actor } from "./actor.js";
import type { EventBus } from "./event-bus.js";
import type { Log } from "./log.js";
import type { ScheduleService } from "./schedule-service.js";

/** Job-order commands after which the schedule no longer holds: new released work, or work that ended early or late. */
const RESCHEDULING_COMMANDS = new Set(["StoreAndStart", "Start", "RevokeStart", "Complete", "Stop", "Abort", "Cancel"]);
const SCHEDULER: Actor = { id: "scheduler", role: null, door: "system" };

/**
 * Commits a new schedule (with the last committed rule) when something changes: a work order is
 * released, a job order is started, revoked, finished early or late, aborted or cancelled, or a work
 * unit stays down longer than the threshold. Changes within debounceMs of the first make one new
 * schedule; running jobs are never moved.
 */
export class AutoRescheduler {
  private readonly unsubscribe: (() => void)[] = [];
  private readonly downTimers = new Map<string, NodeJS.Timeout>();
  private debounce: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly schedules: ScheduleService,
    private readonly bus: EventBus,
    private readonly config: AutoRescheduleSettings,
    private readonly log: Log,
  ) {}

  /** May start again after stop() (a cluster's singleton lease moves it between instances). */
  start(): void {
    this.stopped = false;
    if (!this.config.enabled) return;
    this.unsubscribe.push(
      // In a cluster it runs on one instance (a singleton lease), so it hears a peer's events as its own.
      this.bus.on("job.transition", ({ command }) => {
        if (RESCHEDULING_COMMANDS.has(command)) this.soon();
      }),
      this.bus.on("machine.state", ({ workUnitId, state }) => {
        clearTimeout(this.downTimers.get(workUnitId));
        this.downTimers.delete(workUnitId);
        if (state !== "faulted") return;
        const timer = setTimeout(() => {
          this.downTimers.delete(workUnitId);
          this.log.info(`${workUnitId} is down for more than ${this.config.downThresholdMinutes} min: rescheduling`);
          this.soon();
        }, this.config.downThresholdMinutes * 60_000);
        timer.unref();
        this.downTimers.set(workUnitId, timer);
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const timer of this.downTimers.values()) clearTimeout(timer);
    this.downTimers.clear();
    clearTimeout(this.debounce);
    this.debounce = undefined;
    await this.running;
  }

  /**
   * The first change of a burst sets the time and later ones join it: a timer restarted by every
   * change would put the new schedule off for as long as a busy plant keeps changing.
   */
  private soon(): void {
    if (this.debounce || this.stopped) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.run();
    }, this.config.debounceMs);
  }

  private run(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.schedules
      .commit(this.schedules.lastRule, SCHEDULER)
      .then(() => undefined)
      .catch((error) => this.log.error("rescheduling failed", error))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.soon();
        }
      });
  }
}
