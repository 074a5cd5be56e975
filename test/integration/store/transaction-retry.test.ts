import { expect } from "chai";
import { silentLog } from "../../../src/services/log.js";
import type { Repositories, Store } from "../../../src/services/ports/store.js";
import { openStore } from "../../../src/store/open-store.js";
import type { RetryReason } from "../../../src/store/transaction-retry.js";
import { mysqlTestDatabases } from "../../support/mysql-database.js";

const [database] = mysqlTestDatabases();
const FAR = new Date("2030-01-01T00:00:00.000Z");

/** Resolves once `parties` have arrived, and at once for anyone arriving later (a re-run unit of work). */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived >= parties) open();
    return opened;
  };
}

/** Adds one to the lease's token, failing if the row was not the one read (a lost update). */
async function bump(repos: Repositories, name: string): Promise<void> {
  const lease = await repos.leases.find(name);
  if (!lease) throw new Error(`no lease ${name}`);
  if (!(await repos.leases.replace(lease, { ...lease, token: lease.token + 1 }))) throw new Error(`lease ${name} changed under the unit of work`);
}

describe("A unit of work that loses a deadlock (MariaDB)", function () {
  this.timeout(30_000);
  let store: Store | undefined;
  const retries: RetryReason[] = [];

  beforeEach(async function () {
    if (database!.skip) this.skip();
    store = await openStore(await database!.url(""), { log: silentLog, onRetry: (reason) => retries.push(reason) });
    await store.unitOfWork(async (repos) => {
      await repos.leases.insert({ name: "one", holder: "mes-a", token: 1, expiresAt: FAR });
      await repos.leases.insert({ name: "two", holder: "mes-a", token: 1, expiresAt: FAR });
    });
  });

  afterEach(async function () {
    await store?.close();
    await database!.drop?.();
  });

  it("is run again from the start: both units commit, each change once", async function () {
    const bothLocked = barrier(2);
    // Each takes one row, then wants the other's: InnoDB rolls one back as the deadlock's victim.
    const crosswise = (first: string, second: string) =>
      store!.unitOfWork(async (repos) => {
        await bump(repos, first);
        await bothLocked();
        await bump(repos, second);
      });
    await Promise.all([crosswise("one", "two"), crosswise("two", "one")]);

    expect((await store!.read.leases.find("one"))?.token).to.equal(3);
    expect((await store!.read.leases.find("two"))?.token).to.equal(3);
    expect(retries).to.include("deadlock");
  });
});
