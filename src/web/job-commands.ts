/**
 * The job commands a person gives from the board, by the REST names the API offers them under
 * (a job order's `allowedCommands`), with the label each button shows. Update is the edit form,
 * not a button; hold and close are the station's. Begin and complete are the executor's
 * (OPC 10031-4): shown only where the operator is it (`executor: "operator"`, a station without a
 * dispatch driver), and given through the station's start-job and finish-job, as a driver would.
 * `confirm` asks before a command that cannot be taken back.
 */
export interface JobCommandButton {
  readonly label: string;
  readonly danger: boolean;
  readonly executorOnly?: boolean;
  readonly confirm?: string;
}

export const JOB_COMMAND_BUTTONS: Readonly<Record<string, JobCommandButton>> = {
  start: { label: "Allow to start", danger: false },
  begin: { label: "Start job", danger: false, executorOnly: true },
  pause: { label: "Pause", danger: false },
  resume: { label: "Resume", danger: false },
  complete: { label: "Finish job", danger: false, executorOnly: true },
  stop: { label: "Stop", danger: true },
  abort: { label: "Abort", danger: true, confirm: "Abort this job? It ends as Aborted and cannot be resumed." },
  cancel: { label: "Cancel", danger: true, confirm: "Cancel this job? It leaves the station's job list and cannot be started any more." },
  clear: { label: "Clear", danger: false },
};

/** The buttons a job order offers a person now, in the state machine's order. */
export function jobButtons(job: { allowedCommands: readonly string[]; executor: string }): [string, JobCommandButton][] {
  return job.allowedCommands.flatMap((command): [string, JobCommandButton][] => {
    const button = JOB_COMMAND_BUTTONS[command];
    return button && (!button.executorOnly || job.executor === "operator") ? [[command, button]] : [];
  });
}

/** Where a person's command goes: the executor's through the station, the others to the job order. */
export function jobCommandRoute(job: { id: string; equipmentId: string }, command: string): { route: string; body?: unknown } {
  const unit = `/work-units/${encodeURIComponent(job.equipmentId)}`;
  if (command === "begin") return { route: `${unit}/start-job`, body: { jobOrderId: job.id } };
  if (command === "complete") return { route: `${unit}/finish-job`, body: { jobOrderId: job.id } };
  return { route: `/job-orders/${encodeURIComponent(job.id)}/${command}` };
}
