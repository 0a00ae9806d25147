"""A minimal application for the ECS blue/green platform: what the checkout service's repository holds.

It answers GET /health with "ok" (the target groups' health check, and so the smoke test on the test listener) and
GET / with a line naming the release (APP_RELEASE, set in the Dockerfile). It listens on 8080, the container port
of the service, writes no file (the root file system is read-only) and runs as the unprivileged user of the image.
Standard library only.
"""
import http.server
import os
import signal
import sys

PORT = 8080
RELEASE = os.environ.get("APP_RELEASE", "unknown")


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "checkout"

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            body, status = b"ok\n", 200
        elif path == "/":
            body, status = ("checkout release %s\n" % RELEASE).encode(), 200
        else:
            body, status = b"not found\n", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        # One line per request on stdout: the awslogs driver sends it to the service's log group.
        sys.stdout.write("%s %s\n" % (self.address_string(), fmt % args))
        sys.stdout.flush()


def main():
    server = http.server.ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    # ECS stops a task with SIGTERM (then SIGKILL after the stop timeout): exit at once, with status 0.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("checkout release %s listening on %d as uid %d" % (RELEASE, PORT, os.getuid()), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
