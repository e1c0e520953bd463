// Checks the static contributions: language configuration word pattern and the TextMate grammar's shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const langConf = JSON.parse(readFileSync("language-configuration.json", "utf8"));
const wordPattern = new RegExp(langConf.wordPattern.pattern, langConf.wordPattern.flags + "g");

function words(text: string): string[] {
  return text.match(wordPattern) ?? [];
}

test("wordPattern keeps precomposed Vietnamese syllables whole", () => {
  assert.deepEqual(words("Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh"), ["Bí", "thư", "Quận", "ủy", "Hoàng", "Mai", "Nguyễn", "Xuân", "Linh"]);
});

test("wordPattern keeps decomposed (NFD) syllables with combining tone marks whole", () => {
  const nfd = "Nguyễn Quận ủy Đảng".normalize("NFD");
  assert.notEqual(nfd, "Nguyễn Quận ủy Đảng");
  assert.deepEqual(words(nfd), nfd.split(" "));
});

test("wordPattern: numbers, abbreviations and joined forms", () => {
  assert.deepEqual(words("nhiệm kỳ 2020-2025, TP.HCM, UBND; “Covid-19”"), ["nhiệm", "kỳ", "2020-2025", "TP.HCM", "UBND", "Covid-19"]);
  assert.deepEqual(words("kinh tế - xã hội."), ["kinh", "tế", "xã", "hội"]);
});

test("package.json: semantic token legend order, super types and scopes", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  const types = pkg.contributes.semanticTokenTypes.map((t: { id: string; superType: string }) => `${t.id}:${t.superType}`);
  assert.deepEqual(types, [
    "person:variable",
    "title:type",
    "organization:class",
    "place:namespace",
    "date:number",
    "document:string",
    "abbreviation:macro",
    "quantity:number",
    "ordinal:enumMember",
    "debris:comment",
  ]);
  assert.deepEqual(
    pkg.contributes.semanticTokenModifiers.map((m: { id: string }) => m.id),
    ["annotated", "former"],
  );
  for (const entry of pkg.contributes.semanticTokenScopes) {
    assert.deepEqual(Object.keys(entry.scopes), types.map((t: string) => t.split(":")[0]));
  }
  assert.deepEqual(pkg.activationEvents.slice(0, 1), ["onLanguage:article"]);
  assert.deepEqual(pkg.contributes.languages[0].extensions, [".article", ".article.md"]);
});

test("grammar: annotation and suppression patterns match (JS-compatible subset)", () => {
  const g = JSON.parse(readFileSync("syntaxes/article.tmLanguage.json", "utf8"));
  assert.equal(g.scopeName, "text.article");
  const annotation = new RegExp(g.repository.annotation.match, "u");
  const m = annotation.exec('Bí thư [Nguyễn Xuân Linh]{.person role="Bí thư"} phát biểu');
  assert.ok(m);
  assert.equal(m[2], "Nguyễn Xuân Linh");
  assert.equal(m[5], '.person role="Bí thư"');
  const suppression = new RegExp(g.repository.suppression.match);
  for (const directive of ["bientap-disable-next-line", "bientap-disable", "bientap-enable"]) {
    const s = suppression.exec(`<!-- ${directive} debris/website, orthography/mixed-tone-style -->`);
    assert.ok(s, directive);
    assert.equal(s[2], directive);
    assert.equal(s[3]?.trim(), "debris/website, orthography/mixed-tone-style");
  }
  assert.equal(suppression.exec("<!-- bientap-disabled x -->"), null);
});
