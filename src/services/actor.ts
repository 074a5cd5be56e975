import type { Door } from "./ports.js";

/** Who asked for a change and through which door: every state-changing service call takes one, and the audit trail keeps it. */
export interface Actor {
  /** User or machine account name; "system" for the MES itself, the PLC id for a PLC. */
  readonly id: string;
  readonly role: string | null;
  readonly door: Door;
}
