/** One page of a list: at most `limit` items after skipping `offset`. */
export interface Page {
  readonly limit: number;
  readonly offset: number;
}
