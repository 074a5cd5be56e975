import path from "node:path";

export type DatabaseTarget =
  | { readonly dialect: "sqlite"; readonly file: string }
  | { readonly dialect: "mysql"; readonly host: string; readonly port: number; readonly user: string; readonly password: string; readonly database: string };

/**
 * `sqlite:data/mes.sqlite` (relative to the working directory), `sqlite:/abs/file.sqlite`,
 * `sqlite::memory:`, or `mysql://user:password@host:3306/database` (MariaDB too).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (file === "") throw new Error(`database URL "${url}": name a file, e.g. sqlite:data/mes.sqlite`);
    return { dialect: "sqlite", file: file === ":memory:" ? file : path.resolve(file) };
  }
  if (url.startsWith("mysql://") || url.startsWith("mariadb://")) {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
    if (!database) throw new Error(`database URL "${redact(url)}": name the database, e.g. mysql://root@127.0.0.1:3306/mes`);
    return {
      dialect: "mysql",
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database,
    };
  }
  throw new Error(`database URL "${redact(url)}" is neither sqlite:<file> nor mysql://user:password@host:port/database`);
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
