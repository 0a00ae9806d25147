"""A minimal application for the EC2 platforms: what an application repository deployed in place holds.

It answers GET /health with "ok" and GET / with a greeting, on the port in the PORT environment variable (the
revision's systemd unit sets it). Standard library only: Amazon Linux 2023 ships python3.
"""
import http.server
import os


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = {"/health": b"ok\n", "/": b"hello from the catalog service\n"}.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(body or b"not found\n")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
