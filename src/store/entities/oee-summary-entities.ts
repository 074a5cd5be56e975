import { EntitySchema } from "typeorm";
import { text } from "./columns.js";

/** The additive ISO 22400 figures of one work unit and UTC hour (see HourSummaryRecord), column per element. */
export interface HourSummaryRow {
  equipmentId: string;
  hourStart: number | string;
  policy: string;
  potMs: number;
  pdotMs: number;
  pbtMs: number;
  aptMs: number;
  austMs: number;
  adetMs: number;
  adotMs: number;
  communicationLossMs: number;
  unknownMs: number;
  microStopMs: number;
  microStops: number;
  failures: number;
  productionOutsidePbtMs: number;
  aoetMs: number;
  pq: number;
  gq: number;
  sq: number;
  idealMs: number;
  pqWithoutIdeal: number;
  headKind: string | null;
  headStart: number | string | null;
  headEnd: number | string | null;
  headBefore: number;
}

const int = (name: string) => ({ type: "int" as const, name });

/** The elements' columns, by the TimeElements/Quantities key they hold. */
export const ELEMENT_COLUMNS = {
  potMs: "pot_ms",
  pdotMs: "pdot_ms",
  pbtMs: "pbt_ms",
  aptMs: "apt_ms",
  austMs: "aust_ms",
  adetMs: "adet_ms",
  adotMs: "adot_ms",
  communicationLossMs: "communication_loss_ms",
  unknownMs: "unknown_ms",
  microStopMs: "micro_stop_ms",
  microStops: "micro_stops",
  failures: "failures",
  productionOutsidePbtMs: "production_outside_pbt_ms",
  aoetMs: "aoet_ms",
} as const;

export const QUANTITY_COLUMNS = { pq: "pq", gq: "gq", sq: "sq", idealMs: "ideal_ms", pqWithoutIdeal: "pq_without_ideal" } as const;

export const HourSummaryEntity = new EntitySchema<HourSummaryRow>({
  name: "OeeHourSummary",
  tableName: "oee_hour_summary",
  columns: {
    equipmentId: { ...text(64), primary: true, name: "equipment_id" },
    hourStart: { type: "bigint", primary: true, name: "hour_start" },
    policy: text(64),
    ...(Object.fromEntries(Object.entries(ELEMENT_COLUMNS).map(([key, column]) => [key, int(column)])) as Record<keyof typeof ELEMENT_COLUMNS, ReturnType<typeof int>>),
    pq: int("pq"),
    gq: int("gq"),
    sq: int("sq"),
    idealMs: { type: "double", name: "ideal_ms" },
    pqWithoutIdeal: int("pq_without_ideal"),
    headKind: { ...text(8, true), name: "head_kind" },
    headStart: { type: "bigint", nullable: true, name: "head_start" },
    headEnd: { type: "bigint", nullable: true, name: "head_end" },
    headBefore: int("head_before"),
  },
});

export interface HourProductRow {
  equipmentId: string;
  hourStart: number | string;
  productId: string;
  policy: string;
  pq: number;
  gq: number;
}

export const HourProductEntity = new EntitySchema<HourProductRow>({
  name: "OeeHourProduct",
  tableName: "oee_hour_product",
  columns: {
    equipmentId: { ...text(64), primary: true, name: "equipment_id" },
    hourStart: { type: "bigint", primary: true, name: "hour_start" },
    productId: { ...text(64), primary: true, name: "product_id" },
    policy: text(64),
    pq: int("pq"),
    gq: int("gq"),
  },
});

/** The sum of one work unit's hour summaries of one local day [dayStart, dayEnd) (see the migration). */
export type DaySummaryRow = Omit<HourSummaryRow, "hourStart" | "headKind" | "headStart" | "headEnd" | "headBefore"> & { dayStart: number | string; dayEnd: number | string };

export const DaySummaryEntity = new EntitySchema<DaySummaryRow>({
  name: "OeeDaySummary",
  tableName: "oee_day_summary",
  columns: {
    equipmentId: { ...text(64), primary: true, name: "equipment_id" },
    dayStart: { type: "bigint", primary: true, name: "day_start" },
    dayEnd: { type: "bigint", name: "day_end" },
    policy: text(64),
    ...(Object.fromEntries(Object.entries(ELEMENT_COLUMNS).map(([key, column]) => [key, int(column)])) as Record<keyof typeof ELEMENT_COLUMNS, ReturnType<typeof int>>),
    pq: int("pq"),
    gq: int("gq"),
    sq: int("sq"),
    idealMs: { type: "double", name: "ideal_ms" },
    pqWithoutIdeal: int("pq_without_ideal"),
  },
});

export type DayProductRow = Omit<HourProductRow, "hourStart"> & { dayStart: number | string };

export const DayProductEntity = new EntitySchema<DayProductRow>({
  name: "OeeDayProduct",
  tableName: "oee_day_product",
  columns: {
    equipmentId: { ...text(64), primary: true, name: "equipment_id" },
    dayStart: { type: "bigint", primary: true, name: "day_start" },
    productId: { ...text(64), primary: true, name: "product_id" },
    policy: text(64),
    pq: int("pq"),
    gq: int("gq"),
  },
});
