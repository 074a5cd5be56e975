import { DomainError } from "../domain/domain-error.js";
import type { EquipmentNode } from "../domain/equipment.js";
import { shiftInstances } from "../domain/oee/shift-calendar.js";
import { buildRoster, type Roster, type RosterShift } from "../domain/scheduling/roster.js";
import type { StaffingNeed } from "../domain/scheduling/scheduling-settings.js";
import type { Actor } from "./actor.js";
import type { CalendarService } from "./calendar-service.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { PersonRecord, RosterAssignmentRecord } from "./ports/people.js";
import type { Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

export type PersonInput = Omit<PersonRecord, "updatedAt">;

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * Personnel (ISA-95: people, their classes and qualifications per work center) and the weekly
 * shift roster built from them, the work centers' calendars and the staffing needs in
 * config/scheduling.yaml. Every change is audited.
 */
export class PersonnelService {
  private readonly workCenters: Set<string>;
  private readonly parents: Map<string, string | null>;

  constructor(
    private readonly store: Store,
    private readonly calendars: CalendarService,
    equipment: readonly EquipmentNode[],
    private readonly staffing: readonly StaffingNeed[],
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {
    this.workCenters = new Set(equipment.filter((node) => node.level === "WorkCenter").map((node) => node.id));
    this.parents = new Map(equipment.map((node) => [node.id, node.parentId]));
  }

  async people(): Promise<PersonRecord[]> {
    return this.store.read.personnel.findAll();
  }

  async person(id: string): Promise<PersonRecord> {
    const found = await this.store.read.personnel.findById(id);
    if (!found) throw new DomainError("not_found", `no person "${id}"`, { id });
    return found;
  }

  async putPerson(input: PersonInput, actor: Actor): Promise<{ person: PersonRecord; created: boolean }> {
    input.qualifications.forEach((workCenterId, i) => {
      if (!this.workCenters.has(workCenterId)) throw new DomainError("invalid_input", `qualifications[${i}]: "${workCenterId}" is not a work center`, { field: `qualifications[${i}]` });
    });
    if (input.minHours > input.maxHours) throw new DomainError("invalid_input", "minHours: more than maxHours", { field: "minHours" });
    return this.store.unitOfWork(async (repos) => {
      const before = await repos.personnel.findById(input.id);
      const person: PersonRecord = { ...input, updatedAt: this.clock.now() };
      await repos.personnel.upsert(person);
      await recordAudit(repos, { id: this.newId(), at: person.updatedAt, actor, action: before ? "person.updated" : "person.created", targetType: "person", targetId: person.id, before, after: person });
      return { person, created: !before };
    });
  }

  /** The roster of the week starting at `weekStart` (shifts that start within the week); committing replaces that week's roster. */
  async roster(weekStart: Date, commit: boolean, actor: Actor): Promise<Roster & { weekStart: Date; weekEnd: Date; committed: boolean }> {
    const window = { start: weekStart.getTime(), end: weekStart.getTime() + WEEK_MS };
    const shifts: RosterShift[] = [];
    for (const workCenterId of new Set(this.staffing.map((need) => need.workCenterId))) {
      const calendar = await this.calendars.calendarFor(workCenterId);
      if (!calendar) continue;
      for (const shift of shiftInstances(calendar, window).filter((s) => s.start >= window.start && s.start < window.end)) {
        const definition = calendar.shifts.find((d) => d.name === shift.name);
        for (const need of this.staffing.filter((n) => n.workCenterId === workCenterId && (n.shift === "*" || n.shift === shift.name))) {
          shifts.push({ key: `${shift.date} ${shift.name}`, workCenterId, start: shift.start, end: shift.end, needed: need.people, personnelClass: need.personnelClass, night: definition !== undefined && definition.end <= definition.start });
        }
      }
    }
    const people = await this.store.read.personnel.findAll();
    const roster = buildRoster(
      people.map((p) => ({ ...p, unavailable: p.unavailable.map((u) => ({ start: u.start.getTime(), end: u.end.getTime() })) })),
      shifts,
    );
    if (commit) {
      const assignments: RosterAssignmentRecord[] = roster.assignments.map((a) => ({ id: this.newId(), personId: a.personId, workCenterId: a.workCenterId, shiftKey: a.shiftKey, startsAt: new Date(a.start), endsAt: new Date(a.end) }));
      await this.store.unitOfWork(async (repos) => {
        await repos.rosters.replace(new Date(window.start), new Date(window.end), [...new Set(shifts.map((s) => s.workCenterId))], assignments);
        await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "roster.committed", targetType: "roster", targetId: new Date(window.start).toISOString(), after: { assignments: assignments.length, shortages: roster.shortages } });
      });
    }
    return { ...roster, weekStart: new Date(window.start), weekEnd: new Date(window.end), committed: commit };
  }

  async assignments(from: Date, to: Date): Promise<RosterAssignmentRecord[]> {
    if (!(to > from)) throw new DomainError("invalid_input", "to: must be after from", { field: "to" });
    return this.store.read.rosters.findInWindow(from, to);
  }

  /**
   * The people rostered on the work center of a piece of equipment (itself, or the work center a
   * work unit belongs to) at any time in [from, to): the crew of a job order (OPC UA PersonnelID).
   */
  async crew(equipmentId: string, from: Date, to: Date): Promise<string[]> {
    const workCenterId = this.workCenters.has(equipmentId) ? equipmentId : this.parents.get(equipmentId);
    if (!workCenterId || !(to > from)) return [];
    const assignments = await this.store.read.rosters.findInWindow(from, to);
    return [...new Set(assignments.filter((a) => a.workCenterId === workCenterId).map((a) => a.personId))];
  }

  /** Who is rostered at a moment, per work center, with their names. */
  async onShift(at: Date): Promise<{ workCenterId: string; shiftKey: string; personId: string; name: string | null }[]> {
    const assignments = await this.store.read.rosters.findInWindow(at, new Date(at.getTime() + 1));
    const people = new Map((await this.store.read.personnel.findAll()).map((p) => [p.id, p.name]));
    return assignments.map((a) => ({ workCenterId: a.workCenterId, shiftKey: a.shiftKey, personId: a.personId, name: people.get(a.personId) ?? null }));
  }
}
