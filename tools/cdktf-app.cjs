#!/usr/bin/env node
// The cdktf app command (cdktf.json "app"): synthesizes the current sources, fast.
//
// Nothing changed since the last build: it starts the synth JVM directly, on the classpath and with the options
// the app command's last Maven build wrote (main/target/app-launch/, main/pom.xml profile app-launch), which saves
// Maven's start-up and up-to-date checks (about 4 s). Anything changed (a file under any module's src/main, a
// pom.xml), or the launch files are missing or unusable: it compiles and runs through Maven, as before, and that
// build writes the launch files again. Which path ran is printed with BLUEGREEN_APP_VERBOSE=1;
// BLUEGREEN_APP_DIRECT=0 always takes Maven. Both paths write byte-identical output (AppCommandTest, .ci/run).
// On Linux and macOS both paths also start the jsii kernel directly (tools/jsii-kernel.sh; BLUEGREEN_JSII_DIRECT=0
// or a JSII_RUNTIME of your own keeps the bundled runtime).
//
// A configuration error must show the user one line, not Maven's report of the failed process (an
// ExecuteException and ~40 lines of stack trace). The app prints its one line starting with MARKER and exits 1;
// everything printed after it is dropped, and this command exits 1. Anything else (a compile error, a crash)
// passes through unchanged with the exit code.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');

const MARKER = 'Synth failed, nothing was written:';
const MAVEN = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
const MAVEN_ARGS = ['-q', '-B', '-Dstyle.color=never', '-Dbluegreen.app', 'compile', 'exec:exec', '-pl', 'main', '-am'];
/** What the compiled app depends on: a change to any of these needs Maven. Runtime files (buildspecs) do not. */
const MODULES = ['modules', 'environments', 'main'];

/** The newest modification time (ms) of the files under dir (0 when it does not exist), and one such file. */
function newest(dir) {
  let best = { time: 0, file: null };
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return best;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const found = entry.isDirectory() ? newest(full) : { time: fs.statSync(full).mtimeMs, file: full };
    if (found.time > best.time) {
      best = found;
    }
  }
  return best;
}

/**
 * Whether the launch files in root/main/target/app-launch can start the app directly: { direct, reason, launch }.
 * Direct only when both files are there and readable, every classpath entry exists, and no source or pom is newer
 * than the launch files' stamp (classpath.txt's modification time: the start of the Maven build that wrote it).
 */
function decide(root, env) {
  if (env.BLUEGREEN_APP_DIRECT === '0') {
    return { direct: false, reason: 'BLUEGREEN_APP_DIRECT=0' };
  }
  const dir = path.join(root, 'main', 'target', 'app-launch');
  const classpathFile = path.join(dir, 'classpath.txt');
  let stamp;
  let classpath;
  let props;
  try {
    stamp = fs.statSync(classpathFile).mtimeMs;
    classpath = fs.readFileSync(classpathFile, 'utf8').trim().split(path.delimiter).filter((e) => e);
    props = {};
    for (const line of fs.readFileSync(path.join(dir, 'launch.properties'), 'utf8').split('\n')) {
      const m = line.match(/^([a-z.]+)=(.*)$/);
      if (m) {
        props[m[1]] = m[2];
      }
    }
  } catch (e) {
    return { direct: false, reason: 'no launch files yet (' + e.code + ')' };
  }
  if (!props['main.class'] || !props['synth.preload'] || classpath.length === 0) {
    return { direct: false, reason: 'the launch files are incomplete' };
  }
  const missing = classpath.concat([props['synth.preload']]).find((entry) => !fs.existsSync(entry));
  if (missing) {
    return { direct: false, reason: 'the launch files name ' + missing + ', which is gone' };
  }
  for (const module of MODULES) {
    const changed = newest(path.join(root, module, 'src', 'main'));
    if (changed.time > stamp) {
      return { direct: false, reason: path.relative(root, changed.file) + ' changed since the last build' };
    }
  }
  for (const pom of ['pom.xml'].concat(MODULES.map((m) => path.join(m, 'pom.xml')))) {
    const file = path.join(root, pom);
    if (fs.existsSync(file) && fs.statSync(file).mtimeMs > stamp) {
      return { direct: false, reason: pom + ' changed since the last build' };
    }
  }
  const launchEnv = {
    // As the Maven path: the synth preload first, then whatever NODE_OPTIONS the user has.
    NODE_OPTIONS: ('--require "' + props['synth.preload'] + '" ' + (env.NODE_OPTIONS || '')).trim(),
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: props['jsii.silence.eol.node'] || '',
  };
  const kernel = directKernel(root, env, props['jsii.kernel']);
  if (kernel) {
    Object.assign(launchEnv, kernel);
  }
  const launch = {
    command: 'java',
    args: (props['jvm.options'] ? props['jvm.options'].split(/\s+/).filter((o) => o) : [])
      .concat(['-classpath', [path.join(root, 'main', 'target', 'classes')].concat(classpath).join(path.delimiter),
        props['main.class']]),
    env: launchEnv,
  };
  return { direct: true, reason: 'nothing changed since the last build', launch };
}

/**
 * The environment that makes the jsii runtime start its kernel directly (tools/jsii-kernel.sh, as the Maven profile
 * jsii-direct-kernel does), or null: not on Windows, not when the user chose a jsii runtime (JSII_RUNTIME) or turned
 * it off (BLUEGREEN_JSII_DIRECT=0), not when the unpacked kernel is missing.
 */
function directKernel(root, env, kernel) {
  if (process.platform === 'win32' || env.JSII_RUNTIME || env.BLUEGREEN_JSII_DIRECT === '0' || !kernel
      || !fs.existsSync(kernel)) {
    return null;
  }
  return {
    JSII_RUNTIME: "exec '" + path.join(root, 'tools', 'jsii-kernel.sh') + "'",
    BLUEGREEN_JSII_KERNEL: kernel,
  };
}

function forward(stream, out, state) {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!state.configError && line.includes(MARKER)) {
      state.configError = true;
      out.write(line.slice(line.indexOf(MARKER)) + '\n');
    } else if (!state.configError) {
      out.write(line + '\n');
    }
  });
  return new Promise((resolve) => lines.on('close', resolve));
}

function run(command, args, env, onSuccess) {
  const state = { configError: false };
  const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'], env });
  child.on('error', (e) => {
    console.error(command === MAVEN ? `cannot run ${MAVEN} (Maven 3.8+ must be on the PATH): ${e.message}`
      : `cannot run ${command} (Java 17+ must be on the PATH): ${e.message}`);
    process.exit(2);
  });
  const done = Promise.all([forward(child.stdout, process.stdout, state), forward(child.stderr, process.stderr, state)]);
  child.on('close', (code) => {
    done.then(() => {
      const exit = state.configError ? 1 : (code === null ? 1 : code);
      if (exit === 0 && onSuccess) {
        onSuccess();
      }
      process.exit(exit);
    });
  });
}

function main() {
  const root = path.resolve(__dirname, '..');
  const verbose = process.env.BLUEGREEN_APP_VERBOSE === '1';
  const decision = decide(root, process.env);
  if (decision.direct) {
    if (verbose) {
      console.error('app: direct start (' + decision.reason + ')');
    }
    run(decision.launch.command, decision.launch.args.concat(process.argv.slice(2)),
      Object.assign({}, process.env, decision.launch.env));
    return;
  }
  if (verbose) {
    console.error('app: through Maven (' + decision.reason + ')');
  }
  // The stamp is the start of this build: a source saved while Maven compiles is newer, so the next run compiles it.
  const started = new Date();
  // The Maven path starts the kernel directly too (profile jsii-direct-kernel) unless the user chose otherwise.
  const bundled = process.env.JSII_RUNTIME || process.env.BLUEGREEN_JSII_DIRECT === '0' ? ['-Djsii.bundled'] : [];
  run(MAVEN, MAVEN_ARGS.concat(bundled, process.argv.slice(2)), process.env, () => {
    const classpathFile = path.join(root, 'main', 'target', 'app-launch', 'classpath.txt');
    try {
      fs.utimesSync(classpathFile, started, started);
    } catch (e) {
      console.error('app: the launch files were not written (' + e.code + '); the next synth runs Maven again');
    }
  });
}

module.exports = { decide };

if (require.main === module) {
  main();
}
