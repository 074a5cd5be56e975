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
