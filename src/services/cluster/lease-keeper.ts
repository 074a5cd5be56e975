import { decideLease, type Lease } from "../../domain/cluster/lease.js";
import { DomainError } from "../../domain/domain-error.js";
import type { Clock } from "../clock.js";
import type { Log } from "../log.js";
import type { Repositories, Store } from "../ports/store.js";

export interface LeaseSettings {
  /** How long a lease runs unless renewed: a dead instance's part of the plant is taken after this. */
  readonly durationMs: number;
  /** How often the keeper renews what it holds and asks again for what it wants. */
  readonly renewEveryMs: number;
}

/** Refused because this instance no longer holds the lease the write needs (another may own it now). */
export class LeaseLostError extends DomainError {
  constructor(readonly lease: string) {
    super("unavailable", `this MES instance no longer holds ${lease}; another instance may have taken it over`, { lease });
    this.name = "LeaseLostError";
  }
}

type Listener = (name: string, held: boolean) => void;

/**
 * Takes, renews and gives up this instance's leases. A lease counts as held only until its expiry
 * less a margin on this instance's clock: an instance that cannot reach the database to renew
 * stops acting on it before a peer, waiting for the full expiry on its own clock, takes over.
 * Writes that must not land after a takeover are fenced in their own transaction (fence()).
 */
export class LeaseKeeper {
  private readonly wanted = new Set<string>();
  private readonly held = new Map<string, Lease>();
  private readonly listeners = new Set<Listener>();
  private readonly beforeRounds = new Set<() => Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly instanceId: string,
    private readonly settings: LeaseSettings,
    private readonly log: Log,
  ) {}

  /** The part of a lease's run this instance gives up at the end, for clocks that disagree a little. */
  private get marginMs(): number {
    return Math.min(this.settings.renewEveryMs, this.settings.durationMs / 5);
  }

  /** Told whenever this instance takes or loses a lease. Returns the unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `work` at the start of every round (e.g. looking for lapsed leases to want). Returns the unsubscribe. */
  beforeEachRound(work: () => Promise<void>): () => void {
    this.beforeRounds.add(work);
    return () => this.beforeRounds.delete(work);
  }

  /** Asks for a lease from now on: taken whenever it is free or lapsed, renewed while held. */
  want(name: string): void {
    this.wanted.add(name);
  }

  /** The leases this instance holds or asks for. */
  names(): ReadonlySet<string> {
    return this.wanted;
  }

  /** Starts renewing; the first round runs before this resolves, so what is free is held at once. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.settings.renewEveryMs);
  }

  /** The lease as held now, or undefined when this instance does not hold it (or its time ran out here). */
  holding(name: string): Lease | undefined {
    const lease = this.held.get(name);
    if (!lease) return undefined;
    if (lease.expiresAt.getTime() - this.marginMs <= this.clock.now().getTime()) {
      this.lose(name, "its time ran out before it could be renewed");
      return undefined;
    }
    return lease;
  }

  /**
   * In the unit of work of a write that needs `name`: refuses unless this instance still holds it,
   * and writes to the lease row, so a takeover committed meanwhile (on any node) makes one of the two fail.
   */
  async fence(repos: Repositories, name: string): Promise<void> {
    const lease = this.holding(name);
    if (!lease || !(await repos.leases.touchIfHeld(name, this.instanceId, lease.token))) {
      if (lease) this.lose(name, "another instance took it over");
      throw new LeaseLostError(name);
    }
  }

  /** Gives up a lease now, so a peer need not wait for it to lapse. */
  async release(name: string): Promise<void> {
    this.wanted.delete(name);
    const lease = this.held.get(name);
    if (!lease) return;
    this.lose(name, "released");
    try {
      await this.store.unitOfWork((repos) => repos.leases.replace(lease, { ...lease, expiresAt: new Date(0) }));
    } catch (error) {
      this.log.warn(`lease ${name}: could not release it (it lapses by itself)`, { error: (error as Error).message });
    }
  }

  /** Stops renewing and releases every lease held, so the standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    for (const name of [...this.held.keys()]) await this.release(name);
  }

  /** One round: renew what is held, take what is wanted and free. Rounds never overlap. */
  tick(): Promise<void> {
    this.ticking = this.ticking.then(async () => {
      for (const work of this.beforeRounds) {
        try {
          await work();
        } catch (error) {
          this.log.warn("a lease round's preparation failed", { error: (error as Error).message });
        }
      }
      for (const name of this.wanted) {
        if (this.stopped) return;
        try {
          await this.renewOrTake(name);
        } catch (error) {
          // The database is out of reach: a held lease stays held until its time runs out here (holding()).
          this.log.warn(`lease ${name}: could not renew or take it`, { error: (error as Error).message });
          this.holding(name);
        }
      }
    });
    return this.ticking;
  }

  private async renewOrTake(name: string): Promise<void> {
    const outcome = await this.store.unitOfWork(async (repos) => {
      const current = await repos.leases.find(name);
      const decision = decideLease(current, this.instanceId, this.clock.now(), this.settings.durationMs);
      if (decision.kind === "held") return { lease: null, holder: decision.holder };
      const next: Lease = { name, holder: this.instanceId, token: decision.token, expiresAt: decision.expiresAt };
      const written = current ? await repos.leases.replace(current, next) : await repos.leases.insert(next);
      return { lease: written ? next : null, holder: written ? this.instanceId : null };
    });
    const had = this.held.get(name);
    if (outcome.lease) {
      if (had && had.token !== outcome.lease.token) this.lose(name, "it lapsed before it was renewed");
      this.held.set(name, outcome.lease);
      if (!had || had.token !== outcome.lease.token) {
        this.log.info(`lease ${name}: taken (token ${outcome.lease.token})`);
        this.emit(name, true);
      }
    } else if (had) {
      this.lose(name, outcome.holder ? `${outcome.holder} holds it now` : "another instance wrote it first");
    }
  }

  private lose(name: string, why: string): void {
    if (!this.held.delete(name)) return;
    this.log.warn(`lease ${name}: lost (${why})`);
    this.emit(name, false);
  }

  private emit(name: string, held: boolean): void {
    for (const listener of this.listeners) {
      try {
        listener(name, held);
      } catch (error) {
        this.log.error(`a listener of lease ${name} failed`, error);
      }
    }
  }
}
