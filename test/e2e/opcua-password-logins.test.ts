import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds, MessageSecurityMode, OPCUAClient, SecurityPolicy, StatusCodes, UserTokenType, type ClientSession } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import { DEMO_ACCOUNTS, demoPassword } from "../../src/services/demo-accounts.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";

const LOGINS = 50;

/**
 * Many OPC UA clients signing in with a user name at once, as HMI panels do when the plant network
 * comes back. How long each takes is for `npm run bench -- --only logins`; here, what a user sees.
 */
describe("Password logins on OPC UA, many at once", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  const clients: OPCUAClient[] = [];

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-logins-"));
    sim = await startDemoSimulator();
    // 50 sessions of one account from one address: above the per-client bound of the demo.
    mes = await startDemoMes(dir, sim, undefined, undefined, undefined, undefined, (settings) => ({ ...settings, opcua: { ...settings.opcua, limits: { ...settings.opcua.limits, maxSessionsPerClient: LOGINS + 10 } } }));
    for (let i = 0; i < LOGINS; i++) {
      const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 1, initialDelay: 100, maxDelay: 200 } });
      await client.connect(mes.opcuaEndpoint);
      clients.push(client);
    }
  });

  after(async function () {
    await Promise.all(clients.map((client) => client.disconnect().catch(() => {})));
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every client signs in at once; answers each session or the error it got. */
  async function signInAll(userOf: (i: number) => { user: string; password: string }): Promise<(ClientSession | Error)[]> {
    return Promise.all(
      clients.map((client, i) =>
        client.createSession({ type: UserTokenType.UserName, userName: userOf(i).user, password: userOf(i).password }).catch((error: Error) => error),
      ),
    );
  }

  async function readAndClose(sessions: (ClientSession | Error)[]): Promise<string[]> {
    const answers = await Promise.all(
      sessions.map(async (session) => {
        if (session instanceof Error) return session.message;
        const value = await session.read({ nodeId: "ns=0;i=2259", attributeId: AttributeIds.Value });
        await session.close();
        return value.statusCode === StatusCodes.Good ? "ok" : value.statusCode.toString();
      }),
    );
    return answers;
  }

  it("activates 50 simultaneous sessions of one account, running its password hash once", async function () {
    const before = mes.users.passwordChecksRun;
    const sessions = await signInAll(() => ({ user: "operator", password: demoPassword("operator") }));
    expect(await readAndClose(sessions)).to.deep.equal(Array(LOGINS).fill("ok"));
    expect(mes.users.passwordChecksRun - before, "scrypt runs for 50 logins of one account").to.equal(1);
  });

  it("activates 50 simultaneous sessions spread over every demo account, one hash per account at most", async function () {
    const before = mes.users.passwordChecksRun;
    const sessions = await signInAll((i) => ({ user: DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length].id, password: demoPassword(DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length].id) }));
    expect(await readAndClose(sessions)).to.deep.equal(Array(LOGINS).fill("ok"));
    expect(mes.users.passwordChecksRun - before).to.be.at.most(DEMO_ACCOUNTS.length - 1);
  });

  it("refuses a wrong password among right ones, each guess checked on its own", async function () {
    const before = mes.users.passwordChecksRun;
    const sessions = await signInAll((i) => ({ user: "operator", password: i < 3 ? `wrong-${i}-password` : demoPassword("operator") }));
    const answers = await readAndClose(sessions);
    expect(answers.slice(3)).to.deep.equal(Array(LOGINS - 3).fill("ok"));
    for (const answer of answers.slice(0, 3)) expect(answer).to.match(/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/);
    expect(mes.users.passwordChecksRun - before, "three guesses, three hashes; the right password is remembered").to.equal(3);
  });
});
