import { expect } from "chai";
import { uuidV7Floor, uuidV7Time } from "../../../../src/services/clock.js";
import { MadeAfterCursor } from "../../../../src/services/cluster/made-after-cursor.js";

/** A UUIDv7 made at `ms`, the `n`th of that millisecond. */
function idAt(ms: number, n = 0): string {
  const hex = ms.toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${n.toString(16).padStart(3, "0")}-8000-000000000000`;
}

/** A table as the store reads it: committed rows by id. */
class Table {
  readonly rows: { id: string }[] = [];
  commit(id: string): void {
    this.rows.push({ id });
    this.rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  read = async (afterId: string, limit: number) => this.rows.filter((row) => row.id > afterId).slice(0, limit);
}

describe("MadeAfterCursor", function () {
  const start = Date.parse("2026-12-03T07:00:00.000Z");

  it("reads the time a UUIDv7 was made at, and a floor that sorts between milliseconds", function () {
    expect(uuidV7Time(idAt(start, 5))).to.equal(start);
    expect(Number.isNaN(uuidV7Time("J-1"))).to.equal(true);
    expect(idAt(start - 1, 0xfff) < uuidV7Floor(start)).to.equal(true);
    expect(uuidV7Floor(start) < idAt(start, 0)).to.equal(true);
  });

  it("gives each row made after the start once, oldest first, in pages", async function () {
    const table = new Table();
    table.commit(idAt(start - 60_000));
    for (let i = 0; i < 7; i++) table.commit(idAt(start + 1000 + i));
    const cursor = new MadeAfterCursor(start, 5000, 3);
    expect((await cursor.next(table.read)).map((row) => row.id)).to.deep.equal(table.rows.slice(1).map((row) => row.id));
    expect(await cursor.next(table.read)).to.deep.equal([]);
    table.commit(idAt(start + 2000));
    expect((await cursor.next(table.read)).map((row) => row.id)).to.deep.equal([idAt(start + 2000)]);
  });

  it("finds a row committed late with an older id than one already read, within the lookback, and not one older than that", async function () {
    const table = new Table();
    const cursor = new MadeAfterCursor(start, 5000, 100);
    table.commit(idAt(start + 10_000));
    await cursor.next(table.read);
    // A transaction that began (made its id) 3 s before the newest row seen commits only now.
    table.commit(idAt(start + 7_000));
    expect((await cursor.next(table.read)).map((row) => row.id)).to.deep.equal([idAt(start + 7_000)]);
    table.commit(idAt(start + 4_000));
    expect(await cursor.next(table.read), "older than the lookback").to.deep.equal([]);
  });

  it("hands the rows again when handling them failed, and not once they were handled", async function () {
    const table = new Table();
    const cursor = new MadeAfterCursor(start, 5000, 100);
    table.commit(idAt(start + 1000));
    let error: unknown;
    await cursor.next(table.read, () => Promise.reject(new Error("database gone"))).catch((e: unknown) => (error = e));
    expect(error).to.be.an("error");
    const handed: string[] = [];
    await cursor.next(table.read, (rows) => void handed.push(...rows.map((row) => row.id)));
    await cursor.next(table.read, (rows) => void handed.push(...rows.map((row) => row.id)));
    expect(handed).to.deep.equal([idAt(start + 1000)]);
  });
});
