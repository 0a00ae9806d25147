// V8 code cache for the modules the jsii Node child loads (part of tools/synth-preload.cjs).
//
// Every synth JVM starts a Node child that compiles the same JavaScript again: the jsii kernel (2 MB), cdktf and
// the provider namespaces the app uses, among them wafv2-web-acl with 56 MB of generated structs. Compiling that
// costs about 0.4 s and a parse peak of memory on every synth. This hook compiles each module of at least
// MIN_BYTES through vm.Script with V8's cached data from an earlier run, and after the first run of a module writes
// the cache of everything that run compiled (taken at exit, so functions compiled lazily are in it too).
//
// Safety: the cache key is the SHA-1 of the module's source plus the Node version, architecture and V8 flags, so a
// changed file never meets an old entry; V8 itself rejects cached data of another V8 (then the module compiles
// normally and the entry is rewritten). Entries are written to a temporary file and renamed, so concurrent JVMs
// never read half an entry. Any error in this hook compiles the module the normal way.
//
// Where: <project>/target/node-code-cache/ (gone with `mvn clean`), or BLUEGREEN_CODE_CACHE_DIR. Off with
// BLUEGREEN_CODE_CACHE=0; BLUEGREEN_CODE_CACHE_DEBUG=1 reports hits, misses and writes on stderr. Entries not
// rewritten for 30 days are removed when a run writes new ones.
"use strict";

const Module = require("module");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const MIN_BYTES = 16 * 1024;
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

function debug(message) {
  if (process.env.BLUEGREEN_CODE_CACHE_DEBUG === "1") {
    process.stderr.write(`[node-code-cache] ${message}\n`);
  }
}

function cacheDir() {
  const root = process.env.BLUEGREEN_CODE_CACHE_DIR || path.join(__dirname, "..", "target", "node-code-cache");
  const flags = crypto.createHash("sha1").update(process.execArgv.join(" ")).digest("hex").slice(0, 8);
  return path.join(root, `${process.version}-${process.arch}-${flags}`);
}

/** The require function a module's code sees, as Node builds it for CommonJS modules. */
function makeRequire(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

function install() {
  const dir = cacheDir();
  const pending = [];
  const original = Module.prototype._compile;
  let hits = 0;

  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    if (typeof content !== "string" || content.length < MIN_BYTES) {
      return original.call(this, content, filename);
    }
    let script;
    let entry;
    try {
      entry = path.join(dir, crypto.createHash("sha1").update(content).digest("hex"));
      let cachedData;
      try {
        cachedData = fs.readFileSync(entry);
      } catch (e) {
        cachedData = undefined;
      }
      // A hashbang is only valid at the very start of a script, which the wrapper no longer is.
      const source = content.startsWith("#!") ? "//" + content.slice(2) : content;
      script = new vm.Script(Module.wrap(source), { filename, cachedData });
      if (cachedData && !script.cachedDataRejected) {
        hits++;
      } else {
        debug(`${cachedData ? "rejected" : "miss"}: ${filename}`);
        pending.push({ script, entry, filename });
      }
    } catch (error) {
      debug(`compiling normally (${error && error.message}): ${filename}`);
      return original.call(this, content, filename);
    }
    const compiled = script.runInThisContext({ displayErrors: true });
    return compiled.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  process.once("exit", () => {
    debug(`${hits} modules from the cache, ${pending.length} to write`);
    if (pending.length === 0) {
      return;
    }
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const { script, entry, filename } of pending) {
        const data = script.createCachedData();
        const temporary = `${entry}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, data);
        fs.renameSync(temporary, entry);
        debug(`wrote ${data.length} bytes for ${filename}`);
      }
      const now = Date.now();
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        if (now - fs.statSync(file).mtimeMs > MAX_AGE_MS) {
          fs.rmSync(file, { force: true });
        }
      }
    } catch (error) {
      debug(`cannot write the cache (${error && error.message}); the next run compiles again`);
    }
  });
}

if (process.env.BLUEGREEN_CODE_CACHE !== "0") {
  install();
}

module.exports = { cacheDir };
