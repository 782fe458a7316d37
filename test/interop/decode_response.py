"""Decodes KMIP response messages with PyKMIP's own (strict) message classes.

    /usr/bin/python3 -W ignore test/interop/decode_response.py --version 1.2 [HEX ...]

Each HEX is one whole Response Message (8-byte TTLV header included); with none given, one hex
message per line is read from stdin. For each message one JSON line is printed: on success
{"ok": true, "version": [major, minor], "items": [{"operation", "status", "reason", "message",
"payload", "ids"}]}, and on failure {"ok": false, "error": ...} with the point where PyKMIP gave up.
`--version` is the version PyKMIP starts reading with, as its client does; the body is then read
with the version found in the response header. The exit status is 0 only if every message decoded.
"""

import argparse
import json
import sys
import traceback

from kmip.core import enums
from kmip.core.messages import messages
from kmip.core.utils import BytearrayStream

VERSIONS = {
    "1.0": enums.KMIPVersion.KMIP_1_0,
    "1.1": enums.KMIPVersion.KMIP_1_1,
    "1.2": enums.KMIPVersion.KMIP_1_2,
    "1.3": enums.KMIPVersion.KMIP_1_3,
    "1.4": enums.KMIPVersion.KMIP_1_4,
    "2.0": enums.KMIPVersion.KMIP_2_0,
}

ID_FIELDS = ("unique_identifier", "private_key_unique_identifier", "public_key_unique_identifier")


def plain(value):
    """A PyKMIP field as JSON: primitives unwrapped, enumerations by name."""
    while hasattr(value, "value") and not isinstance(value, enums.enum.Enum):
        value = value.value
    if isinstance(value, enums.enum.Enum):
        return value.name
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


def payload_ids(payload):
    ids = {}
    for field in ID_FIELDS:
        try:
            v = getattr(payload, field, None)
        except Exception:  # noqa: BLE001 - a property that cannot answer has no id
            v = None
        v = plain(v)
        if isinstance(v, str):
            ids[field] = v
    return ids


def decode(hex_text, version):
    data = bytes.fromhex(hex_text.strip())
    message = messages.ResponseMessage()
    stream = BytearrayStream(data)
    message.read(stream, version)
    # ResponseMessage.read checks only its own structure; bytes after it are an error too.
    if stream.length() != 0:
        raise ValueError("{0} bytes after the response message".format(stream.length()))
    header = message.response_header
    if header.time_stamp is None:
        raise ValueError("the response header has no Time Stamp")
    items = []
    for item in message.batch_items:
        payload = item.response_payload
        items.append({
            "operation": None if item.operation is None else plain(item.operation),
            "status": plain(item.result_status),
            "reason": None if item.result_reason is None else plain(item.result_reason),
            "message": None if item.result_message is None else plain(item.result_message),
            "payload": None if payload is None else type(payload).__name__,
            "ids": {} if payload is None else payload_ids(payload),
        })
    if len(items) != plain(header.batch_count):
        raise ValueError("Batch Count {0} but {1} batch items".format(plain(header.batch_count), len(items)))
    return {
        "ok": True,
        "version": [header.protocol_version.major, header.protocol_version.minor],
        "items": items,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--version", choices=sorted(VERSIONS), required=True)
    p.add_argument("hex", nargs="*")
    args = p.parse_args()
    inputs = args.hex if args.hex else [line for line in sys.stdin.read().splitlines() if line.strip()]
    failed = 0
    for text in inputs:
        try:
            out = decode(text, VERSIONS[args.version])
        except Exception as err:  # noqa: BLE001 - reported, then the next message
            failed += 1
            tb = traceback.format_exception(type(err), err, err.__traceback__)
            out = {"ok": False, "error": "{0}: {1} | {2}".format(
                type(err).__name__, err, "".join(tb[-4:]).strip().replace("\n", " / "))}
        print(json.dumps(out), flush=True)
    sys.exit(1 if failed or not inputs else 0)


if __name__ == "__main__":
    main()
