package dev.pubsub.benchmarks.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

/**
 * Prints the slowest startup steps of one run ({@code startup-app with|without --steps=N}): Spring's
 * {@link BufferingApplicationStartup} records every step (bean instantiation, post-processing, context
 * refresh phases); this prints the N with the most self time (duration minus the nested steps') with
 * their tags (the bean name), as {@code STARTUP-STEP <self ms> <total ms> <name> <tags>} lines, self time per
 * step kind, CPU per OS thread ({@link #printThreadCpu}) and a wall-clock sample of the main thread
 * ({@link #sampleCurrentThread}).
 */
final class StartupSteps {

	private StartupSteps() {
	}

	static void print(BufferingApplicationStartup recorder, int count) {
		List<StartupTimeline.TimelineEvent> events = recorder.getBufferedTimeline().getEvents();
		Map<Long, Long> childNanos = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				childNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
			}
		}
		List<long[]> rows = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			StartupTimeline.TimelineEvent event = events.get(i);
			long total = event.getDuration().toNanos();
			rows.add(new long[] { total - childNanos.getOrDefault(event.getStartupStep().getId(), 0L), total, i });
		}
		rows.sort((a, b) -> Long.compare(b[0], a[0]));
		Map<String, Long> byName = new HashMap<>();
		for (long[] row : rows) {
			byName.merge(events.get((int) row[2]).getStartupStep().getName(), row[0], Long::sum);
		}
		byName.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> System.out.printf("STARTUP-STEP-KIND %6d ms self %s%n", entry.getValue() / 1_000_000,
					entry.getKey()));
		for (long[] row : rows.subList(0, Math.min(count, rows.size()))) {
			StartupTimeline.TimelineEvent event = events.get((int) row[2]);
			StringBuilder tags = new StringBuilder();
			for (StartupStep.Tag tag : event.getStartupStep().getTags()) {
				tags.append(' ').append(tag.getKey()).append('=').append(tag.getValue());
			}
			System.out.printf("STARTUP-STEP %6d ms self %6d ms total %s%s%n", row[0] / 1_000_000, row[1] / 1_000_000,
					event.getStartupStep().getName(), tags);
		}
		long total = events.stream().map(StartupTimeline.TimelineEvent::getDuration).filter((d) -> d != null)
			.mapToLong(Duration::toNanos).max().orElse(0);
		System.out.printf("STARTUP-STEP longest step %d ms%n", total / 1_000_000);
	}

	/**
	 * Start sampling the calling thread's state and stack every 5 ms on a daemon thread (a wall-clock
	 * profile: where the thread waits, not only where it runs); {@link WallSampler#print} prints the
	 * states and the most frequent stacks of the samples that were not {@code RUNNABLE} or that sit
	 * in {@code dev.pubsub} code.
	 * @return the sampler
	 */
	static WallSampler sampleCurrentThread() {
		WallSampler sampler = new WallSampler(Thread.currentThread());
		Thread thread = new Thread(sampler, "startup-wall-sampler");
		thread.setDaemon(true);
		thread.start();
		return sampler;
	}

	/** A wall-clock sampler of one thread. */
	static final class WallSampler implements Runnable {

		private final Thread target;

		private final Map<String, Integer> states = new ConcurrentHashMap<>();

		private final Map<String, Integer> stacks = new ConcurrentHashMap<>();

		private volatile boolean stopped;

		WallSampler(Thread target) {
			this.target = target;
		}

		@Override
		public void run() {
			while (!this.stopped) {
				StackTraceElement[] stack = this.target.getStackTrace();
				Thread.State state = this.target.getState();
				this.states.merge(state.name(), 1, Integer::sum);
				StringBuilder key = new StringBuilder(state.name());
				int frames = 0;
				for (StackTraceElement frame : stack) {
					if (frames++ < 8) {
						key.append("\n      ").append(frame.getClassName()).append('.').append(frame.getMethodName());
					}
				}
				for (StackTraceElement frame : stack) {
					if (frame.getClassName().startsWith("dev.pubsub") && !frame.getClassName().contains("benchmarks")) {
						key.append("\n    > ").append(frame.getClassName()).append('.').append(frame.getMethodName());
						break;
					}
				}
				this.stacks.merge(key.toString(), 1, Integer::sum);
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		void print(int count) {
			this.stopped = true;
			System.out.println("STARTUP-WALL states " + this.states);
			this.stacks.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
				.limit(count)
				.forEach((entry) -> System.out.println("STARTUP-WALL " + entry.getValue() + " " + entry.getKey()));
		}

	}

	/**
	 * Print the CPU time of this process's threads (JIT compiler and GC threads included, which
	 * {@code ThreadMXBean} does not show) from {@code /proc/self/task}, grouped by name without digits.
	 * @param count how many groups
	 */
	static void printThreadCpu(int count) {
		Map<String, long[]> groups = new HashMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			tasks.forEach((task) -> {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					long[] group = groups.computeIfAbsent(name, (key) -> new long[2]);
					group[0] += ticks * 10;
					group[1]++;
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended
				}
			});
		}
		catch (IOException ex) {
			return;
		}
		groups.entrySet()
			.stream()
			.sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
			.limit(count)
			.forEach((entry) -> System.out.printf("STARTUP-THREADS %6d ms cpu %4d thread(s) %s%n", entry.getValue()[0],
					entry.getValue()[1], entry.getKey()));
	}

}
