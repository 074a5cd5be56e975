/** A downtime or scrap reason with the finer reasons below it ("Mechanical" > "Jam"). */
export interface ReasonNode {
  readonly code: string;
  readonly name: string;
  readonly children: readonly ReasonNode[];
}

/** Each reason code with its path from the root ("Mechanical > Jam"), so a leaf reads as a whole. */
export function reasonPaths(tree: readonly ReasonNode[]): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const walk = (nodes: readonly ReasonNode[], above: string[]) => {
    for (const node of nodes) {
      const path = [...above, node.name];
      paths.set(node.code, path);
      walk(node.children, path);
    }
  };
  walk(tree, []);
  return paths;
}

/** Codes used twice in one tree: a reason must mean one thing. */
export function duplicateReasonCodes(tree: readonly ReasonNode[]): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const walk = (nodes: readonly ReasonNode[]) => {
    for (const node of nodes) {
      if (seen.has(node.code)) duplicates.push(node.code);
      seen.add(node.code);
      walk(node.children);
    }
  };
  walk(tree);
  return duplicates;
}

export interface ParetoBar {
  readonly key: string;
  readonly value: number;
  readonly count: number;
  /** Share of the total, and the running share up to and including this bar. */
  readonly share: number;
  readonly cumulativeShare: number;
}

/** Pareto order: biggest first (ties by key), with each bar's share and the running total. */
export function pareto(entries: readonly { key: string; value: number }[]): ParetoBar[] {
  const totals = new Map<string, { value: number; count: number }>();
  for (const { key, value } of entries) {
    const bar = totals.get(key) ?? { value: 0, count: 0 };
    totals.set(key, { value: bar.value + value, count: bar.count + 1 });
  }
  const sum = [...totals.values()].reduce((total, bar) => total + bar.value, 0);
  let running = 0;
  return [...totals.entries()]
    .sort((a, b) => b[1].value - a[1].value || a[0].localeCompare(b[0]))
    .map(([key, bar]) => {
      running += bar.value;
      return { key, value: bar.value, count: bar.count, share: sum > 0 ? bar.value / sum : 0, cumulativeShare: sum > 0 ? running / sum : 0 };
    });
}
