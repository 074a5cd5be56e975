/**
 * The job commands a person gives from the board, by the REST names the API offers them under
 * (a job order's `allowedCommands`), with the label each button shows. The executor's begin,
 * hold, complete and close are the station's; update is the edit form, not a button.
 */
export const JOB_COMMAND_BUTTONS: Readonly<Record<string, { label: string; danger: boolean }>> = {
  start: { label: "Start", danger: false },
  pause: { label: "Pause", danger: false },
  resume: { label: "Resume", danger: false },
  stop: { label: "Stop", danger: true },
  abort: { label: "Abort", danger: true },
  cancel: { label: "Cancel", danger: true },
  clear: { label: "Clear", danger: false },
};
