"""Shared counting for the Python peers of the replay harness (same rules as the Java ReplayMeter).

The first WARMUP messages are not measured; wall time (perf_counter_ns) and this process's CPU time
(process_time_ns, all threads) run from the last warm-up message to the MESSAGES-th after it. The peer
prints REPLAY-RESULT messages=N nanos=T cpu-nanos=C, or REPLAY-FAILED received=K and exits with 1.
"""
import sys
import threading
import time


class PeerMeter:

    def __init__(self, warmup, measured):
        self.warmup = warmup
        self.measured = measured
        self.n = 0
        self.done = threading.Event()
        self.t0 = self.c0 = self.t1 = self.c1 = 0

    def hit(self):
        self.n += 1
        if self.n == self.warmup:
            self.t0 = time.perf_counter_ns()
            self.c0 = time.process_time_ns()
        elif self.n == self.warmup + self.measured:
            self.t1 = time.perf_counter_ns()
            self.c1 = time.process_time_ns()
            self.done.set()

    def report(self, completed):
        if not completed:
            print(f"REPLAY-FAILED received={self.n}", flush=True)
            return 1
        print(f"REPLAY-RESULT messages={self.measured} nanos={self.t1 - self.t0} cpu-nanos={self.c1 - self.c0}",
              flush=True)
        return 0


def args():
    """PORT WARMUP MESSAGES TIMEOUT_SECONDS"""
    return int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
