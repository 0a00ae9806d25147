// cdktf token creation stacks, off (part of tools/synth-preload.cjs).
//
// cdktf 0.19 records a full JavaScript stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER) for every token it
// creates: each attribute reference, each Lazy value. The trace only shows up in a token resolution error, and in a
// Java app it holds nothing but frames of the jsii kernel, never the Java line that made the token. Capturing them
// cost about 21 ms per service stack and 40 MB of the Node child at 63 stacks (measured: BenchmarkCase services 20,
// three runs each way). This hook makes cdktf's captureStackTrace return a one-line note instead; the synthesized
// output is byte-identical (SynthPreloadTest). BLUEGREEN_TOKEN_STACK_TRACES=1 keeps them.
//
// Safety: it rewrites only cdktf's lib/tokens/private/stack-trace.js, and only when the function has exactly the
// known header; any other shape loads unchanged.
"use strict";

const Module = require("module");

const FILE = /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/;
const HEADER = "function captureStackTrace(below) {";
const NOTE = "(token creation stacks are off; set BLUEGREEN_TOKEN_STACK_TRACES=1 to record them)";

/** The source with captureStackTrace returning the note, or null when the file is not of the known shape. */
function rewrite(source) {
  if (source.split(HEADER).length !== 2) {
    return null;
  }
  return source.replace(HEADER, `${HEADER} return [${JSON.stringify(NOTE)}];`);
}

if (process.env.BLUEGREEN_TOKEN_STACK_TRACES !== "1") {
  const original = Module.prototype._compile;
  Module.prototype._compile = function withoutTokenStackTraces(content, filename, ...rest) {
    if (typeof content === "string" && FILE.test(filename)) {
      const rewritten = rewrite(content);
      if (rewritten !== null) {
        return original.call(this, rewritten, filename, ...rest);
      }
    }
    return original.call(this, content, filename, ...rest);
  };
}

module.exports = { rewrite, NOTE };
