/** The way a change came in: the audit trail and the job-order history name it. */
export type Door = "opcua" | "rest" | "ui" | "plc" | "config" | "system";

/** Who asked for a change and through which door: every state-changing service call takes one, and the audit trail keeps it. */
export interface Actor {
  /** User or machine account name; "system" for the MES itself, the PLC id for a PLC. */
  readonly id: string;
  /** The account's roles, comma-separated; null for the MES itself and for PLC drivers. */
  readonly role: string | null;
  readonly door: Door;
  /** The OPC UA session, API token or UI session the request came through. */
  readonly via?: string | null;
}

/** The MES itself, applying the version-controlled engineering model and seed data of config/. */
export const CONFIG_ACTOR: Actor = { id: "system", role: null, door: "config" };
