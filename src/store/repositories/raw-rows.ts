import type { EntityManager, EntityMetadata, EntitySchema, ObjectLiteral } from "typeorm";

/** Each entity's INSERT statement and row placeholders, made once (the metadata is the data source's, for its life). */
const INSERTS = new WeakMap<EntityMetadata, { sql: string; row: string }>();
/** Each entity's SELECT statements by the shape of their WHERE and ORDER BY, made once. */
const SELECTS = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * Rows of an entity read with a plain SQL statement and hydrated by the entity's own column
 * metadata and the dialect's driver (dates as SQLite's text or MySQL's DATETIME come back as the
 * ORM would give them). For reads of thousands of rows a second, such as the live OEE's: the
 * query builder and entity transformer cost 4-5x the SQLite query itself there.
 */
export class RawRows<T extends ObjectLiteral> {
  constructor(
    private readonly manager: EntityManager,
    private readonly entity: EntitySchema<T>,
  ) {}

  /** The entity's column (database name) holding a property, for SQL text. */
  column(property: keyof T & string): string {
    return this.metadata.findColumnWithPropertyName(property)!.databaseName;
  }

  /** A value bound for a column as the ORM would persist it (a Date as the dialect stores it). */
  param(property: keyof T & string, value: unknown): unknown {
    return this.manager.connection.driver.preparePersistentValue(value, this.metadata.findColumnWithPropertyName(property)!);
  }

  /** The columns selected (`alias.column AS column`, so the statement may join). */
  select(alias: string): string {
    return this.metadata.columns.map((c) => `${alias}.${c.databaseName} AS ${c.databaseName}`).join(", ");
  }

  /**
   * Rows written with one plain multi-row INSERT of every column, values bound as the ORM would
   * persist them (a missing value as NULL). For the rows every command writes (its audit entry,
   * its transition) and for bulk loads: TypeORM's insert builder spends more CPU building the
   * statement than the database takes to run it (issue 19). The caller keeps a batch within the
   * dialect's bound-parameter limit.
   */
  async insert(...rows: Partial<T>[]): Promise<void> {
    if (rows.length === 0) return;
    const driver = this.manager.connection.driver;
    const metadata = this.metadata;
    let head = INSERTS.get(metadata);
    if (!head) {
      head = { sql: `INSERT INTO ${driver.escape(metadata.tableName)} (${metadata.columns.map((c) => driver.escape(c.databaseName)).join(", ")}) VALUES `, row: `(${metadata.columns.map(() => "?").join(", ")})` };
      INSERTS.set(metadata, head);
    }
    const params: unknown[] = [];
    for (const row of rows) {
      for (const column of metadata.columns) {
        const value = (row as Record<string, unknown>)[column.propertyName];
        // No column DEFAULT here, as the ORM would have used: a row without a required value is a bug.
        if (value === undefined && !column.isNullable) throw new Error(`${metadata.tableName}.${column.databaseName}: no value`);
        params.push(driver.preparePersistentValue(value ?? null, column) ?? null);
      }
    }
    await this.manager.query(head.sql + rows.map(() => head.row).join(", "), params);
  }

  /**
   * The rows whose properties equal `where` (null: IS NULL), in `order` (ascending), at most
   * `limit`: what the ORM's find() gives, for the reads every command makes (a job order by id,
   * a unit's JobOrderList), where the ORM's query building and hydration cost more CPU than the
   * database takes (issue 19).
   */
  async find(where: Partial<T>, order: readonly (keyof T & string)[] = [], limit?: number): Promise<T[]> {
    const metadata = this.metadata;
    const properties = Object.keys(where) as (keyof T & string)[];
    const shape = `${properties.map((p) => `${p}${where[p] === null ? " null" : ""}`).join(",")}|${order.join(",")}|${limit ?? ""}`;
    const statements = SELECTS.get(metadata) ?? SELECTS.set(metadata, new Map()).get(metadata)!;
    let sql = statements.get(shape);
    if (!sql) {
      const escape = (name: string) => this.manager.connection.driver.escape(name);
      const conditions = properties.map((p) => `${escape(this.column(p))} ${where[p] === null ? "IS NULL" : "= ?"}`);
      sql = `SELECT ${metadata.columns.map((c) => escape(c.databaseName)).join(", ")} FROM ${escape(metadata.tableName)}`;
      if (conditions.length > 0) sql += ` WHERE ${conditions.join(" AND ")}`;
      if (order.length > 0) sql += ` ORDER BY ${order.map((p) => `${escape(this.column(p))} ASC`).join(", ")}`;
      if (limit !== undefined) sql += ` LIMIT ${Math.floor(limit)}`;
      statements.set(shape, sql);
    }
    return this.query(
      sql,
      properties.filter((p) => where[p] !== null).map((p) => this.param(p, where[p])),
    );
  }

  /** Rows of a plain SELECT whose columns are named by their database names; with `properties`, only those are hydrated (the rest are left out). */
  async query(sql: string, params: readonly unknown[], properties?: readonly (keyof T & string)[]): Promise<T[]> {
    const driver = this.manager.connection.driver;
    const columns = properties ? properties.map((p) => this.metadata.findColumnWithPropertyName(p)!) : this.metadata.columns;
    const rows = (await this.manager.query(sql, [...params])) as Record<string, unknown>[];
    const result = new Array<T>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const entity: Record<string, unknown> = {};
      for (const column of columns) entity[column.propertyName] = driver.prepareHydratedValue(row[column.databaseName], column);
      result[i] = entity as T;
    }
    return result;
  }

  private get metadata() {
    return this.manager.connection.getMetadata(this.entity);
  }
}
