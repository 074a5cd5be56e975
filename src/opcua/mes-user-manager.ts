import { UAUserManagerBase, type NodeId, type ServerSession } from "node-opcua";
import { DomainError } from "../domain/domain-error.js";
import type { AccessService } from "../services/access-service.js";
import type { Log } from "../services/log.js";
import { isStoreUnavailable } from "../services/ports/store-unavailable.js";
import type { UserService } from "../services/user-service.js";
import { sessionRoleNodeIds } from "./opcua-roles.js";

/**
 * OPC UA user authentication against the MES's accounts: a UserName token is checked with the
 * account's scrypt hash, throttled and audited like a web login; an X.509 user token has passed
 * the user PKI's trust list and names its account by the certificate's common name. Roles come
 * from the account, the same as on REST.
 */
export class MesUserManager extends UAUserManagerBase {
  constructor(
    private readonly users: UserService,
    private readonly access: AccessService,
    private readonly log: Log,
  ) {
    super();
  }

  override async isValidUser(session: ServerSession, username: string, password: string): Promise<boolean> {
    try {
      await this.access.verifyPassword({ userId: username, password, client: clientOf(session), door: "opcua" });
      return true;
    } catch (error) {
      // Not a wrong password: the MES cannot check it now. The server answers BadResourceUnavailable.
      if (isStoreUnavailable(error)) throw error;
      if (error instanceof DomainError) this.log.warn(`OPC UA login refused for user "${username.slice(0, 64)}": ${error.message}`);
      else this.log.error(`OPC UA login of "${username.slice(0, 64)}" could not be checked`, error);
      return false;
    }
  }

  /** Asked synchronously on every request, so it reads the accounts' cached roles (refreshed at each login). */
  override getUserRoles(username: string): NodeId[] {
    return sessionRoleNodeIds(this.users.cachedRoles(username));
  }
}

export function clientOf(session: ServerSession): string {
  return (session.channel as { remoteAddress?: string } | undefined)?.remoteAddress ?? "unknown";
}
