#!/bin/sh
# The jsii runtime command of every JVM that synthesizes on Linux and macOS (JSII_RUNTIME='exec sh
# "$BLUEGREEN_JSII_SCRIPT"', set with BLUEGREEN_JSII_SCRIPT by pom.xml and by tools/cdktf-app.cjs: any project path,
# quotes included, and no execute bit needed): starts the jsii kernel (the jsii-runtime jar's lib/program.js, unpacked by the build into
# each module's target/jsii-kernel) directly on the JVM's pipes.
#
# The bundled runtime starts a Node wrapper that starts the kernel and relays every request and every response
# between the JVM and the kernel: two more pipe hops and wake-ups per jsii call, about 16 ms per service stack.
# Here the kernel reads requests from the JVM's pipe (fd 0, as fd 3) and writes responses to the JVM's pipe (fd 1,
# as fd 4: tools/jsii-direct-kernel.cjs, which this script preloads, sends the kernel's fd 3 writes there); the
# kernel's own stdout goes to stderr (with the bundled runtime it reached the JVM's stdout). The bundled wrapper's
# Node version warnings are not printed. Its stdin is /dev/null: the request
# pipe is only fd 3, so code that touches process.stdin (which makes that descriptor non-blocking) cannot turn the
# kernel's blocking reads into EAGAIN. BLUEGREEN_JSII_DIRECT=0 (app command)
# or -Djsii.bundled (Maven) keeps the bundled runtime.
kernel="${BLUEGREEN_JSII_KERNEL:-}"
if [ -z "$kernel" ] || [ ! -f "$kernel" ]; then
  echo "jsii-kernel.sh: the jsii kernel '$kernel' is missing (BLUEGREEN_JSII_KERNEL): build once with 'mvn -B verify'" \
    "or keep the bundled jsii runtime (BLUEGREEN_JSII_DIRECT=0, or mvn -Djsii.bundled)" >&2
  exit 127
fi
tools=$(dirname "$0")
# JSII_NODE unquoted: as with the bundled runtime, it may carry options ("node --max-old-space-size=4096").
# shellcheck disable=SC2086
BLUEGREEN_JSII_KERNEL_FD=4 exec ${JSII_NODE:-node} --require "$tools/jsii-direct-kernel.cjs" --preserve-symlinks "$kernel" \
  3<&0 4>&1 1>&2 0</dev/null
