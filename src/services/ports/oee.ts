import type { Quantities } from "../../domain/oee/kpis.js";
import type { CrossingStop } from "../../domain/oee/period-summary.js";
import type { TimeElements } from "../../domain/oee/time-model.js";

/** The shift calendars the ISO 22400 time model plans with. */

export interface ShiftCalendarRecord {
  readonly id: string;
  /** The calendar as written in config/oee.yaml or sent over REST (JSON). */
  readonly definition: unknown;
  readonly updatedAt: Date;
}

export interface ShiftCalendarReader {
  findAll(): Promise<ShiftCalendarRecord[]>;
  findById(id: string): Promise<ShiftCalendarRecord | null>;
}

export interface ShiftCalendarRepository extends ShiftCalendarReader {
  upsert(record: ShiftCalendarRecord): Promise<void>;
}

/**
 * One work unit's ISO 22400 figures of one UTC hour, as the raw computation of that hour gives
 * them (stops counted where they first reached planned busy time, see domain/oee/period-summary),
 * kept so a report sums hours instead of reading every interval. Derived data: the writers of the
 * raw rows invalidate it in the same unit of work, the OEE service refills it from the raw rows.
 */
export interface HourSummaryRecord {
  readonly equipmentId: string;
  readonly hourStart: number;
  /** The OEE policy it was computed under (micro-stops, state categories, nameplate times). */
  readonly policy: string;
  readonly elements: TimeElements;
  readonly quantities: Quantities;
  readonly head: CrossingStop | null;
  /** Produced and good quantity per product (records of a known product only). */
  readonly products: readonly { readonly productId: string; readonly pq: number; readonly gq: number }[];
}

/** Every unit's hour summaries of one hour, added up. */
export interface HourTotals {
  readonly hourStart: number;
  /** Set when added up per unit. */
  readonly equipmentId?: string;
  /** How many of the units asked for have a summary of this hour. */
  readonly units: number;
  readonly elements: TimeElements;
  readonly quantities: Quantities;
}

export interface HourSummaryReader {
  /** The summaries of the units in [from, to), added up per hour (and per unit with byUnit): one grouped query. */
  totalsByHour(equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit?: boolean): Promise<HourTotals[]>;
  /** Produced and good quantity per hour and product, added up over the units. */
  /** byUnit: per work unit (equipmentId set) as well as per hour and product. */
  productsByHour(equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit?: boolean): Promise<{ hourStart: number; equipmentId?: string; productId: string; pq: number; gq: number }[]>;
  /** The day summaries (each the sum of a unit's hours of one local day) starting in [from, to), added up per day as totalsByHour does; hourStart is the day's start. */
  totalsByDay(equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit?: boolean): Promise<HourTotals[]>;
  /** productsByHour of the day summaries; hourStart is the day's start. */
  productsByDay(equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit?: boolean): Promise<{ hourStart: number; equipmentId?: string; productId: string; pq: number; gq: number }[]>;
  /** Which (unit, hour) in [from, to) have a summary. */
  present(equipmentIds: readonly string[], policy: string, from: number, to: number): Promise<{ equipmentId: string; hourStart: number }[]>;
  /** The stops crossing the given hour starts that reached planned busy time before them (what a window starting there adds back). */
  countedHeads(equipmentIds: readonly string[], policy: string, hourStarts: readonly number[]): Promise<{ equipmentId: string; hourStart: number; head: CrossingStop }[]>;
}

export interface HourSummaryRepository extends HourSummaryReader {
  /** Replaces the summaries of the same (unit, hour). */
  put(summaries: readonly HourSummaryRecord[]): Promise<void>;
  /** Makes the units' summaries of the days (local days of whole UTC hours) from their hour summaries, for each unit that has every hour of a day. */
  fillDays(equipmentIds: readonly string[], policy: string, days: readonly { start: number; end: number }[]): Promise<void>;
  /** Drops the unit's summaries of hours reaching into [from, to) (to null: onwards), and of the days holding them: their raw rows changed. */
  invalidate(equipmentId: string, from: Date, to: Date | null): Promise<void>;
  /** Drops every summary of the units' hours in [from, to) and of the days holding them (a calendar or an ideal cycle time changed); all units when null. */
  invalidateUnits(equipmentIds: readonly string[] | null, from?: number, to?: number): Promise<void>;
}
