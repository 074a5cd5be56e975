/** ISA-95 personnel and their roster. */

/** A person (ISA-95 personnel): classes such as Operator or Maintenance, and the work centers they are qualified for. */
export interface PersonRecord {
  readonly id: string;
  readonly name: string;
  readonly classes: readonly string[];
  readonly qualifications: readonly string[];
  readonly contractedHours: number;
  readonly minHours: number;
  readonly maxHours: number;
  readonly unavailable: readonly { readonly start: Date; readonly end: Date }[];
  readonly updatedAt: Date;
}

export interface RosterAssignmentRecord {
  readonly id: string;
  readonly personId: string;
  readonly workCenterId: string;
  readonly shiftKey: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface PersonReader {
  findAll(): Promise<PersonRecord[]>;
  findById(id: string): Promise<PersonRecord | null>;
}

export interface PersonRepository extends PersonReader {
  upsert(record: PersonRecord): Promise<void>;
}

export interface RosterReader {
  /** Assignments overlapping [from, to), oldest first. */
  findInWindow(from: Date, to: Date): Promise<RosterAssignmentRecord[]>;
}

export interface RosterRepository extends RosterReader {
  /** Replaces the assignments of these work centers overlapping [from, to) with the given ones. */
  replace(from: Date, to: Date, workCenterIds: readonly string[], assignments: readonly RosterAssignmentRecord[]): Promise<void>;
}
