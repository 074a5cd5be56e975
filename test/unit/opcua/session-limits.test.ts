import { expect } from "chai";
import type { ServerSession } from "node-opcua";
import { clientKeyOf, SessionLimits } from "../../../src/opcua/session-limits.js";

/** The limits only tell sessions apart; any object stands for one. */
const newSession = () => ({}) as ServerSession;

describe("SessionLimits", () => {
  const limits = () => new SessionLimits({ maxSessions: 20, maxSessionsPerClient: 3, sessionsReservedForAuthenticated: 5 });

  it("keeps sessionsReservedForAuthenticated free of anonymous sessions, whatever number of clients ask", () => {
    const sessions = limits();
    const refusals: string[] = [];
    for (let client = 0; client < 10; client++) {
      for (let i = 0; i < 3; i++) {
        const session = newSession();
        sessions.created(session, clientKeyOf(`10.0.0.${client}`, null), client * 10 + i);
        refusals.push(sessions.refusal(session, "anonymous")?.name ?? "Good");
      }
    }
    expect(refusals.filter((r) => r === "Good")).to.have.length(15);
    expect(refusals.filter((r) => r === "BadTooManySessions")).to.have.length(15);
    const operator = newSession();
    sessions.created(operator, clientKeyOf("10.0.0.1", null), 1000);
    expect(sessions.refusal(operator, "user:operator")).to.equal(null);
  });

  it("bounds one client's sessions per user, and the same user from another client is not bound by them", () => {
    const sessions = limits();
    const outcomes = [1, 2, 3, 4].map((i) => {
      const session = newSession();
      sessions.created(session, "10.0.0.9|no-certificate", i);
      return sessions.refusal(session, "user:erp")?.name ?? "Good";
    });
    expect(outcomes).to.deep.equal(["Good", "Good", "Good", "BadTooManySessions"]);
    const elsewhere = newSession();
    sessions.created(elsewhere, "10.0.0.10|no-certificate", 5);
    expect(sessions.refusal(elsewhere, "user:erp")).to.equal(null);
  });

  it("makes a client's oldest unactivated session give way when it opens one more than its bound", () => {
    const sessions = limits();
    const waiting = [1, 2, 3].map((i) => {
      const session = newSession();
      expect(sessions.created(session, "10.0.0.1|no-certificate", i)).to.deep.equal([]);
      return session;
    });
    expect(sessions.created(newSession(), "10.0.0.1|no-certificate", 4)).to.deep.equal([waiting[0]]);
    expect(sessions.created(newSession(), "10.0.0.2|no-certificate", 5)).to.deep.equal([]);
  });

  it("tells clients apart by address and application certificate", () => {
    expect(clientKeyOf("10.0.0.1", Buffer.from("a"))).to.not.equal(clientKeyOf("10.0.0.1", Buffer.from("b")));
    expect(clientKeyOf("10.0.0.1", null)).to.not.equal(clientKeyOf("10.0.0.2", null));
  });
});
