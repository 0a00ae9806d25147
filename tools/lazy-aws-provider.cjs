// Node preload (installed with NODE_OPTIONS=--require for every JVM that synthesizes: the cdktf app command and the
// Maven test runs). The AWS provider's entry point, @cdktf/provider-aws/lib/index.js, eagerly requires all of its
// ~1,790 resource modules whenever the jsii kernel loads the provider, although an app uses a few dozen. This
// preload serves each namespace lazily instead: `exports.vpc` becomes a getter that requires "./vpc" on first
// access and then replaces itself with the loaded module. Output is byte-identical (a test compares every
// environment's cdk.tf.json both ways).
//
// Safety: the rewrite applies only when the entry point has exactly the recognised shape (a header, "exports.x =
// void 0" declarations and one `exports.<name> = require("./<path>");` per namespace). Anything else, or any error,
// loads the file unchanged. Set BLUEGREEN_LAZY_PROVIDER=0 to turn it off; BLUEGREEN_LAZY_PROVIDER_DEBUG=1 logs
// what it does to stderr.
"use strict";

const Module = require("module");
const path = require("path");

const ENTRY = path.join("@cdktf", "provider-aws", "lib", "index.js");
const REQUIRE_LINE = /^exports\.([A-Za-z_$][\w$]*) = require\("(\.\/[\w./-]+)"\);$/;
const ALLOWED_LINE = [
  /^"use strict";$/,
  /^\/\*\*$/,
  /^ \*.*$/,
  /^ \*\/$/,
  /^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/,
  /^exports\.[A-Za-z_$][\w$]*( = exports\.[A-Za-z_$][\w$]*)* = void 0;$/,
  /^\/\/.*$/,
  /^$/,
];

function debug(message) {
  if (process.env.BLUEGREEN_LAZY_PROVIDER_DEBUG === "1") {
    process.stderr.write(`[lazy-aws-provider] ${message}\n`);
  }
}

/** Returns the lazy version of `source`, or null when its shape is not the one this preload knows. */
function rewrite(source) {
  const lines = source.split(/\r?\n/);
  const namespaces = [];
  for (const line of lines) {
    const m = REQUIRE_LINE.exec(line);
    if (m) {
      namespaces.push([m[1], m[2]]);
    } else if (!ALLOWED_LINE.some((re) => re.test(line))) {
      debug(`unrecognised line, loading eagerly: ${line.slice(0, 120)}`);
      return null;
    }
  }
  if (namespaces.length < 100) {
    debug(`only ${namespaces.length} namespaces, loading eagerly`);
    return null;
  }
  const table = JSON.stringify(namespaces);
  return `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
for (const [name, request] of ${table}) {
  Object.defineProperty(exports, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = require(request);
      Object.defineProperty(exports, name, { enumerable: true, configurable: true, writable: true, value });
      return value;
    },
  });
}
`;
}

if (process.env.BLUEGREEN_LAZY_PROVIDER !== "0") {
  const originalJs = Module._extensions[".js"];
  Module._extensions[".js"] = function lazyAwsProvider(module, filename) {
    if (filename.endsWith(ENTRY)) {
      try {
        const fs = require("fs");
        const lazy = rewrite(fs.readFileSync(filename, "utf8"));
        if (lazy !== null) {
          debug(`serving ${filename} lazily`);
          module._compile(lazy, filename);
          return;
        }
      } catch (error) {
        debug(`falling back to eager loading: ${error && error.message}`);
      }
    }
    return originalJs(module, filename);
  };
}

module.exports = { rewrite };
