"""Child processes that end with the process that started them, however it ends."""

import ctypes
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(signum: int = signal.SIGTERM):
    """A Popen preexec_fn after which the child gets `signum` when we die, however we die.

    Linux's PR_SET_PDEATHSIG, set in the child between fork and exec; it survives the exec and
    fires when the *thread* that forked ends, so children must be started from the main
    thread. If we died before it was set, the child is already an orphan and exits at once.
    Returns None (no preexec_fn) elsewhere than Linux.
    """
    if not sys.platform.startswith("linux"):
        return None
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("start child processes from the main thread (PR_SET_PDEATHSIG)")
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    parent = os.getpid()

    def tie_to_parent():
        prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return tie_to_parent
