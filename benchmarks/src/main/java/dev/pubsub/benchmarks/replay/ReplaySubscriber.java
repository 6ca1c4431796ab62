package dev.pubsub.benchmarks.replay;

/**
 * A subscriber process: {@code replay-subscriber <provider> <bare|raw|listener> --port=P --warmup=W
 * --messages=N [--timeout-seconds=120]}. It connects to the replay server, counts W + N messages and
 * prints {@link ReplayMeter#resultLine()}; exit status 1 if they did not all arrive in time.
 */
public final class ReplaySubscriber {

	/** The three subscribers of a provider. */
	static final String[] KINDS = { "bare", "raw", "listener" };

	private ReplaySubscriber() {
	}

	/**
	 * Run one subscriber.
	 * @param args provider, kind, then options
	 * @throws Exception if it cannot connect
	 */
	public static void main(String[] args) throws Exception {
		ReplayOptions options = ReplayOptions.parse(args, 2);
		String provider = args[0];
		String kind = args[1];
		int port = options.intValue("port", 0);
		ReplayMeter meter = new ReplayMeter(options.longValue("warmup", 20_000), options.longValue("messages", 100_000));
		ReplayMeter.install(meter);
		AutoCloseable subscriber = switch (kind) {
			case "bare" -> switch (provider) {
				case "emitter" -> BarePahoReplaySubscriber.connect(port, meter);
				case "httppubsub" -> BareHttpPubSubReplaySubscriber.start(port, ClientReplaySubscriber.freePort());
				default -> BareWebSocketReplaySubscriber.connect(provider, port, meter);
			};
			case "raw", "listener" -> ClientReplaySubscriber.start(provider, "listener".equals(kind), port, meter);
			default -> throw new IllegalArgumentException("kind must be bare, raw or listener, not '" + kind + "'");
		};
		boolean complete = meter.await(options.longValue("timeout-seconds", 120));
		if (complete) {
			System.out.println(meter.resultLine());
		}
		else {
			System.out.println("REPLAY-FAILED received=" + meter.count());
		}
		System.out.flush();
		try {
			subscriber.close();
		}
		catch (Exception ex) {
			// exiting anyway
		}
		System.exit(complete ? 0 : 1);
	}

}
