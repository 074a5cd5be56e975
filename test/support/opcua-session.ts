import { MessageSecurityMode, OPCUAClient, SecurityPolicy, type ClientSession, type ClientSubscription } from "node-opcua";

export interface TestSession {
  readonly client: OPCUAClient;
  readonly session: ClientSession;
  /** Publishing every 50 ms, so notifications reach a test quickly. */
  readonly subscription: ClientSubscription;
  close(): Promise<void>;
}

/** An anonymous, unsecured session as the demo profile allows (UaExpert's first connect), with a fast subscription. */
export async function openTestSession(endpointUrl: string): Promise<TestSession> {
  const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 3, initialDelay: 100, maxDelay: 500 } });
  await client.connect(endpointUrl);
  const session = await client.createSession();
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
