/** A statement (without its `;`) or a comment line between statements. */
export type SqlItem = { readonly statement: string; readonly comment?: undefined } | { readonly comment: string; readonly statement?: undefined };

/**
 * Cuts a stream of SQL text, chunk by chunk, into its statements: a `;` ends one unless it is
 * inside a quoted string or name ('...', "...", `...`, with MySQL's backslash escapes). A line
 * that starts with `-- ` between statements is a comment and handed out as such, which is how a
 * backup file carries what it is.
 */
export class SqlStatementSplitter {
  private pending = "";
  private quote: string | null = null;
  private escaped = false;
  /** Where the scan of `pending` stopped, so a chunk boundary costs nothing. */
  private scanned = 0;

  /** The complete statements and comments in what came so far, in order. */
  push(chunk: string): SqlItem[] {
    this.pending += chunk;
    const items: SqlItem[] = [];
    let start = 0;
    for (let i = this.scanned; i < this.pending.length; i++) {
      const char = this.pending[i];
      if (this.quote) {
        if (this.escaped) this.escaped = false;
        else if (char === "\\" && this.quote !== "`") this.escaped = true;
        else if (char === this.quote) this.quote = null;
        continue;
      }
      if (char === "'" || char === '"' || char === "`") this.quote = char;
      else if (char === "-" && this.pending.slice(start, i).trim() === "" && this.pending.startsWith("-- ", i)) {
        const end = this.pending.indexOf("\n", i);
        if (end < 0) break;
        items.push({ comment: this.pending.slice(i, end) });
        start = end + 1;
        i = end;
      } else if (char === ";") {
        const statement = this.pending.slice(start, i).trim();
        if (statement) items.push({ statement });
        start = i + 1;
      }
    }
    // Keep what is not yet a whole statement; a comment cut by the chunk's end is scanned again.
    const cutComment = this.quote === null && this.pending.slice(start).trimStart().startsWith("-");
    this.pending = this.pending.slice(start);
    this.scanned = cutComment ? 0 : this.pending.length;
    return items;
  }

  /** What is left at the end of the input: empty for a well-formed file. */
  rest(): string {
    return this.pending.trim();
  }
}
