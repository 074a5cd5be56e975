/** Each instance its own clock, as on two hosts: the test moves them. */
export class HostClock {
  constructor(private ms: number) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}
