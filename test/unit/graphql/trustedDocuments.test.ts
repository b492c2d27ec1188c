import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "graphql";
import { canonicalOperation, documentIdOf } from "../../../src/graphql/trustedDocuments/canonicalOperation.js";
import { buildTrustedDocumentManifest, loadTrustedDocumentManifest } from "../../../src/graphql/trustedDocuments/trustedDocumentManifest.js";

const FRAGMENTS = `
fragment B on Balance { asset total }
fragment A on Account { id balances { ...B } }
`;

describe("canonicalOperation", () => {
  it("gives one text for the same operation however it is formatted, commented or ordered", () => {
    const one = canonicalOperation(parse(`query Q { accounts { ...A } } ${FRAGMENTS}`));
    const two = canonicalOperation(
      parse(`# a comment
fragment A on Account {
  id
  balances { ...B }
}
query Q {
  accounts {
    ...A
  }
}
fragment B on Balance { asset, total }`),
    );
    expect(one).not.toBeNull();
    expect(two).toBe(one);
    // The operation first, then its fragments by name.
    expect(one!.indexOf("query Q")).toBe(0);
    expect(one!.indexOf("fragment A")).toBeLessThan(one!.indexOf("fragment B"));
  });

  it("keeps only the picked operation and the fragments it uses", () => {
    const document = parse(`query Q { accounts { ...A } } query R { connections { id } } fragment Unused on Balance { free } ${FRAGMENTS}`);
    const q = canonicalOperation(document, "Q")!;
    expect(q).not.toContain("query R");
    expect(q).not.toContain("Unused");
    expect(canonicalOperation(document, "R")).toBe("query R {\n  connections {\n    id\n  }\n}");
  });

  it("is null when no single operation can be picked or a fragment is missing", () => {
    expect(canonicalOperation(parse("query Q { a } query R { b }"))).toBeNull();
    expect(canonicalOperation(parse("query Q { a }"), "Nope")).toBeNull();
    expect(canonicalOperation(parse("query Q { accounts { ...Missing } }"))).toBeNull();
  });

  it("changes with anything that changes what runs", () => {
    const base = canonicalOperation(parse("query Q($n: Int) { transfers(first: $n) { pageInfo { hasNextPage } } }"));
    expect(canonicalOperation(parse("query Q($n: Int) { transfers(first: 5) { pageInfo { hasNextPage } } }"))).not.toBe(base);
    expect(canonicalOperation(parse("query Q($n: Int) { transfers(first: $n) { pageInfo { endCursor } } }"))).not.toBe(base);
  });
});

describe("the trusted-documents manifest", () => {
  it("has one entry per named operation, keyed sha256:<hex of its text>, with fragments from any file", () => {
    const manifest = buildTrustedDocumentManifest([
      { name: "a.graphql", text: `query Q { accounts { ...A } } ${FRAGMENTS}` },
      { name: "b.graphql", text: "query R { accounts { ...A } }" },
    ]);
    const entries = Object.entries(manifest);
    expect(entries).toHaveLength(2);
    for (const [id, text] of entries) {
      expect(id).toBe(`sha256:${createHash("sha256").update(text).digest("hex")}`);
      expect(text).toContain("fragment A on Account");
      expect(text).toContain("fragment B on Balance");
    }
  });

  it.each([
    ["an anonymous operation", [{ name: "a.graphql", text: "{ connections { id } }" }], "a.graphql: every trusted operation needs a name"],
    [
      "a duplicate operation",
      [
        { name: "a.graphql", text: "query Q { a }" },
        { name: "b.graphql", text: "query Q { b }" },
      ],
      "b.graphql: operation Q is defined twice",
    ],
    ["a missing fragment", [{ name: "a.graphql", text: "query Q { a { ...F } }" }], "a.graphql: operation Q uses a fragment no operation file defines"],
  ])("refuses %s", (_name, sources, message) => {
    expect(() => buildTrustedDocumentManifest(sources)).toThrow(message);
  });

  it("loads the shipped manifest, whose every id is the hash of its text", () => {
    const manifest = loadTrustedDocumentManifest();
    expect(Object.keys(manifest).length).toBeGreaterThan(0);
    for (const [id, text] of Object.entries(manifest)) expect(documentIdOf(text)).toBe(id);
  });

  it("refuses a manifest whose entry was edited by hand", () => {
    const text = "query Q { connections { id } }";
    const path = join(mkdtempSync(join(tmpdir(), "coffer-manifest-")), "trusted-documents.json");
    writeFileSync(path, JSON.stringify({ [documentIdOf(text)]: text.replace("id", "id label") }));
    expect(() => loadTrustedDocumentManifest(path)).toThrow("is not the sha256 of its document");
  });
});
