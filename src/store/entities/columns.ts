import type { EntitySchemaColumnOptions } from "typeorm";

/** Column shapes used across entities; explicit types so both dialects (and tsx, which emits no metadata) agree. */
export const id = (length = 64): EntitySchemaColumnOptions => ({ type: "varchar", length, primary: true });
export const text = (length: number, nullable = false): EntitySchemaColumnOptions => ({ type: "varchar", length, nullable });
export const timestamp = (nullable = false): EntitySchemaColumnOptions => ({ type: "datetime", precision: 3, nullable });
export const integer = (nullable = false): EntitySchemaColumnOptions => ({ type: "int", nullable });
