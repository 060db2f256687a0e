"""Command line: ``python3 -m lambda_dr_emulator --host 127.0.0.1 --port 4566``."""

from __future__ import annotations

import argparse
import signal
import threading

from werkzeug.serving import make_server

from .app import EmulatorApp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lambda_dr_emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566, help="0 picks a free port")
    parser.add_argument("--lambda-quotas", action="store_true",
                        help="start with Lambda's control-plane request quotas enforced (see PUT /_emulator/quotas)")
    args = parser.parse_args(argv)

    server = make_server(args.host, args.port, EmulatorApp(lambda_quotas=args.lambda_quotas), threaded=True)

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return, so not from its thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    # The socket is bound and listening once make_server returns.
    print(f"lambda-dr emulator listening on http://{args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
