import { EntitySchema } from "typeorm";
import { id, text, timestamp } from "./columns.js";

export interface PersonRow {
  id: string;
  name: string;
  classes: string;
  qualifications: string;
  contractedHours: number;
  minHours: number;
  maxHours: number;
  unavailable: string;
  updatedAt: Date;
}

export const PersonEntity = new EntitySchema<PersonRow>({
  name: "Person",
  tableName: "person",
  columns: {
    id: id(),
    name: text(128),
    classes: { type: "text" },
    qualifications: { type: "text" },
    contractedHours: { type: "double", name: "contracted_hours" },
    minHours: { type: "double", name: "min_hours" },
    maxHours: { type: "double", name: "max_hours" },
    unavailable: { type: "text" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface RosterAssignmentRow {
  id: string;
  personId: string;
  workCenterId: string;
  shiftKey: string;
  startsAt: Date;
  endsAt: Date;
}

export const RosterAssignmentEntity = new EntitySchema<RosterAssignmentRow>({
  name: "RosterAssignment",
  tableName: "roster_assignment",
  columns: {
    id: id(36),
    personId: { ...text(64), name: "person_id" },
    workCenterId: { ...text(64), name: "work_center_id" },
    shiftKey: { ...text(128), name: "shift_key" },
    startsAt: { ...timestamp(), name: "starts_at" },
    endsAt: { ...timestamp(), name: "ends_at" },
  },
});
