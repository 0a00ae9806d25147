// The kernel side of tools/jsii-kernel.sh, which preloads it. The jsii kernel reads its requests
// from fd 3 and writes its responses to fd 3 (a socket to the bundled wrapper). Started by jsii-kernel.sh, fd 3 is
// the JVM's request pipe and responses must go to fd 4, the JVM's response pipe: this sends the kernel's fd 3
// writes there. Only in the process jsii-kernel.sh started (BLUEGREEN_JSII_KERNEL_FD, removed at once so nothing
// the kernel starts inherits it); everywhere else it does nothing.
"use strict";

const target = Number(process.env.BLUEGREEN_JSII_KERNEL_FD);
if (process.env.BLUEGREEN_JSII_KERNEL_FD !== undefined) {
  delete process.env.BLUEGREEN_JSII_KERNEL_FD;
  if (Number.isInteger(target) && target > 3) {
    const fs = require("fs");
    const writeSync = fs.writeSync;
    fs.writeSync = function writeResponses(fd, ...rest) {
      return writeSync.call(this, fd === 3 ? target : fd, ...rest);
    };
  }
}
