package dev.pubsub.wsrpc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import javax.management.ObjectName;

/**
 * The endpoint in a JVM of its own, for heap measurements that the test's own clients and other
 * tests do not disturb. Started with the endpoint's properties as arguments; prints
 * {@code PORT <port>}, then answers commands on stdin: {@code heap} prints {@code HEAP <bytes>}
 * (the least heap used over several collections), {@code sessions} prints
 * {@code SESSIONS <open sessions>}, {@code histogram} prints the top of a class histogram,
 * {@code exit} stops.
 */
public final class EndpointMemoryProbe {

	private EndpointMemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		try (EndpointServer server = EndpointServer.start(args)) {
			System.out.println("PORT " + server.port());
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String command = in.readLine(); command != null && !command.equals("exit"); command = in.readLine()) {
				switch (command) {
					case "heap" -> System.out.println("HEAP " + usedHeapAfterGc());
					case "sessions" -> System.out.println("SESSIONS " + server.handler().metrics().sessions());
					case "histogram" -> System.out.println(histogram());
					default -> System.out.println("UNKNOWN " + command);
				}
			}
		}
		System.exit(0);
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(200);
			least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return least;
	}

	private static String histogram() throws Exception {
		Object text = ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { new String[0] }, new String[] { String[].class.getName() });
		return String.join("\n", text.toString().lines().limit(25).map((line) -> "HISTOGRAM " + line).toList());
	}

}
