/**
 * The roles a person or machine account has, the same on every door (OPC UA, REST, UI). Where an
 * OPC UA well-known role (OPC 10000-18) fits, it is named, so an OPC UA server's role permissions
 * and the REST checks mean the same thing.
 */
export const ROLES = ["Observer", "Operator", "Maintenance", "Quality", "Warehouse", "Supervisor", "Engineer", "Admin", "ERP"] as const;
export type Role = (typeof ROLES)[number];

/** OPC 10000-18 well-known roles each MES role maps onto (Observer and Operator exist as such; the rest take the nearest). */
export const OPCUA_WELL_KNOWN_ROLE: Readonly<Record<Role, "Observer" | "Operator" | "Engineer" | "Supervisor" | "ConfigureAdmin" | "SecurityAdmin">> = {
  Observer: "Observer",
  Operator: "Operator",
  Maintenance: "Operator",
  Quality: "Operator",
  /** Receives, moves and stages material: an operator of the warehouse. */
  Warehouse: "Operator",
  Supervisor: "Supervisor",
  Engineer: "Engineer",
  Admin: "SecurityAdmin",
  ERP: "Operator",
};

/** What can be done, grouped the way the issue states it; every door asks `may(roles, permission)`. */
export const PERMISSIONS = {
  /** Who am I, sign out: every account. */
  signedIn: ROLES,
  /** Work orders and job orders, with their performance and callbacks: every account, the ERP's own door. */
  readOrders: ROLES,
  /** Materials, products and the equipment hierarchy (ISA-95 master data): every account; the ERP orders against them. */
  readMasterData: ROLES,
  /**
   * The plant: live states and their history, OEE, losses, the schedule, personnel and rosters, the
   * live event stream. Everyone but the ERP, which gets orders and master data and nothing else
   * (its orders' own figures are in their performance).
   */
  read: ROLES.filter((role) => role !== "ERP"),
  runJobs: ["Operator", "Supervisor", "Admin"],
  reportProduction: ["Operator", "Quality", "Supervisor", "Admin"],
  assignDowntime: ["Operator", "Maintenance", "Supervisor", "Admin"],
  classifyScrap: ["Operator", "Quality", "Supervisor", "Admin"],
  /** Inspection plans and nonconformance reports: the quality engineer's. */
  qualityPlans: ["Quality", "Supervisor", "Admin"],
  /** Inspection results, by a person at the station or a gauge's account. */
  recordQuality: ["Operator", "Quality", "Supervisor", "Admin"],
  equipmentState: ["Maintenance", "Supervisor", "Admin"],
  /** Acknowledge, confirm, comment and shelve alarms (OPC 10000-9), on OPC UA and REST alike. */
  acknowledgeAlarms: ["Operator", "Maintenance", "Supervisor", "Admin"],
  orders: ["Supervisor", "Admin", "ERP"],
  masterData: ["Supervisor", "Engineer", "Admin", "ERP"],
  schedule: ["Supervisor", "Admin"],
  rosters: ["Supervisor", "Admin"],
  configuration: ["Engineer", "Admin"],
  users: ["Admin"],
  /** The OPC UA server's trust lists: security settings, which OPC 10000-18 gives the SecurityAdmin role (Admin maps onto it). */
  certificates: ["Admin"],
  audit: ["Supervisor", "Admin"],
  /** Lots, their movements and genealogy (ISA-95 Part 3 inventory): every account; the ERP reads the lots it delivered and the goods made. */
  readInventory: ROLES,
  /** Receipts: the warehouse, or the ERP booking a delivery. */
  receiveMaterial: ["Warehouse", "Supervisor", "Admin", "ERP"],
  /** Moves, splits, merges, staging at a work unit, a lot's status (quarantine, release, scrap, ship). */
  moveMaterial: ["Warehouse", "Operator", "Supervisor", "Admin"],
  /** Explicit consumption: a person at the line, or the ERP; below zero only with inventoryOverride. */
  consumeMaterial: ["Operator", "Warehouse", "Supervisor", "Admin", "ERP"],
  /** Letting a lot go below zero, for material used before it was booked. */
  inventoryOverride: ["Supervisor", "Admin"],
  /** Asking for a repair (from a stop, an alarm or by hand): anyone at the line. */
  requestMaintenance: ["Operator", "Maintenance", "Supervisor", "Admin"],
  /** Planning, starting, finishing and cancelling maintenance work orders; keeping preventive plans. */
  maintenanceWork: ["Maintenance", "Supervisor", "Admin"],
  /** Taking the machine back after the work: production's word, not the technician's. */
  verifyMaintenance: ["Operator", "Supervisor", "Admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function may(roles: readonly string[], permission: Permission): boolean {
  return roles.some((role) => (PERMISSIONS[permission] as readonly string[]).includes(role));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
