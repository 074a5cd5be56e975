import type { Role } from "../domain/roles.js";
import type { Actor } from "./actor.js";
import type { UserService } from "./user-service.js";

/**
 * The demo's accounts, one per role, with the passwords the README publishes. Only a demo profile
 * may create them (the configuration refuses them in production).
 */
export const DEMO_ACCOUNTS: readonly { id: string; name: string; roles: Role[] }[] = [
  { id: "admin", name: "Demo Administrator", roles: ["Admin"] },
  { id: "engineer", name: "Demo Engineer", roles: ["Engineer"] },
  { id: "supervisor", name: "Demo Supervisor", roles: ["Supervisor"] },
  { id: "operator", name: "Demo Operator", roles: ["Operator"] },
  { id: "maintenance", name: "Demo Maintenance", roles: ["Maintenance"] },
  { id: "quality", name: "Demo Quality", roles: ["Quality"] },
  { id: "observer", name: "Demo Observer", roles: ["Observer"] },
  { id: "erp", name: "Demo ERP integration", roles: ["ERP"] },
];

export const demoPassword = (id: string) => `${id}-demo-pass`;

/** Adds the demo accounts that are missing; an account changed since (roles, password) is left as it is. */
export async function seedDemoAccounts(users: UserService, actor: Actor): Promise<number> {
  const existing = new Set((await users.list()).map((user) => user.id));
  const missing = DEMO_ACCOUNTS.filter((account) => !existing.has(account.id));
  for (const account of missing) await users.create({ ...account, password: demoPassword(account.id) }, actor);
  return missing.length;
}
