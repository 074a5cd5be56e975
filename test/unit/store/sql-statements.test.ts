import { expect } from "chai";
import { SqlStatementSplitter, type SqlItem } from "../../../src/store/sql-statements.js";

const BACKUP = [
  '-- opcua-mes backup {"format":1}',
  "SET NAMES utf8mb4;",
  "CREATE TABLE `a;b` (\n  `id` varchar(64) NOT NULL DEFAULT ';'\n);",
  "INSERT INTO `a;b` (`id`) VALUES\n('it\\'s; done'),\n('back\\\\'),\n('\"--quoted\"; -- not a comment'),\n('two '';'' quotes');",
  '-- opcua-mes backup complete {"rows":{"a;b":4}}',
  "",
].join("\n");

function split(text: string, chunk: number): SqlItem[] {
  const splitter = new SqlStatementSplitter();
  const items: SqlItem[] = [];
  for (let i = 0; i < text.length; i += chunk) items.push(...splitter.push(text.slice(i, i + chunk)));
  expect(splitter.rest()).to.equal("");
  return items;
}

describe("SqlStatementSplitter: a backup file cut into its statements", () => {
  it("ends a statement only at a ; outside quotes, and hands out the comment lines between statements, in order", () => {
    const items = split(BACKUP, BACKUP.length);
    expect(items.map((item) => item.comment ?? `S:${item.statement!.slice(0, 12)}`)).to.deep.equal([
      '-- opcua-mes backup {"format":1}',
      "S:SET NAMES ut",
      "S:CREATE TABLE",
      "S:INSERT INTO ",
      '-- opcua-mes backup complete {"rows":{"a;b":4}}',
    ]);
    expect(items[3].statement).to.contain("('it\\'s; done')").and.contain("('two '';'' quotes')").and.contain("-- not a comment");
  });

  it("gives the same items whatever the chunks the file is read in", () => {
    const whole = split(BACKUP, BACKUP.length);
    for (let chunk = 1; chunk < 40; chunk++) expect(split(BACKUP, chunk), `chunks of ${chunk}`).to.deep.equal(whole);
  });

  it("keeps a statement cut short as the rest, so a truncated file is noticed", () => {
    const splitter = new SqlStatementSplitter();
    splitter.push("INSERT INTO t VALUES ('never closed;");
    expect(splitter.rest()).to.equal("INSERT INTO t VALUES ('never closed;");
  });
});
