package dev.pubsub.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of the receiving side only: the threads a benchmark names, such as the WebSocket client's
 * read threads ({@code WebSocketClient-AsyncIO-*}, which also read the publisher's acks, the same in
 * every scenario) or the subscribers' Paho threads, and the client's dispatch lanes ({@code pubsub-*}).
 * Unlike process CPU it leaves out the broker and the publisher, so it shows what the listener
 * machinery costs per message.
 */
final class ReceiveSideCpu {

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final Predicate<String> receiving;

	private final Map<Long, Long> start;

	ReceiveSideCpu(Predicate<String> receiving) {
		this.receiving = receiving;
		this.start = snapshot();
	}

	long elapsedNanos() {
		long total = 0;
		for (Map.Entry<Long, Long> entry : snapshot().entrySet()) {
			total += entry.getValue() - this.start.getOrDefault(entry.getKey(), 0L);
		}
		return total;
	}

	private Map<Long, Long> snapshot() {
		Map<Long, Long> cpu = new HashMap<>();
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && this.receiving.test(info.getThreadName())) {
				long nanos = threads.getThreadCpuTime(info.getThreadId());
				if (nanos >= 0) {
					cpu.put(info.getThreadId(), nanos);
				}
			}
		}
		return cpu;
	}

}
