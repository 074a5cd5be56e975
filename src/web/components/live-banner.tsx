import { time } from "../format.js";
import { useDatabaseStatus, useLiveStatus } from "../live.js";

/**
 * A wall screen must not show stale figures as if they were live: says so while the event stream
 * is down, and while the MES cannot reach its database (live states go on, records do not).
 */
export function LiveBanner() {
  const status = useLiveStatus();
  const database = useDatabaseStatus();
  return (
    <>
      {database.state === "unreachable" && (
        <p class="banner" role="status" data-database="unreachable">
          The MES cannot reach its database since {time(database.since)}: machine states stay live and parts are still counted, but orders, records and changes are unavailable until it is back.
        </p>
      )}
      {status.state !== "live" && (
        <p class="banner" role="status" data-live="interrupted">
          Live updates interrupted since {time(status.since)}: reconnecting. Figures on this page may be out of date.
        </p>
      )}
    </>
  );
}
