import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Log } from "../../../src/services/log.js";
import { StoreUnavailable } from "../../../src/services/ports/store-unavailable.js";
import type { Store } from "../../../src/services/ports/store.js";
import { openStore } from "../../../src/store/open-store.js";
import { mysqlTestDatabases } from "../../support/mysql-database.js";
import { startTcpRelay, type TcpRelay } from "../../support/tcp-relay.js";

const [mariadb] = mysqlTestDatabases();

/**
 * The store's outage log (MariaDB behind a loopback relay the test cuts): it begins at the first
 * query the database cannot answer and ends at the first it answers. A read with nothing to ask
 * (no hours) asks nothing, and says nothing about the database.
 */
describe("The store's outage log (MariaDB)", function () {
  let relay: TcpRelay;
  let store: Store;
  const lines: { level: string; message: string }[] = [];
  const log: Log = {
    info: (message) => lines.push({ level: "info", message }),
    warn: (message) => lines.push({ level: "warn", message }),
    error: (message) => lines.push({ level: "error", message }),
  };

  before(async function () {
    if (mariadb.skip) this.skip();
    const url = new URL(await mariadb.url(""));
    relay = await startTcpRelay(new URL(`http://${url.hostname}:${url.port || 3306}`));
    url.hostname = "127.0.0.1";
    url.port = new URL(relay.url).port;
    store = await openStore(url.toString(), { log });
  });

  after(async function () {
    relay?.restore();
    await store?.close();
    await relay?.close();
    await mariadb.drop?.();
  });

  it("stays on through a read that needs no query and ends when the database answers again", async function () {
    relay.cut();
    const failure = await store.read.hourSummaries.countedHeads(["press-1"], "default", [Date.UTC(2026, 11, 3, 6)]).catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(StoreUnavailable);

    expect(await store.read.hourSummaries.countedHeads(["press-1"], "default", [])).to.deep.equal([]);
    expect(lines.map((line) => line.level)).to.deep.equal(["error"]);
    expect(lines[0].message).to.match(/^database unreachable/);

    relay.restore();
    await store.ping();
    expect(lines.map((line) => line.level)).to.deep.equal(["error", "info"]);
    expect(lines[1].message).to.match(/^database reachable again after \d+ s unreachable \(1 database operations failed meanwhile\)/);
  });
});

/** SQLite's driver hands out one query runner for the life of the store: what watches its answers must not pile up on it. */
describe("The store's outage watch on SQLite", function () {
  let dir: string;
  let store: Store;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-outage-watch-"));
    store = await openStore(`sqlite:${path.join(dir, "mes.db")}`);
  });

  after(async function () {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers its 20,000th query as it answered its first", async function () {
    for (let i = 0; i < 20_000; i++) await store.ping();
    expect(await store.read.audit.count({})).to.equal(0);
  });
});
