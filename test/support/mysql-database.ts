import { randomBytes } from "node:crypto";
import path from "node:path";
import mysql from "mysql2/promise";

/** Set by CI (.ci/run): the MariaDB server the MySQL suites run against, e.g. mysql://root@127.0.0.1:3306/test. */
export const MYSQL_URL = process.env.MES_TEST_MYSQL_URL;

export interface TestDatabase {
  readonly name: string;
  /** True when this database is not available here: the suite skips, and says so. */
  readonly skip: boolean;
  /** Creates the database (fresh for every call) and returns its URL. */
  url(dir: string): Promise<string>;
  drop?(): Promise<void>;
}

/** A fresh, empty MariaDB database per suite, dropped afterwards, so suites never see each other's rows. */
export function mysqlTestDatabases(): TestDatabase[] {
  const created: string[] = [];
  return [
    {
      name: "MariaDB",
      skip: !MYSQL_URL,
      async url() {
        const base = new URL(MYSQL_URL!);
        const name = `mes_test_${randomBytes(4).toString("hex")}`;
        const connection = await mysql.createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
        await connection.query(`CREATE DATABASE \`${name}\``);
        await connection.end();
        created.push(name);
        const url = new URL(MYSQL_URL!);
        url.pathname = `/${name}`;
        return url.toString();
      },
      async drop() {
        if (created.length === 0) return;
        const base = new URL(MYSQL_URL!);
        const connection = await mysql.createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
        for (const name of created.splice(0)) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await connection.end();
      },
    },
  ];
}

/** The two dialects a suite runs on: a SQLite file in the suite's folder, and MariaDB where MES_TEST_MYSQL_URL names one. */
export function testDatabases(): TestDatabase[] {
  return [{ name: "SQLite", skip: false, url: async (dir) => `sqlite:${path.join(dir, "mes.sqlite")}` }, ...mysqlTestDatabases()];
}
