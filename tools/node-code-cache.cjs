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
// normally and the entry is rewritten). Each entry carries the SHA-256 of its data and a damaged one is never handed
// to V8 (damaged data of the right length would crash it). Entries are written to a file of a random name, created
// exclusively, and renamed, so concurrent JVMs never read half an entry; the folder is the user's alone (0700).
// Only plain CommonJS modules are served (Node's `format` argument is passed through for anything else), and none
// that contains import( (Node 20 loses the dynamic import callback of a script made from cached data); the kernel,
// cdktf and the provider have none. Known difference: columns of stack frames on a module's first line are shifted by the
// CommonJS wrapper (62 characters), which matters only for one-line bundles such as the jsii kernel's program.js.
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

const DIGEST_BYTES = 32;

function digest(data) {
  return crypto.createHash("sha256").update(data).digest();
}

/**
 * The cached data of an entry, or undefined. Each entry starts with the SHA-256 of its data: V8 checks only the
 * length and version of cached data, and damaged data of the right length would crash the process, so data whose
 * digest does not match is never handed to V8 (the module compiles normally and the entry is rewritten).
 */
function readEntry(entry) {
  let bytes;
  try {
    bytes = fs.readFileSync(entry);
  } catch (e) {
    return undefined;
  }
  const data = bytes.subarray(DIGEST_BYTES);
  if (bytes.length <= DIGEST_BYTES || !digest(data).equals(bytes.subarray(0, DIGEST_BYTES))) {
    debug(`damaged entry ignored: ${entry}`);
    return undefined;
  }
  return data;
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

  Module.prototype._compile = function compileWithCodeCache(content, filename, format, ...rest) {
    // Only plain CommonJS of some size; anything else (an ES module, TypeScript stripping) is Node's own business.
    // Nor a module that may import() (Node 20 loses the import callback of a script made from cached data).
    if (typeof content !== "string" || content.length < MIN_BYTES || (format !== undefined && format !== "commonjs")
        || content.includes("import(")) {
      return original.call(this, content, filename, format, ...rest);
    }
    let script;
    let entry;
    try {
      entry = path.join(dir, crypto.createHash("sha1").update(content).digest("hex"));
      const cachedData = readEntry(entry);
      // A hashbang is only valid at the very start of a script, which the wrapper no longer is.
      const source = content.startsWith("#!") ? "//" + content.slice(2) : content;
      script = new vm.Script(Module.wrap(source), {
        filename,
        cachedData,
      });
      if (cachedData && !script.cachedDataRejected) {
        hits++;
      } else {
        debug(`${cachedData ? "rejected" : "miss"}: ${filename}`);
        pending.push({ script, entry, filename });
      }
    } catch (error) {
      debug(`compiling normally (${error && error.message}): ${filename}`);
      return original.call(this, content, filename, format, ...rest);
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
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const { script, entry, filename } of pending) {
        const data = script.createCachedData();
        const temporary = `${entry}.${crypto.randomBytes(8).toString("hex")}.tmp`;
        fs.writeFileSync(temporary, Buffer.concat([digest(data), data]), { flag: "wx", mode: 0o600 });
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
