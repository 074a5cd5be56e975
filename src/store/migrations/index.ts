import { InitialSchema1764000000000 } from "./1764000000000-initial-schema.js";
import { JobOrderTransitions1764100000000 } from "./1764100000000-job-order-transitions.js";

/** In order; append, never reorder or edit. TypeORM wants a timestamp at the end of each name. */
export const MIGRATIONS = [InitialSchema1764000000000, JobOrderTransitions1764100000000];
