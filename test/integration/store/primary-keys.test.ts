import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DataSource } from "typeorm";
import { silentLog } from "../../../src/services/log.js";
import { parseDatabaseUrl } from "../../../src/store/database-url.js";
import { dataSourceOptions } from "../../../src/store/dialect.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const databases: TestDatabase[] = testDatabases();

/** Every table of the database with whether it has a primary key, and (MySQL) its storage engine. */
async function tablesOf(url: string): Promise<Array<{ table: string; primaryKey: boolean; engine: string | null }>> {
  const target = parseDatabaseUrl(url);
  const dataSource = new DataSource(dataSourceOptions(target));
  await dataSource.initialize();
  try {
    if (target.dialect === "sqlite") {
      const tables = (await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) as Array<{ name: string }>;
      const result = [];
      for (const { name } of tables) {
        const columns = (await dataSource.query(`PRAGMA table_info("${name}")`)) as Array<{ pk: number }>;
        result.push({ table: name, primaryKey: columns.some((column) => column.pk > 0), engine: null });
      }
      return result;
    }
    const rows = (await dataSource.query(
      `SELECT t.TABLE_NAME AS name, t.ENGINE AS engine, COUNT(c.CONSTRAINT_NAME) AS keys_
         FROM information_schema.TABLES t
         LEFT JOIN information_schema.TABLE_CONSTRAINTS c
           ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY'
        WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
        GROUP BY t.TABLE_NAME, t.ENGINE ORDER BY t.TABLE_NAME`,
    )) as Array<{ name: string; engine: string; keys_: number | string }>;
    return rows.map((row) => ({ table: row.name, primaryKey: Number(row.keys_) > 0, engine: row.engine }));
  } finally {
    await dataSource.destroy();
  }
}

for (const database of databases) {
  describe(`The migrated schema on a Galera-ready footing (${database.name})`, function () {
    this.timeout(60_000);
    let dir: string;
    let url: string;

    beforeEach(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-keys-"));
      url = await database.url(dir);
      await (await openStore(url, { log: silentLog })).close();
    });

    afterEach(async function () {
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("has a primary key on every table (Galera replicates rows by key)", async function () {
      const tables = await tablesOf(url);
      expect(tables.length).to.be.greaterThan(40);
      expect(tables.filter((table) => !table.primaryKey).map((table) => table.table)).to.deep.equal([]);
    });

    if (database.name !== "SQLite") {
      it("keeps every table in InnoDB (Galera replicates no other engine)", async function () {
        const tables = await tablesOf(url);
        expect(tables.filter((table) => table.engine !== "InnoDB").map((table) => `${table.table} (${table.engine})`)).to.deep.equal([]);
      });
    }
  });
}
