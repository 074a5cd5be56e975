import { DomainError } from "../../domain/domain-error.js";
import type { Actor } from "../actor.js";
import type { Clock } from "../clock.js";
import type { Log } from "../log.js";
import type { ClusterCommandRecord } from "../ports/cluster.js";
import type { Store } from "../ports/store.js";
import { decodeValue, encodeAnswer } from "./command-codec.js";
import type { CommandRouter } from "./command-router.js";

/** How often the owner looks for commands its peers sent it: what a routed command waits at most before it starts. */
export const COMMAND_POLL_MS = 50;
/** Commands taken up per look; more wait for the next look, so one burst does not hold many transactions open at once. */
export const COMMAND_BATCH = 20;
/** A command's row is kept this long after its deadline (to see what became of it), then deleted. */
export const COMMAND_RETENTION_MS = 10 * 60_000;
/** How often the rows past their retention are deleted. */
const PRUNE_EVERY_MS = 60_000;
/** Tries at storing an answer (a Galera certification conflict, a busy SQLite file) before the caller is left to time out. */
const ANSWER_ATTEMPTS = 3;

export interface CommandWorkerSettings {
  readonly pollMs?: number;
  readonly retentionMs?: number;
}

/**
 * Carries out the commands peers sent this instance (CommandRouter): claims each with one
 * conditional UPDATE (pending and before its deadline, so a command its caller gave up on never
 * starts), runs the very same service method as a local call, whose transaction writes the change
 * and its audit entry with the caller's actor, and stores the answer for the caller.
 */
export class CommandWorker {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | null = null;
  private lastPrune = 0;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly router: CommandRouter,
    readonly instanceId: string,
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly settings: CommandWorkerSettings = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.tick(), this.settings.pollMs ?? COMMAND_POLL_MS);
  }

  /** Stops looking; a command being carried out is finished and answered first. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** One look: every waiting command for this instance is carried out. Looks never overlap. */
  tick(): Promise<void> {
    if (this.round) return this.round;
    this.round = this.look().finally(() => (this.round = null));
    return this.round;
  }

  private async look(): Promise<void> {
    try {
      const waiting = await this.store.read.clusterCommands.pendingFor(this.instanceId, this.clock.now(), COMMAND_BATCH);
      await Promise.all(waiting.map((command) => this.carryOut(command)));
      await this.pruneNowAndThen();
    } catch (error) {
      this.log.warn("could not look for commands of peers", { error: (error as Error).message });
    }
  }

  private async carryOut(command: ClusterCommandRecord): Promise<void> {
    if (this.stopped) return;
    let claimed: boolean;
    try {
      claimed = await this.store.unitOfWork((repos) => repos.clusterCommands.claim(command.id, this.instanceId, this.clock.now()));
    } catch (error) {
      this.log.warn(`command ${command.id} (${command.kind}): could not claim it`, { error: (error as Error).message });
      return;
    }
    if (!claimed) return;
    const handler = this.router.handlerOf(command.kind);
    let answer: string;
    if (!handler) {
      // A peer of a newer version: refused as the caller's own MES would refuse what it cannot do now.
      answer = encodeAnswer({ ok: false, error: new DomainError("unavailable", `${this.instanceId} cannot carry out ${command.kind}; update it to the version of its peers`, { reason: "unknown_command", kind: command.kind }) });
    } else {
      try {
        answer = encodeAnswer({ ok: true, value: await handler(decodeValue(command.actor) as Actor, decodeValue(command.arguments) as unknown[]) });
      } catch (error) {
        if (!(error instanceof DomainError)) this.log.error(`command ${command.kind} for ${command.equipmentId} from ${command.sender} failed`, error);
        answer = encodeAnswer({ ok: false, error });
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.unitOfWork((repos) => repos.clusterCommands.answer(command.id, answer, this.clock.now()));
        return;
      } catch (error) {
        if (attempt >= ANSWER_ATTEMPTS) {
          this.log.error(`command ${command.kind} for ${command.equipmentId} from ${command.sender}: carried out, but its answer could not be stored`, error);
          return;
        }
      }
    }
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    try {
      await this.store.unitOfWork((repos) => repos.clusterCommands.prune(new Date(now - (this.settings.retentionMs ?? COMMAND_RETENTION_MS))));
    } catch (error) {
      // Every instance prunes the same rows: on Galera two deletes may conflict; the next round deletes what is left.
      this.log.info("could not prune old commands now", { error: (error as Error).message });
    }
  }
}
