#!/usr/bin/env node
// Compares two cdktf.out folders stack by stack as parsed JSON (key order ignored): node compare.cjs <a> <b>
// Prints each difference with its JSON path; exit 1 when they differ. The benchmark uses it to prove the peer
// synthesizes the same Terraform as the Java app.
'use strict';
const fs = require('fs');
const path = require('path');
const [a, b] = process.argv.slice(2).map((d) => path.resolve(d));
const stacks = (d) => Object.keys(JSON.parse(fs.readFileSync(path.join(d, 'manifest.json'), 'utf8')).stacks);
const diffs = [];
const walk = (x, y, at) => {
  if (diffs.length > 40) return;
  if (typeof x !== typeof y || Array.isArray(x) !== Array.isArray(y) || (x === null) !== (y === null)) {
    diffs.push(`${at}: ${JSON.stringify(x)?.slice(0, 200)} != ${JSON.stringify(y)?.slice(0, 200)}`);
  } else if (Array.isArray(x)) {
    if (x.length !== y.length) diffs.push(`${at}: ${x.length} items != ${y.length} items`);
    else x.forEach((v, i) => walk(v, y[i], `${at}[${i}]`));
  } else if (x && typeof x === 'object') {
    for (const k of new Set(Object.keys(x).concat(Object.keys(y)))) {
      if (!(k in y)) diffs.push(`${at}.${k}: only in the first`);
      else if (!(k in x)) diffs.push(`${at}.${k}: only in the second`);
      else walk(x[k], y[k], `${at}.${k}`);
    }
  } else if (x !== y) {
    diffs.push(`${at}: ${JSON.stringify(x).slice(0, 200)} != ${JSON.stringify(y).slice(0, 200)}`);
  }
};
const sa = stacks(a);
const sb = stacks(b);
if (sa.join() !== sb.join()) diffs.push(`stacks: ${sa.join()} != ${sb.join()}`);
for (const s of sa.filter((x) => sb.includes(x))) {
  // moved blocks are a set to Terraform: compare them in one order
  const read = (d) => {
    const json = JSON.parse(fs.readFileSync(path.join(d, 'stacks', s, 'cdk.tf.json'), 'utf8'));
    if (json.moved) json.moved.sort((m, n) => (m.to < n.to ? -1 : 1));
    return json;
  };
  walk(read(a), read(b), s);
}
diffs.slice(0, 40).forEach((d) => console.log(d));
if (diffs.length) {
  console.log(`${diffs.length > 40 ? 'more than 40' : diffs.length} differences`);
  process.exit(1);
}
console.log(`same Terraform JSON in all ${sa.length} stacks`);
