#!/usr/bin/env node
// The workflows' matrices, from the synthesized manifest (cdktf.out/manifest.json), so that adding a service or an
// environment touches only that environment's files:
//
//   node tools/stack-matrix.cjs <cdktf.out> stacks         [{"environment": "dev", "stack": "dev-shared"}, ...]
//   node tools/stack-matrix.cjs <cdktf.out> environments   ["dev", "staging", "prod"]
//
// An environment is what has a shared stack (<env>-shared); every stack belongs to the environment whose id prefixes
// it. Environments come in the order the app adds them (Environments.all(): the promotion order dev -> staging -> prod),
// stacks in the order of the manifest (per environment: shared, then its services). Prints one line of JSON.
'use strict';

const fs = require('fs');
const path = require('path');

function matrix(outdir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const ids = Object.keys(manifest.stacks || {});
  const environments = ids.filter((id) => id.endsWith('-shared')).map((id) => id.slice(0, -'-shared'.length));
  const stacks = ids.map((stack) => {
    const environment = environments.filter((env) => stack.startsWith(env + '-'))
      .sort((a, b) => b.length - a.length)[0];
    if (!environment) throw new Error(`stack ${stack} belongs to no environment (no <env>-shared stack prefixes it)`);
    return { environment, stack };
  });
  return { environments, stacks };
}

if (require.main === module) {
  const [outdir, what] = process.argv.slice(2);
  if (!outdir || !['stacks', 'environments'].includes(what)) {
    console.error('usage: node tools/stack-matrix.cjs <cdktf.out> stacks|environments');
    process.exit(2);
  }
  try {
    console.log(JSON.stringify(matrix(outdir)[what]));
  } catch (e) {
    console.error(`stack-matrix: ${e.message}`);
    process.exit(1);
  }
}

module.exports = { matrix };
