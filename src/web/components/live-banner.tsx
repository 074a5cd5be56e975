import { time } from "../format.js";
import { useLiveStatus } from "../live.js";

/** A wall screen must not show stale figures as if they were live: says so while the event stream is down. */
export function LiveBanner() {
  const status = useLiveStatus();
  if (status.state === "live") return null;
  return (
    <p class="banner" role="status" data-live="interrupted">
      Live updates interrupted since {time(status.since)}: reconnecting. Figures on this page may be out of date.
    </p>
  );
}
