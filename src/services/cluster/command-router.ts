import { setTimeout as sleep } from "node:timers/promises";
import { DomainError } from "../../domain/domain-error.js";
import type { Actor } from "../actor.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { Log } from "../log.js";
import type { ReadRepositories, Store } from "../ports/store.js";
import { decodeAnswer, encodeValue, errorOf } from "./command-codec.js";
import type { Ownership } from "./ownership.js";

/** How often a caller looks for its answer: a routed command costs about one worker poll plus this. */
export const ANSWER_POLL_MS = 20;
/** How long a caller tells a peer to come back after its command went unanswered (HTTP Retry-After). */
const RETRY_AFTER_SECONDS = 5;

/** What a command kind does on the instance that carries it out: the service method itself, called locally. */
export type CommandHandler = (actor: Actor, args: unknown[]) => Promise<unknown>;

export interface CommandRouterSettings {
  /** cluster.commandTimeoutMs: how long a caller waits for the owner to take its command up. */
  readonly timeoutMs: number;
  readonly answerPollMs?: number;
}

/**
 * Sends each command to the instance that owns its equipment. Owned here (or owned by nobody, or
 * before the core started): the service method runs here, as for a MES alone. Owned by a peer: the
 * command goes into cluster_command for that peer's CommandWorker, and the caller waits for its
 * answer, which it returns or throws just as the local call would. A command the owner did not take
 * up in time is given up (it can no longer start: its deadline passed and its row says expired)
 * and refused as "unavailable".
 */
export class CommandRouter {
  private readonly handlers = new Map<string, CommandHandler>();
  private routing = false;

  constructor(
    private readonly store: Store,
    private readonly ownership: Ownership,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly settings: CommandRouterSettings,
    private readonly log: Log,
  ) {}

  /** Committed data, for finding a command's equipment (the job order's, the work order's). */
  get read(): ReadRepositories {
    return this.store.read;
  }

  /** Registers what `kind` runs where it is carried out. */
  handle(kind: string, handler: CommandHandler): void {
    if (this.handlers.has(kind)) throw new Error(`command ${kind} has a handler already`);
    this.handlers.set(kind, handler);
  }

  handlerOf(kind: string): CommandHandler | undefined {
    return this.handlers.get(kind);
  }

  /** From core.start(), once the leases are taken; what runs before (the configuration's seeds) runs here. */
  startRouting(): void {
    this.routing = true;
  }

  stopRouting(): void {
    this.routing = false;
  }

  /** Runs `kind` where its equipment is owned; `equipmentOf` is asked only in a cluster. */
  async run<T>(kind: string, equipmentOf: () => Promise<string | null>, actor: Actor, args: unknown[]): Promise<T> {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`command ${kind} has no handler`);
    if (!this.ownership.clustered || !this.routing) return (await handler(actor, args)) as T;
    const equipmentId = await equipmentOf();
    if (equipmentId === null || this.ownership.ownsLocally(equipmentId)) return (await handler(actor, args)) as T;
    const owner = await this.ownership.ownerOf(equipmentId);
    // Nobody runs it (no instance owns it, or its owner's lease lapsed and none took it over): its records are in the database for any instance to change.
    if (owner === null || owner === this.ownership.instanceId) return (await handler(actor, args)) as T;
    return (await this.send(owner, kind, equipmentId, actor, args, handler)) as T;
  }

  private async send(owner: string, kind: string, equipmentId: string, actor: Actor, args: unknown[], handler: CommandHandler): Promise<unknown> {
    const id = this.newId();
    const now = this.clock.now();
    const { timeoutMs } = this.settings;
    await this.store.unitOfWork((repos) =>
      repos.clusterCommands.insert({
        id,
        kind,
        equipmentId,
        target: owner,
        sender: this.ownership.instanceId ?? "",
        actor: encodeValue(actor),
        arguments: encodeValue(args),
        state: "pending",
        answer: null,
        createdAt: now,
        deadline: new Date(now.getTime() + timeoutMs),
        claimedAt: null,
        answeredAt: null,
      }),
    );
    const started = performance.now();
    for (;;) {
      await sleep(this.settings.answerPollMs ?? ANSWER_POLL_MS);
      const command = await this.store.read.clusterCommands.find(id);
      if (command?.state === "answered" && command.answer !== null) {
        const answer = decodeAnswer(command.answer);
        if (answer.ok) return answer.value;
        throw errorOf(answer.error);
      }
      // The owner died and this instance took its equipment over meanwhile: carried out here, unless the owner claimed it after all.
      if (command?.state === "pending" && this.ownership.ownsLocally(equipmentId) && (await this.giveUp(id))) return handler(actor, args);
      const waited = performance.now() - started;
      if (waited < timeoutMs) continue;
      if (command?.state === "pending" && (await this.giveUp(id))) {
        this.log.warn(`command ${kind} for ${equipmentId}: ${owner} did not take it up within ${timeoutMs} ms; given up`, { event: "command.unanswered", owner, equipmentId, kind });
        throw new DomainError("unavailable", `${owner} runs ${equipmentId} and did not answer within ${timeoutMs} ms; the command was not carried out, try again`, { reason: "owner_unavailable", owner, equipmentId, retryAfterSeconds: RETRY_AFTER_SECONDS });
      }
      // The owner took it up in time: it runs as one transaction, so its answer follows unless the owner died meanwhile.
      if (waited >= 2 * timeoutMs) {
        this.log.warn(`command ${kind} for ${equipmentId}: ${owner} took it up but did not answer`, { event: "command.unanswered", owner, equipmentId, kind });
        throw new DomainError("unavailable", `${owner} took the command for ${equipmentId} up but did not answer; read the record again to see whether it was carried out`, { reason: "owner_no_answer", owner, equipmentId, retryAfterSeconds: RETRY_AFTER_SECONDS });
      }
    }
  }

  /** Marks the command expired unless its owner claimed it first (then it stays, and its answer is awaited). */
  private async giveUp(id: string): Promise<boolean> {
    try {
      return await this.store.unitOfWork((repos) => repos.clusterCommands.expire(id));
    } catch (error) {
      // A claim committed on another Galera node at the same moment fails one of the two; the next look says which.
      this.log.info(`command ${id}: could not give it up now`, { error: (error as Error).message });
      return false;
    }
  }
}
