import { expect } from "chai";
import { retryReason, withRetries, type RetryReason } from "../../../src/store/transaction-retry.js";
import { silentLog } from "../../../src/services/log.js";
import { isUnreachableError } from "../../../src/store/dialect.js";

/** What TypeORM throws for a failed statement: its own error, the driver's beneath. */
function queryFailed(code: string, errno: number): Error {
  return Object.assign(new Error(`query failed: ${code}`), { driverError: Object.assign(new Error(code), { code, errno }) });
}

const noWait = { log: silentLog, sleep: async () => {} };

describe("Retrying a unit of work", function () {
  it("knows a deadlock, a lock wait timeout and a Galera node not ready, also beneath a wrapping error", function () {
    expect(retryReason(queryFailed("ER_LOCK_DEADLOCK", 1213))).to.equal("deadlock");
    expect(retryReason(queryFailed("ER_LOCK_WAIT_TIMEOUT", 1205))).to.equal("lock_wait_timeout");
    expect(retryReason({ cause: queryFailed("ER_UNKNOWN_COM_ERROR", 1047) })).to.equal("node_not_ready");
    expect(retryReason(queryFailed("ER_DUP_ENTRY", 1062))).to.equal(null);
    expect(retryReason(new Error("bad"))).to.equal(null);
    expect(retryReason(null)).to.equal(null);
  });

  it("runs the work again after a certification failure and returns the run that committed", async function () {
    const retried: RetryReason[] = [];
    let runs = 0;
    const result = await withRetries(
      async () => {
        runs++;
        if (runs < 3) throw queryFailed("ER_LOCK_DEADLOCK", 1213);
        return "committed";
      },
      { ...noWait, onRetry: (reason) => retried.push(reason) },
    );
    expect(result).to.equal("committed");
    expect(runs).to.equal(3);
    expect(retried).to.deep.equal(["deadlock", "deadlock"]);
  });

  it("does not run again what failed for another reason", async function () {
    let runs = 0;
    const failing = withRetries(async () => {
      runs++;
      throw queryFailed("ER_DUP_ENTRY", 1062);
    }, noWait);
    expect(((await failing.catch((error: unknown) => error)) as Error).message).to.contain("ER_DUP_ENTRY");
    expect(runs).to.equal(1);
  });

  it("answers a Galera node that stays out of the Primary component as the database unreachable (503), once retries gave up", function () {
    expect(isUnreachableError("mysql", queryFailed("ER_UNKNOWN_COM_ERROR", 1047))).to.equal(true);
    expect(isUnreachableError("mysql", queryFailed("ER_LOCK_DEADLOCK", 1213))).to.equal(false);
  });

  it("tries a lock wait timeout once more only: it already waited the server's whole timeout", async function () {
    let runs = 0;
    const failing = withRetries(async () => {
      runs++;
      throw queryFailed("ER_LOCK_WAIT_TIMEOUT", 1205);
    }, noWait);
    expect(((await failing.catch((error: unknown) => error)) as Error).message).to.contain("ER_LOCK_WAIT_TIMEOUT");
    expect(runs).to.equal(2);
  });

  it("gives up after its attempts with the last error", async function () {
    let runs = 0;
    const failing = withRetries(
      async () => {
        runs++;
        throw queryFailed("ER_LOCK_DEADLOCK", 1213);
      },
      { ...noWait, attempts: 4 },
    );
    expect(((await failing.catch((error: unknown) => error)) as Error).message).to.contain("ER_LOCK_DEADLOCK");
    expect(runs).to.equal(4);
  });
});
