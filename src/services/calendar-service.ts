import { DomainError } from "../domain/domain-error.js";
import type { EquipmentNode } from "../domain/equipment.js";
import { checkCalendarDefinition, toShiftCalendar, type CalendarDefinition } from "../domain/oee/calendar-definition.js";
import type { ShiftCalendar } from "../domain/oee/shift-calendar.js";
import { CONFIG_ACTOR, type Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

export interface CalendarView extends CalendarDefinition {
  readonly id: string;
  readonly updatedAt: Date;
}

/**
 * Shift calendars: seeded from config/oee.yaml, edited over REST, each change audited. Equipment
 * takes the calendar that names it or its nearest ancestor; without one it has no planned time.
 */
export class CalendarService {
  private cache: Map<string, CalendarView> | undefined;
  /** Each loaded calendar as the time model takes it: the live OEE asks for every unit's calendar every second. */
  private shiftCalendars = new Map<string, ShiftCalendar & { id: string }>();
  private extraDowntime: (equipmentId: string) => readonly ShiftCalendar["plannedDowntime"][number][] = () => [];
  private readonly parents: Map<string, string | null>;

  constructor(
    private readonly store: Store,
    equipment: readonly EquipmentNode[],
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {
    this.parents = new Map(equipment.map((node) => [node.id, node.parentId]));
  }

  /** Adds the configured calendars the database does not have yet. */
  async seed(calendars: Readonly<Record<string, CalendarDefinition>>): Promise<number> {
    let added = 0;
    for (const [id, definition] of Object.entries(calendars)) {
      if (await this.store.read.calendars.findById(id)) continue;
      await this.put(id, definition, CONFIG_ACTOR);
      added++;
    }
    return added;
  }

  async list(): Promise<CalendarView[]> {
    return [...(await this.load()).values()];
  }

  async get(id: string): Promise<CalendarView> {
    const found = (await this.load()).get(id);
    if (!found) throw new DomainError("not_found", `no calendar "${id}"`, { id });
    return found;
  }

  /** The definition comes well-formed (its door validated it against the calendar schema); the rules across its fields and the plant are checked here. */
  async put(id: string, definition: CalendarDefinition, actor: Actor): Promise<{ calendar: CalendarView; created: boolean }> {
    const [problem] = checkCalendarDefinition(definition);
    if (problem) throw new DomainError("invalid_input", `${problem.field}: ${problem.message}`, { field: problem.field });
    definition.equipmentIds.forEach((equipmentId, i) => {
      if (!this.parents.has(equipmentId)) throw new DomainError("invalid_input", `equipmentIds[${i}]: no equipment "${equipmentId}"`, { field: `equipmentIds[${i}]` });
    });
    const result = await this.store.unitOfWork(async (repos) => {
      for (const other of await repos.calendars.findAll()) {
        if (other.id === id) continue;
        const taken = definition.equipmentIds.find((equipmentId) => (other.definition as CalendarDefinition).equipmentIds.includes(equipmentId));
        if (taken) throw new DomainError("conflict", `"${taken}" is planned by calendar "${other.id}" already; take it out there first`, { reason: "duplicate", field: "equipmentIds", calendarId: other.id });
      }
      const before = await repos.calendars.findById(id);
      const now = this.clock.now();
      await repos.calendars.upsert({ id, definition, updatedAt: now });
      // Planned time is in every OEE hour summary of the units it plans (before and after): refilled from the raw rows on the next read.
      await repos.hourSummaries.invalidateUnits(await this.plannedBy(id, definition));
      await recordAudit(repos, { id: this.newId(), at: now, actor, action: before ? "calendar.updated" : "calendar.created", targetType: "calendar", targetId: id, before: before?.definition ?? null, after: definition });
      return { calendar: { ...definition, id, updatedAt: now }, created: !before };
    });
    this.cache = undefined;
    return result;
  }

  /**
   * Planned down time of one piece of equipment beyond its calendar's (planned maintenance slots),
   * asked on every calendarFor, so it must answer from memory.
   */
  addPlannedDowntime(source: (equipmentId: string) => readonly ShiftCalendar["plannedDowntime"][number][]): void {
    const previous = this.extraDowntime;
    this.extraDowntime = (equipmentId) => [...previous(equipmentId), ...source(equipmentId)];
  }

  /** The calendar of the equipment (its own or its nearest ancestor's), or null; with the equipment's own planned down time added. */
  async calendarFor(equipmentId: string): Promise<(ShiftCalendar & { id: string }) | null> {
    const calendars = [...(await this.load()).values()];
    for (let id: string | null | undefined = equipmentId; id; id = this.parents.get(id)) {
      const found = calendars.find((calendar) => calendar.equipmentIds.includes(id!));
      if (!found) continue;
      const calendar = this.shiftCalendars.get(found.id) ?? this.shiftCalendars.set(found.id, { id: found.id, ...toShiftCalendar(found) }).get(found.id)!;
      const extra = this.extraDowntime(equipmentId);
      // Its own id: planned time is cached per calendar id, and this one is the unit's alone.
      return extra.length === 0 ? calendar : { ...calendar, id: `${found.id}+${equipmentId}`, plannedDowntime: [...calendar.plannedDowntime, ...extra] };
    }
    return null;
  }

  /** The equipment whose calendar is `id` now or will be with `definition`: whose OEE planned time the change may move. */
  private async plannedBy(id: string, definition: CalendarDefinition): Promise<string[]> {
    const calendars = [...(await this.load()).values()];
    const after = [...calendars.filter((calendar) => calendar.id !== id), { ...definition, id, updatedAt: new Date(0) }];
    const owner = (list: readonly CalendarView[], equipmentId: string) => {
      for (let at: string | null | undefined = equipmentId; at; at = this.parents.get(at)) {
        const found = list.find((calendar) => calendar.equipmentIds.includes(at!));
        if (found) return found.id;
      }
      return null;
    };
    return [...this.parents.keys()].filter((equipmentId) => owner(calendars, equipmentId) === id || owner(after, equipmentId) === id);
  }

  private async load(): Promise<Map<string, CalendarView>> {
    if (!this.cache) {
      const records = await this.store.read.calendars.findAll();
      this.cache = new Map(records.map((record) => [record.id, { ...(record.definition as CalendarDefinition), id: record.id, updatedAt: record.updatedAt }]));
      this.shiftCalendars = new Map();
    }
    return this.cache;
  }
}
