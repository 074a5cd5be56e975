import { MessageSecurityMode, OPCUAClient, SecurityPolicy, UserTokenType, type ClientSession, type ClientSubscription } from "node-opcua";
import { demoPassword } from "../../src/services/demo-accounts.js";

export interface TestSession {
  readonly client: OPCUAClient;
  readonly session: ClientSession;
  /** Publishing every 50 ms, so notifications reach a test quickly. */
  readonly subscription: ClientSubscription;
  close(): Promise<void>;
}

/**
 * An unsecured session as the demo profile allows (UaExpert's first connect), with a fast
 * subscription: anonymous (an Observer), or signed in as one of the demo accounts with its
 * published password.
 */
export async function openTestSession(endpointUrl: string, demoUser?: string): Promise<TestSession> {
  const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 3, initialDelay: 100, maxDelay: 500 } });
  await client.connect(endpointUrl);
  const session = await client.createSession(demoUser ? { type: UserTokenType.UserName, userName: demoUser, password: demoPassword(demoUser) } : undefined);
  const subscription = await session.createSubscription2({ requestedPublishingInterval: 50, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: 100, publishingEnabled: true });
  return {
    client,
    session,
    subscription,
    close: async () => {
      await subscription.terminate().catch(() => {});
      await session.close().catch(() => {});
      await client.disconnect().catch(() => {});
    },
  };
}
