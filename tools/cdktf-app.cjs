#!/usr/bin/env node
// The cdktf app command (cdktf.json "app"): compiles what changed and runs the Java app through Maven, so that
// `cdktf synth`, `diff` and `deploy` always synthesize the current sources.
//
// A configuration error must show the user one line, not Maven's report of the failed process (an
// ExecuteException and ~40 lines of stack trace). The app prints its one line starting with MARKER and exits 1;
// everything Maven prints after it is dropped, and this command exits 1. Anything else (a compile error, a crash)
// passes through unchanged with Maven's exit code.
'use strict';

const { spawn } = require('child_process');
const readline = require('readline');

const MARKER = 'Synth failed, nothing was written:';
const MAVEN = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
const ARGS = ['-q', '-B', '-Dstyle.color=never', '-Dbluegreen.app', 'compile', 'exec:exec', '-pl', 'main', '-am'];

let configError = false;
const child = spawn(MAVEN, ARGS.concat(process.argv.slice(2)), { stdio: ['inherit', 'pipe', 'pipe'] });
child.on('error', (e) => {
  console.error(`cannot run ${MAVEN} (Maven 3.8+ must be on the PATH): ${e.message}`);
  process.exit(2);
});

function forward(stream, out) {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!configError && line.includes(MARKER)) {
      configError = true;
      out.write(line.slice(line.indexOf(MARKER)) + '\n');
    } else if (!configError) {
      out.write(line + '\n');
    }
  });
  return new Promise((resolve) => lines.on('close', resolve));
}

const done = Promise.all([forward(child.stdout, process.stdout), forward(child.stderr, process.stderr)]);
child.on('close', (code, signal) => {
  done.then(() => process.exit(configError ? 1 : (code === null ? 1 : code)));
});
