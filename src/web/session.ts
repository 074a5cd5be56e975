import { createContext } from "preact";
import { useContext } from "preact/hooks";

export interface Me {
  readonly user: { id: string; name: string; roles: string[] };
  readonly permissions: string[];
}

export const SessionContext = createContext<Me | null>(null);

/** Whether the signed-in account may do this (the server checks again: this only hides what would be refused). */
export function useMay(): (permission: string) => boolean {
  const me = useContext(SessionContext);
  return (permission) => !!me?.permissions.includes(permission);
}

/** Who acts on the floor: acknowledges an alarm, requests maintenance from a stop (the server checks again). */
export const FLOOR_ROLES = ["Operator", "Maintenance", "Supervisor", "Admin"] as const;

/** Whether the signed-in account has one of these roles (for actions whose permission the UI does not know by name). */
export function useHasRole(): (roles: readonly string[]) => boolean {
  const me = useContext(SessionContext);
  return (roles) => !!me?.user.roles.some((role) => roles.includes(role));
}
