package dev.pubsub.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.support.InboundBudget;

/**
 * Configuration properties of the pub/sub starter ({@code pubsub.*}).
 * <p>
 * The keys under {@code pubsub.clients.<name>} are not in the generated metadata (Spring Boot's
 * processor skips map values); {@code docs/configuration.md} lists every one of them.
 */
@ConfigurationProperties("pubsub")
public class PubSubProperties {

	/**
	 * Named clients; each entry creates one client bean named after its key.
	 */
	private final Map<String, Client> clients = new LinkedHashMap<>();

	/**
	 * Defaults for @PubSubListener endpoints.
	 */
	@NestedConfigurationProperty
	private final Listener listener = new Listener();

	/**
	 * Micrometer observations of listener deliveries and publishes.
	 */
	@NestedConfigurationProperty
	private final Observation observation = new Observation();

	public Map<String, Client> getClients() {
		return this.clients;
	}

	public Observation getObservation() {
		return this.observation;
	}

	public Listener getListener() {
		return this.listener;
	}

	/**
	 * One named client.
	 */
	public static class Client {

		/**
		 * Provider type: realtime, realtimex, httppubsub, wsrpc or emitter.
		 */
		private @Nullable PubSubClientType type;

		/**
		 * Whether the client connects when the application context starts.
		 */
		private boolean autoConnect = true;

		/**
		 * Whether this client's listener deliveries and publishes are observed with Micrometer;
		 * overrides pubsub.observation.enabled for this client when set.
		 */
		private @Nullable Boolean observationEnabled;

		/**
		 * Default timeout for acks, replies, RPC results and other request/response waits.
		 */
		private Duration requestTimeout = Duration.ofSeconds(5);

		/**
		 * Timeout of one connection attempt (handshake included).
		 */
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * Reconnect behaviour after an unexpected drop.
		 */
		private final Reconnect reconnect = new Reconnect();

		/**
		 * Bounds of the client's inbound buffering.
		 */
		private final Inbound inbound = new Inbound();

		/**
		 * Realtime Pub/Sub settings (type: realtime).
		 */
		private final RealtimeClientProperties realtime = new RealtimeClientProperties();

		/**
		 * RealtimeX settings (type: realtimex).
		 */
		private final RealtimeXClientProperties realtimex = new RealtimeXClientProperties();

		/**
		 * httppubsub settings (type: httppubsub).
		 */
		private final HttpPubSubClientProperties httppubsub = new HttpPubSubClientProperties();

		/**
		 * fastapi_websocket_pubsub settings (type: wsrpc).
		 */
		private final WsRpcClientProperties wsrpc = new WsRpcClientProperties();

		/**
		 * Emitter settings (type: emitter).
		 */
		private final EmitterClientProperties emitter = new EmitterClientProperties();

		public @Nullable PubSubClientType getType() {
			return this.type;
		}

		public void setType(@Nullable PubSubClientType type) {
			this.type = type;
		}

		public boolean isAutoConnect() {
			return this.autoConnect;
		}

		public void setAutoConnect(boolean autoConnect) {
			this.autoConnect = autoConnect;
		}

		public @Nullable Boolean getObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(@Nullable Boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Reconnect getReconnect() {
			return this.reconnect;
		}

		public Inbound getInbound() {
			return this.inbound;
		}

		public RealtimeClientProperties getRealtime() {
			return this.realtime;
		}

		public RealtimeXClientProperties getRealtimex() {
			return this.realtimex;
		}

		public HttpPubSubClientProperties getHttppubsub() {
			return this.httppubsub;
		}

		public WsRpcClientProperties getWsrpc() {
			return this.wsrpc;
		}

		public EmitterClientProperties getEmitter() {
			return this.emitter;
		}

	}

	/**
	 * Bounds of one client's inbound buffering.
	 */
	public static class Inbound {

		/**
		 * Bytes that all messages queued for or being handled by the client's listeners and handlers
		 * may take together (payload plus a small fixed overhead each), shared by all its subscriptions;
		 * when it is full the overflow policy applies (by default the network thread waits, so the
		 * server is back-pressured). A single larger message is admitted once nothing else is held.
		 */
		private DataSize maxBufferedBytes = DataSize.ofBytes(InboundBudget.DEFAULT_MAX_BYTES);

		public DataSize getMaxBufferedBytes() {
			return this.maxBufferedBytes;
		}

		public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
			this.maxBufferedBytes = maxBufferedBytes;
		}

	}

	/**
	 * Reconnect settings: exponential backoff with jitter.
	 */
	public static class Reconnect {

		/**
		 * Whether to reconnect after an unexpected drop.
		 */
		private boolean enabled = true;

		/**
		 * Delay before the first reconnect attempt.
		 */
		private Duration initialDelay = Duration.ofSeconds(1);

		/**
		 * Maximum delay between attempts.
		 */
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * Growth factor of the delay per attempt.
		 */
		private double multiplier = 2.0;

		/**
		 * Random spread of each delay, as a fraction of it (0 to 1).
		 */
		private double jitter = 0.2;

		/**
		 * Attempts before giving up; -1 for unlimited.
		 */
		private int maxAttempts = ReconnectPolicy.UNLIMITED;

		/**
		 * How long a connection must stay up before its drop starts the backoff again at the initial
		 * delay and the attempt count at 1; a connection that drops sooner (a server that accepts and
		 * then closes) continues the growing delays and counts towards max-attempts.
		 */
		private Duration stableAfter = ReconnectPolicy.DEFAULT_STABLE_AFTER;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getStableAfter() {
			return this.stableAfter;
		}

		public void setStableAfter(Duration stableAfter) {
			this.stableAfter = stableAfter;
		}

		/**
		 * Build the policy these settings describe.
		 * @return the policy
		 */
		public ReconnectPolicy toPolicy() {
			return new ReconnectPolicy(this.enabled, this.initialDelay, this.maxDelay, this.multiplier, this.jitter,
					this.maxAttempts, this.stableAfter);
		}

	}

	/**
	 * Micrometer observation settings.
	 */
	public static class Observation {

		/**
		 * Whether to create pubsub.listener and pubsub.publish observations for every client (needs
		 * an ObservationRegistry, e.g. from spring-boot-micrometer-observation).
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Whether the client of that name is observed: its own observation-enabled when set, else
		 * the global setting.
		 * @param clients the configured clients
		 * @param clientName the client's name
		 * @return whether to observe it
		 */
		public boolean isEnabledFor(Map<String, Client> clients, String clientName) {
			Client client = clients.get(clientName);
			Boolean own = (client != null) ? client.getObservationEnabled() : null;
			return (own != null) ? own : this.enabled;
		}

		/**
		 * Whether any client is observed.
		 * @param clients the configured clients
		 * @return whether observations are on globally or for at least one client
		 */
		public boolean isEnabledForAny(Map<String, Client> clients) {
			return this.enabled || clients.values()
				.stream()
				.anyMatch((client) -> Boolean.TRUE.equals(client.getObservationEnabled()));
		}

	}

	/**
	 * Defaults for listener endpoints.
	 */
	public static class Listener {

		/**
		 * Default number of threads per listener; messages of one topic stay in order.
		 */
		private int concurrency = 1;

		/**
		 * Messages each listener thread may have queued.
		 */
		private int queueCapacity = 10_000;

		/**
		 * What a listener does with a message when its queue or the client's inbound byte budget is
		 * full: block (back-pressure on the network thread, the default), drop-newest or drop-oldest.
		 */
		private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;

		/**
		 * Whether listeners start with the application context.
		 */
		private boolean autoStartup = true;

		/**
		 * How long a stopping listener keeps delivering the messages already queued for it (the
		 * call in progress is never interrupted); what is left then is discarded, counted in the
		 * client's 'discardedOnShutdown' metric and logged once.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * Retry of failed listener invocations.
		 */
		private final Retry retry = new Retry();

		/**
		 * Republishing of messages whose listener failed for good on a dead-letter topic or channel.
		 */
		private final DeadLetter deadLetter = new DeadLetter();

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public OverflowPolicy getOverflowPolicy() {
			return this.overflowPolicy;
		}

		public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
			this.overflowPolicy = overflowPolicy;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public DeadLetter getDeadLetter() {
			return this.deadLetter;
		}

	}

	/**
	 * Retry of failed listener invocations, on the listener's own thread.
	 */
	public static class Retry {

		/**
		 * Invocations of a listener per message, the first included; 1 disables retry.
		 */
		private int maxAttempts = 1;

		/**
		 * Back-off before the first retry.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Growth factor of the back-off per retry; 1 for a fixed back-off.
		 */
		private double multiplier = 2.0;

		/**
		 * Cap on any back-off.
		 */
		private Duration maxInterval = Duration.ofSeconds(10);

		/**
		 * Fully qualified names of exception types that are never retried (matched anywhere in the
		 * cause chain). Conversion and validation failures are never retried anyway.
		 */
		private List<String> notRetryable = new ArrayList<>();

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public List<String> getNotRetryable() {
			return this.notRetryable;
		}

		public void setNotRetryable(List<String> notRetryable) {
			this.notRetryable = notRetryable;
		}

	}

	/**
	 * Dead-letter republishing of messages whose listener failed for good.
	 */
	public static class DeadLetter {

		/**
		 * Name of the client (any type) that republishes failed messages on a dead-letter topic or
		 * channel; unset keeps the default recoverer, which logs and counts them.
		 */
		private @Nullable String client;

		/**
		 * Dead-letter topic or channel; '{topic}' stands for the topic the message arrived on.
		 */
		private String destination = "{topic}.DLT";

		/**
		 * How long the listener waits for the dead-letter client to confirm a publish.
		 */
		private Duration publishTimeout = Duration.ofSeconds(10);

		public @Nullable String getClient() {
			return this.client;
		}

		public void setClient(@Nullable String client) {
			this.client = client;
		}

		public String getDestination() {
			return this.destination;
		}

		public void setDestination(String destination) {
			this.destination = destination;
		}

		public Duration getPublishTimeout() {
			return this.publishTimeout;
		}

		public void setPublishTimeout(Duration publishTimeout) {
			this.publishTimeout = publishTimeout;
		}

	}

}
