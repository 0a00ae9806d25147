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

const { spawn, spawnSync } = require('child_process');
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
  const fullClasspath = [path.join(root, 'main', 'target', 'classes')].concat(classpath);
  const cds = classData(dir, stamp, fullClasspath, env);
  const launch = {
    command: 'java',
    args: (props['jvm.options'] ? props['jvm.options'].split(/\s+/).filter((o) => o) : [])
      .concat(cds.options, ['-classpath', cds.classpath.join(path.delimiter), props['main.class']]),
    env: launchEnv,
  };
  return { direct: true, reason: 'nothing changed since the last build', launch, cds: { state: cds.state, reason: cds.reason } };
}

const CDS_QUIET = ['-Xlog:cds=off', '-Xlog:cds+dynamic=off'];

function isDirectory(entry) {
  try {
    return fs.statSync(entry).isDirectory();
  } catch (e) {
    return false;
  }
}

/**
 * Class data sharing for the direct start: { state, reason, classpath, options }. The JVM maps the app's and its
 * libraries' classes from an archive instead of loading and verifying them (about 0.3 s of a synth). That needs
 * jars: after each Maven build the app command packs the module class folders into app-launch/app.jar
 * (buildAppJar). The first direct start writes the archive at its exit (dump; renamed to app.jsa only when the JVM
 * succeeded), later ones use it (use). Off (the class folders, as before) when BLUEGREEN_APP_CDS=0, when there is no
 * app.jar of this build, or when a dump was tried and gave no archive.
 */
function classData(dir, stamp, classpath, env) {
  const off = (reason) => ({ state: 'off', reason, classpath, options: [] });
  if (env.BLUEGREEN_APP_CDS === '0') {
    return off('BLUEGREEN_APP_CDS=0');
  }
  const jar = path.join(dir, 'app.jar');
  let jarTime;
  try {
    jarTime = fs.statSync(jar).mtimeMs;
  } catch (e) {
    return off('no app.jar');
  }
  if (jarTime < stamp) {
    return off('app.jar is older than the last build');
  }
  const jars = [jar].concat(classpath.filter((entry) => entry.endsWith('.jar') && !isDirectory(entry)));
  const archive = path.join(dir, 'app.jsa');
  if (fs.existsSync(archive)) {
    return { state: 'use', reason: 'app.jsa', classpath: jars, options: ['-XX:SharedArchiveFile=' + archive].concat(CDS_QUIET) };
  }
  if (fs.existsSync(archive + '.tried')) {
    return off('an earlier dump gave no archive');
  }
  return { state: 'dump', reason: 'first direct start of this build', classpath: jars,
    options: ['-XX:ArchiveClassesAtExit=' + archive + '.tmp'].concat(CDS_QUIET) };
}

/**
 * Packs the class folders of the launch classpath (main's first, then the others in classpath order; the first of
 * two equal paths wins, as on the classpath) into dir/app.jar, uncompressed (the jsii bundles in it are read on every
 * start), and removes the archive of the previous build. Returns null, or why there is no app.jar.
 */
function buildAppJar(root, env) {
  const dir = path.join(root, 'main', 'target', 'app-launch');
  for (const old of ['app.jar', 'app.jsa', 'app.jsa.tmp', 'app.jsa.tried']) {
    fs.rmSync(path.join(dir, old), { force: true });
  }
  if (env.BLUEGREEN_APP_CDS === '0') {
    return 'BLUEGREEN_APP_CDS=0';
  }
  const classpath = fs.readFileSync(path.join(dir, 'classpath.txt'), 'utf8').trim().split(path.delimiter).filter((e) => e);
  const folders = [path.join(root, 'main', 'target', 'classes')].concat(classpath).filter(isDirectory);
  const taken = new Set();
  const args = ['--create', '--no-compress', '--file', path.join(dir, 'app.jar.tmp')];
  const walk = (folder, relative) => {
    for (const entry of fs.readdirSync(path.join(folder, relative), { withFileTypes: true })) {
      const name = relative ? relative + '/' + entry.name : entry.name;
      if (entry.isDirectory()) {
        walk(folder, name);
      } else if (!taken.has(name)) {
        taken.add(name);
        args.push('-C', folder, name);
      }
    }
  };
  folders.forEach((folder) => walk(folder, ''));
  const argfile = path.join(dir, 'app.jar.args');
  fs.writeFileSync(argfile, args.map((a) => '"' + a.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"').join('\n') + '\n');
  const jarTool = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'jar') : 'jar';
  const result = spawnSync(jarTool, ['@' + argfile], { encoding: 'utf8' });
  fs.rmSync(argfile, { force: true });
  if (result.status !== 0) {
    fs.rmSync(path.join(dir, 'app.jar.tmp'), { force: true });
    return 'cannot run ' + jarTool + ': ' + ((result.error && result.error.message) || result.stderr || 'exit ' + result.status).trim();
  }
  fs.renameSync(path.join(dir, 'app.jar.tmp'), path.join(dir, 'app.jar'));
  return null;
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
    JSII_RUNTIME: 'exec sh "$BLUEGREEN_JSII_SCRIPT"',
    BLUEGREEN_JSII_SCRIPT: path.join(root, 'tools', 'jsii-kernel.sh'),
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

function run(command, args, env, onSuccess, onFailure) {
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
      } else if (exit !== 0 && onFailure) {
        onFailure(exit);
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
      console.error('app: direct start (' + decision.reason + '; class data sharing: ' + decision.cds.state + ', '
        + decision.cds.reason + ')');
    }
    const dir = path.join(root, 'main', 'target', 'app-launch');
    const archive = path.join(dir, 'app.jsa');
    if (decision.cds.state === 'dump') {
      fs.writeFileSync(archive + '.tried', ''); // one dump per build, even when it gives no archive
    }
    run(decision.launch.command, decision.launch.args.concat(process.argv.slice(2)),
      Object.assign({}, process.env, decision.launch.env), () => {
        // The JVM wrote the archive at its exit: only a complete one, from a run that succeeded, is used.
        if (decision.cds.state === 'dump' && fs.existsSync(archive + '.tmp') && fs.statSync(archive + '.tmp').size > 0) {
          fs.renameSync(archive + '.tmp', archive);
        }
      }, (exit) => {
        fs.rmSync(archive + '.tmp', { force: true });
        if (decision.cds.state === 'use' && exit !== 1) {
          // A JVM that crashed may have met a damaged archive: the next synth runs without it.
          fs.rmSync(archive, { force: true });
          console.error('app: the JVM failed (exit ' + exit + '); its class data archive is removed, the next synth runs without it');
        }
      });
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
      return;
    }
    let why;
    try {
      why = buildAppJar(root, process.env);
    } catch (e) {
      why = e.message;
    }
    if (why && verbose) {
      console.error('app: no class data sharing for the next synths (' + why + ')');
    }
  });
}

module.exports = { decide, buildAppJar };

if (require.main === module) {
  main();
}
