import { InitialSchema1764000000000 } from "./1764000000000-initial-schema.js";

/** In order; append, never reorder or edit. TypeORM wants a timestamp at the end of each name. */
export const MIGRATIONS = [InitialSchema1764000000000];
