import type { Permission } from "../roles.js";

/** A maintenance work order's life (EN 13306 corrective and preventive maintenance, ISA-95 Part 3 maintenance operations). */
export const MAINTENANCE_STATUSES = ["requested", "planned", "in-progress", "done", "verified", "cancelled"] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const MAINTENANCE_COMMANDS = ["plan", "start", "finish", "verify", "cancel"] as const;
export type MaintenanceCommand = (typeof MAINTENANCE_COMMANDS)[number];

/** Where each command may be given, and where it leads. Start straight from requested is a breakdown repair: nobody plans it first. */
const TRANSITIONS: Readonly<Record<MaintenanceCommand, { readonly from: readonly MaintenanceStatus[]; readonly to: MaintenanceStatus }>> = {
  plan: { from: ["requested", "planned"], to: "planned" },
  start: { from: ["requested", "planned"], to: "in-progress" },
  finish: { from: ["in-progress"], to: "done" },
  verify: { from: ["done"], to: "verified" },
  cancel: { from: ["requested", "planned", "in-progress"], to: "cancelled" },
};

/**
 * Who may do which: anyone at the line may ask for maintenance; the maintenance technicians plan,
 * start, finish and cancel; production (a supervisor) takes the machine back by verifying the work.
 */
export const MAINTENANCE_PERMISSIONS: Readonly<Record<MaintenanceCommand | "request", Permission>> = {
  request: "requestMaintenance",
  plan: "maintenanceWork",
  start: "maintenanceWork",
  finish: "maintenanceWork",
  cancel: "maintenanceWork",
  verify: "verifyMaintenance",
};

export const OPEN_STATUSES: readonly MaintenanceStatus[] = ["requested", "planned", "in-progress"];

export function isOpen(status: MaintenanceStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The status a command leads to, or a refusal saying from where it could have been given. */
export function transition(status: MaintenanceStatus, command: MaintenanceCommand): { to: MaintenanceStatus } | { refused: string } {
  const rule = TRANSITIONS[command];
  if (rule.from.includes(status)) return { to: rule.to };
  return { refused: `cannot ${command} a work order that is ${status} (only from ${rule.from.join(" or ")})` };
}

/** The commands a work order in this status accepts (what a UI offers). */
export function commandsFrom(status: MaintenanceStatus): MaintenanceCommand[] {
  return MAINTENANCE_COMMANDS.filter((command) => TRANSITIONS[command].from.includes(status));
}
