#!/usr/bin/env python3
"""Preflight for the editor tests: does the server binary answer `initialize` over stdio?

Prints the server's name, version and advertised capabilities, so every editor test's log says what
the server under test could do; exits 1 with the reason when the server does not speak LSP at all.
"""

import json
import subprocess
import sys
import threading


def main() -> int:
    binary = sys.argv[1]  # argv[2], optional: file to write the capability names to
    proc = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def send(msg: dict) -> None:
        body = json.dumps(msg).encode()
        assert proc.stdin is not None
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def recv() -> dict | None:
        assert proc.stdout is not None
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = proc.stdout.read(1)
            if not byte:
                return None
            header += byte
        length = next(
            int(line.split(b":", 1)[1]) for line in header.split(b"\r\n") if line.lower().startswith(b"content-length:")
        )
        return json.loads(proc.stdout.read(length))

    answer: list[dict | None] = []

    def read_initialize_answer() -> None:
        while True:
            msg = recv()
            if msg is None or msg.get("id") == 1:
                answer.append(msg)
                return

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    except BrokenPipeError:
        pass
    reader = threading.Thread(target=read_initialize_answer, daemon=True)
    reader.start()
    reader.join(10)
    msg = answer[0] if answer else None
    if msg is None or "result" not in msg:
        proc.kill()
        stderr = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
        why = "no answer within 10 s" if not answer else ("exited with code %s" % proc.wait() if msg is None else "error %s" % msg.get("error"))
        print(f"[editors] FAIL: {binary} serve did not answer initialize ({why}); stderr: {stderr.strip() or '(empty)'}", file=sys.stderr)
        return 1
    result = msg["result"]
    info = result.get("serverInfo") or {}
    caps = sorted(k for k, v in (result.get("capabilities") or {}).items() if v not in (None, False))
    if len(sys.argv) > 2:
        # One advertised capability per line, for the editor tests that gate checks on them.
        with open(sys.argv[2], "w", encoding="utf-8") as caps_file:
            caps_file.write("".join(cap + "\n" for cap in caps))
    print(f"[editors] server {info.get('name', '?')} {info.get('version', '')} at {binary}: {', '.join(caps) or 'no capabilities'}", file=sys.stderr)
    try:
        send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        send({"jsonrpc": "2.0", "method": "exit", "params": None})
        proc.wait(5)
    except (BrokenPipeError, subprocess.TimeoutExpired):
        proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
