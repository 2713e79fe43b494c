'use strict';
const { isDeepStrictEqual } = require('node:util');
// Shared by the tests: the golden vector files and the subset comparison of tests/vectors/README.md.
const fs = require('node:fs');
const path = require('node:path');

const VECTORS = path.join(__dirname, '..', '..', 'tests', 'vectors');

/** Every `tests/vectors/*.json` file, parsed, with its name. */
function vectorFiles() {
  return fs.readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ file: f, ...JSON.parse(fs.readFileSync(path.join(VECTORS, f), 'utf8')) }));
}

/** `expected` matched as a subset of `actual`: objects key by key, arrays and scalars whole. */
function isSubset(expected, actual) {
  if (isObject(expected) && isObject(actual)) {
    return Object.entries(expected).every(([k, v]) => k in actual && isSubset(v, actual[k]));
  }
  // Arrays and scalars compare whole, by value (key order inside array elements does not matter).
  return isDeepStrictEqual(expected, actual);
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A case from a vector file, by file and name (for tests that reuse a vector's input). */
function vectorCase(file, name) {
  const found = vectorFiles().find((v) => v.file === file)?.cases.find((c) => c.name === name);
  if (!found) throw new Error(`no vector ${file} / ${name}`);
  return found;
}

module.exports = { vectorFiles, isSubset, vectorCase };
