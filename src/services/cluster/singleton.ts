import { singletonLeaseName } from "../../domain/cluster/lease.js";
import type { Log } from "../log.js";
import type { Repositories } from "../ports/store.js";
import { LeaseLostError, type LeaseKeeper } from "./lease-keeper.js";

/** A plant-wide background job: started while this instance holds its singleton lease, stopped when it loses it. */
export interface BackgroundJob {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a plant-wide job (the callback sender, the rescheduler) on one instance of the cluster: the
 * one that holds the lease "singleton:<job>". A MES alone on its database just runs it. The lease
 * is asked for when this is built, so the keeper's first round may already take it.
 */
export class Singleton {
  private readonly name: string;
  private running = false;
  private started = false;
  private off: (() => void) | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly leases: LeaseKeeper | null,
    readonly job: string,
    private readonly work: BackgroundJob,
    private readonly log: Log,
  ) {
    this.name = singletonLeaseName(job);
    leases?.want(this.name);
  }

  /** Whether the job runs here now (always for a MES alone). */
  get here(): boolean {
    return this.leases === null || this.leases.holding(this.name) !== undefined;
  }

  /** In the unit of work of the job's write: refuses (LeaseLostError) once another instance may run the job. */
  async fence(repos: Repositories): Promise<void> {
    if (!this.leases) return;
    await this.leases.fence(repos, this.name);
  }

  /** Throws LeaseLostError unless the job may run here now (before a step that writes outside the database). */
  check(): void {
    if (!this.here) throw new LeaseLostError(this.name);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.leases) this.off = this.leases.onChange((name, held) => name === this.name && this.set(held));
    await this.set(this.here);
  }

  async stop(): Promise<void> {
    this.off?.();
    this.started = false;
    await this.set(false);
  }

  private set(run: boolean): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (run === this.running || (run && !this.started)) return;
      this.running = run;
      try {
        if (run) {
          if (this.leases) this.log.info(`${this.job}: runs on this instance (${this.leases.instanceId})`);
          await this.work.start();
        } else await this.work.stop();
      } catch (error) {
        this.log.error(`${this.job}: could not ${run ? "start" : "stop"}`, error);
      }
    });
    return this.chain;
  }
}
