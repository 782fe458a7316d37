"""Runs named steps against one open PyKMIP client and reports each as a JSON line.

Every step prints {"step", "ok", "detail"} and, when it handled key material or plaintext,
"secrets": {name: hex} so the Node side can put those values in the test ledger (the final test
scans the server logs for them). Secrets go in that field only, never in a detail. A step whose
prerequisite failed is reported as failed with "skipped: needs ...", so one early failure does
not hide the rest.
"""

import json
import traceback

from kmip.pie import exceptions as pie_exceptions


class StepFailed(Exception):
    """A result that came back but is wrong."""


class Skipped(Exception):
    """A prerequisite step did not produce what this one needs."""


def describe(err):
    """The error as the message helper needs it: the KMIP result, or the client-side traceback."""
    if isinstance(err, pie_exceptions.KmipOperationFailure):
        status = getattr(err.status, "name", str(err.status))
        reason = getattr(err.reason, "name", str(err.reason))
        return "KmipOperationFailure status={0} reason={1} message={2!r}".format(status, reason, err.message)
    if isinstance(err, (StepFailed, Skipped)):
        return str(err)
    tb = traceback.format_exception(type(err), err, err.__traceback__)
    # The last frames are where PyKMIP gave up (usually its strict parser).
    return "{0}: {1} | {2}".format(type(err).__name__, err, "".join(tb[-4:]).strip().replace("\n", " / "))


def check(cond, message):
    """Fails the step with `message` unless `cond` holds."""
    if not cond:
        raise StepFailed(message)


def _connection_lost(err):
    return isinstance(err, (OSError, EOFError)) or type(err).__name__ in ("ConnectionError", "ClientConnectionNotOpen")


class StepRunner:
    """Holds the client, the values steps pass on to later steps, and the failure count."""

    def __init__(self, open_client):
        # open_client() returns a new, open ProxyKmipClient.
        self.open_client = open_client
        self.client = None
        self.state = {}
        self.failures = 0
        self._secrets = {}

    def need(self, *names):
        """The values earlier steps stored under `names`; skips the step when one is missing."""
        missing = [n for n in names if n not in self.state]
        if missing:
            raise Skipped("skipped: needs " + ", ".join(missing))
        return [self.state[n] for n in names]

    def reveal(self, name, value):
        """Reports `value` (bytes) in this step's "secrets" field, for the test's ledger."""
        self._secrets[name] = bytes(value).hex()

    def reconnect(self):
        try:
            self.client.close()
        except Exception:  # noqa: BLE001 - the old socket may already be gone
            pass
        self.client = self.open_client()

    def step(self, name, fn):
        """Runs one step and prints its line; no failure ends the run."""
        try:
            detail = fn()
            ok = True
        except Exception as err:  # noqa: BLE001 - every failure is reported, none ends the run
            ok = False
            detail = describe(err)
            if _connection_lost(err):
                # The connection is unusable: reopen it so later steps still say something.
                try:
                    self.reconnect()
                except Exception as again:  # noqa: BLE001
                    detail += " | reconnect failed: " + describe(again)
        if not ok:
            self.failures += 1
        line = {"step": name, "ok": ok, "detail": detail if detail is not None else ""}
        if self._secrets:
            line["secrets"] = self._secrets
            self._secrets = {}
        print(json.dumps(line), flush=True)

    def run(self, steps):
        """Connects, runs every (name, fn) step in order, closes; the exit status (0: all passed)."""
        try:
            self.client = self.open_client()
        except Exception as err:  # noqa: BLE001
            print(json.dumps({"step": "Connect", "ok": False, "detail": describe(err)}), flush=True)
            return 1
        for name, fn in steps:
            self.step(name, fn)
        try:
            self.client.close()
        except Exception:  # noqa: BLE001
            pass
        return 1 if self.failures > 0 else 0
