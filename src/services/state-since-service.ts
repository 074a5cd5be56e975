import { carryStateBack } from "../domain/oee/state-since.js";
import type { StateIntervalRecord } from "./ports/production.js";
import type { Store } from "./ports/store.js";

/**
 * How long the MES may be away (a restart for an update, a reboot, a crash and its recovery) and
 * still say the machine kept the state it had before: it found it in that state on both sides.
 * Longer than that is time nobody recorded, and "since" starts again after it.
 */
export const RESTART_GAP_MS = 10 * 60_000;
/** History is read back this far at a time while the state goes on... */
const PAGE_MS = 24 * 3_600_000;
/** ...at most this many times: a state older than a month shows a month. */
const MAX_PAGES = 31;

/**
 * When each work unit entered its current state, from the state intervals in the database: the open
 * interval's start, carried back over splits and MES restarts (see carryStateBack). The answer for
 * an open interval never changes, so each is read once.
 */
export class StateSinceService {
  private readonly known = new Map<string, { openId: string; since: Date }>();

  constructor(private readonly store: Store) {}

  /** The open interval of every work unit that has one, with the start of its state. */
  async all(): Promise<Map<string, { interval: StateIntervalRecord; since: Date }>> {
    const result = new Map<string, { interval: StateIntervalRecord; since: Date }>();
    for (const open of await this.store.read.stateIntervals.findAllOpen()) result.set(open.equipmentId, { interval: open, since: await this.sinceOf(open) });
    return result;
  }

  private async sinceOf(open: StateIntervalRecord): Promise<Date> {
    const cached = this.known.get(open.equipmentId);
    if (cached?.openId === open.id) return cached.since;
    let since = open.startedAt;
    for (let page = 0; page < MAX_PAGES; page++) {
      const earlier = await this.store.read.stateIntervals.findByEquipment(open.equipmentId, new Date(since.getTime() - PAGE_MS), since);
      const carried = carryStateBack(open.state, since, earlier, RESTART_GAP_MS);
      since = carried.since;
      if (!carried.mayGoOn) break;
    }
    this.known.set(open.equipmentId, { openId: open.id, since });
    return since;
  }
}
