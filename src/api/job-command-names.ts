import { DomainError } from "../domain/domain-error.js";
import { commandKey, spelledCommand } from "../domain/job-control/command-spelling.js";
import { JOB_COMMANDS, type JobCommand } from "../domain/job-order-state-machine.js";

/**
 * The REST spelling of every job command: the one table where this door renames the spec's
 * (OPC 10031-4) names. Lower-case and hyphenated because they are path segments
 * (POST /api/v1/job-orders/{id}/{command}); `allowedCommands` and the 409 details use the same
 * spelling, so an ERP can post back what it was offered. Typed over every JobCommand: a command
 * added to the state machine does not compile until it has a REST name.
 */
export const REST_JOB_COMMAND_NAMES = {
  Update: "update",
  Start: "start",
  RevokeStart: "revoke-start",
  Begin: "begin",
  Pause: "pause",
  Hold: "hold",
  Resume: "resume",
  Stop: "stop",
  Complete: "complete",
  Close: "close",
  Abort: "abort",
  Cancel: "cancel",
  Clear: "clear",
} as const satisfies Record<JobCommand, string>;
export type RestJobCommand = (typeof REST_JOB_COMMAND_NAMES)[JobCommand];

/** Every REST command name, in the state machine's order. */
export const REST_JOB_COMMANDS: readonly RestJobCommand[] = JOB_COMMANDS.map((command) => REST_JOB_COMMAND_NAMES[command]);

/** Update carries a whole job order, so it is PUT /api/v1/job-orders/{id}; every other command is a POST to its name. */
export const REST_POSTED_JOB_COMMANDS: readonly RestJobCommand[] = REST_JOB_COMMANDS.filter((name) => name !== REST_JOB_COMMAND_NAMES.Update);

// The REST name, or the spec's method name in any case (POST .../Clear, .../RevokeStart), as OPC UA clients write it.
const BY_NAME = new Map<string, JobCommand>(JOB_COMMANDS.map((command) => [commandKey(REST_JOB_COMMAND_NAMES[command]), command]));

export function restJobCommandName(command: JobCommand): RestJobCommand {
  return REST_JOB_COMMAND_NAMES[command];
}

/** A recorded transition's command (Store and StoreAndStart too) in the same spelling. */
export function restTransitionCommandName(command: string): string {
  return spelledCommand(command);
}

/**
 * The command a POST path segment names, or null for an unknown name (and for update, which is a
 * PUT). The REST name is the documented one; the OPC 10031-4 name (`Clear`, `RevokeStart`) and any
 * case are taken too, so a client written against the spec is not sent away with a 404.
 */
export function postedJobCommand(name: string): Exclude<JobCommand, "Update"> | null {
  const command = BY_NAME.get(commandKey(name));
  return command && command !== "Update" ? command : null;
}

/**
 * A job order's refusal of a command (409, reason invalid_state) with its command and allowed
 * commands in REST names, so the answer offers what this door accepts; any other error unchanged.
 */
export function inRestNames(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.details.reason !== "invalid_state" || !isJobCommand(error.details.command) || !Array.isArray(error.details.allowed)) return error;
  const command = restJobCommandName(error.details.command);
  const allowed = error.details.allowed.filter(isJobCommand).map(restJobCommandName);
  const { id, state } = error.details;
  return new DomainError(error.code, `job order "${String(id)}" is ${String(state)}: ${command} is not allowed (allowed: ${allowed.join(", ") || "none"})`, { ...error.details, command, allowed });
}

function isJobCommand(value: unknown): value is JobCommand {
  return typeof value === "string" && (JOB_COMMANDS as readonly string[]).includes(value);
}
