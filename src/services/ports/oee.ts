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
