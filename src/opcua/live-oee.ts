import type { Log } from "../services/log.js";
import type { OeeService } from "../services/oee-service.js";
import type { OeeNodes } from "./oee-nodes.js";

/**
 * Recomputes the current shift's OEE of all equipment on a timer and pushes it onto the Oee
 * objects. Time alone moves availability, so it runs whether or not parts are made; a tick that
 * is still running when the next is due is not doubled.
 */
export function startLiveOee(oee: OeeService, nodes: OeeNodes, intervalMs: number, log: Log): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  let failedBefore = false;
  const tick = () => {
    if (running) return;
    running = oee
      .liveFigures()
      .then((figures) => {
        nodes.publish(figures);
        failedBefore = false;
      })
      .catch((error) => {
        // Once per outage, not once a second: a database that is down is reported by /healthz too.
        if (!failedBefore) log.error("live OEE not computed", error);
        failedBefore = true;
      })
      .finally(() => (running = undefined));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
