// Node preload of every JVM that synthesizes (the cdktf app command and the Maven test runs), installed with
// NODE_OPTIONS=--require (pom.xml: synth.preload). It makes the jsii Node child faster without changing what it
// writes (SynthPreloadTest compares every output byte with each part off):
//   lazy-aws-provider.cjs   the provider's ~1,790 namespaces load on first use     BLUEGREEN_LAZY_PROVIDER=0 turns off
//   node-code-cache.cjs     compiled code of large modules is reused between runs   BLUEGREEN_CODE_CACHE=0
//   token-stack-traces.cjs  no full stack trace for every token cdktf creates       BLUEGREEN_TOKEN_STACK_TRACES=1
"use strict";

require("./node-code-cache.cjs");
require("./token-stack-traces.cjs");
require("./lazy-aws-provider.cjs");
