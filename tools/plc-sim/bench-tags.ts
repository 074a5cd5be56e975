import { DataType } from "node-opcua";
import type { TagTable } from "./tag-table.js";

/** How often the bench tags are advanced: fine enough to spread a rate evenly, coarse enough to batch. */
const BENCH_STEP_MS = 10;

/**
 * Tags for the relay benchmark: `ns=2;s=Bench.<i>` hold a per-tag sequence number, changed
 * round-robin at a set total rate, each with the moment of its change as source timestamp, so a
 * subscriber measures latency from the source timestamp and loss from gaps in the sequence.
 */
export class BenchTags {
  private next = 0;
  private due = 0;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private readonly sequence: Int32Array;

  constructor(
    readonly count: number,
    readonly changesPerSecond: number,
    private readonly tags: TagTable,
  ) {
    this.sequence = new Int32Array(count);
    for (let i = 0; i < count; i++) tags.define({ id: `Bench.${i}`, browseName: `Bench${i}`, folder: ["Bench"], dataType: DataType.Int32, initial: 0 });
  }

  nodeIds(namespaceIndex = 2): string[] {
    return Array.from({ length: this.count }, (_, i) => `ns=${namespaceIndex};s=Bench.${i}`);
  }

  run(): void {
    this.last = performance.now();
    this.timer = setInterval(() => this.step(), BENCH_STEP_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private step(): void {
    const now = performance.now();
    this.due += ((now - this.last) / 1000) * this.changesPerSecond;
    this.last = now;
    const changes = Math.floor(this.due);
    this.due -= changes;
    for (let c = 0; c < changes; c++) {
      const i = this.next;
      this.next = (this.next + 1) % this.count;
      this.tags.set(`Bench.${i}`, ++this.sequence[i]);
    }
  }
}
