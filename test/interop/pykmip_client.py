"""Drives a KMIP server with PyKMIP's own client (ProxyKmipClient), one operation per step.

Run with Debian's interpreter, which has python3-pykmip:

    /usr/bin/python3 -W ignore -B test/interop/pykmip_client.py --host 127.0.0.1 --port 5696 \
        --cert client.crt --key client.key --ca ca.crt --version 1.2 [--username U]

With --username, the password of the Username and Password credential is read from the
environment variable KMIP_PASSWORD (kept off the command line: in sqlite-enc mode it is a
database secret).

The steps are in pykmip_steps.py, the JSON-lines reporting in pykmip_runner.py. The exit status
is 0 only when every step passed.
"""

import argparse
import os
import sys

from kmip.core import enums
from kmip.pie.client import ProxyKmipClient

from pykmip_steps import ProxyClientSteps

VERSIONS = {
    "1.2": (enums.KMIPVersion.KMIP_1_2, (1, 2)),
    "1.4": (enums.KMIPVersion.KMIP_1_4, (1, 4)),
    "2.0": (enums.KMIPVersion.KMIP_2_0, (2, 0)),
}


def client_opener(args, kmip_version):
    """A function that opens a new ProxyKmipClient connection as the arguments say."""
    kwargs = dict(
        hostname=args.host,
        port=args.port,
        cert=args.cert,
        key=args.key,
        ca=args.ca,
        kmip_version=kmip_version,
        # An empty config file: nothing from ~/.pykmip or /etc/pykmip leaks into the run.
        config_file=os.devnull,
    )
    if args.username is not None:
        kwargs["username"] = args.username
        kwargs["password"] = os.environ["KMIP_PASSWORD"]

    def open_client():
        client = ProxyKmipClient(**kwargs)
        client.open()
        client.proxy.socket.settimeout(args.timeout)
        return client

    return open_client


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--version", choices=sorted(VERSIONS), default="1.2")
    p.add_argument("--username", help="send a Username and Password credential; the password is $KMIP_PASSWORD")
    p.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each answer")
    args = p.parse_args()
    if args.username is not None and not os.environ.get("KMIP_PASSWORD"):
        p.error("--username needs the password in KMIP_PASSWORD")
    kmip_version, wire_version = VERSIONS[args.version]
    steps = ProxyClientSteps(client_opener(args, kmip_version), wire_version)
    sys.exit(steps.run(steps.steps()))


if __name__ == "__main__":
    main()
