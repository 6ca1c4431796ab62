package dev.pubsub.emitter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.RemoteSubscriptionStatus;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.DispatchingSubscription;

/**
 * {@link EmitterClient} on Paho's {@link MqttAsyncClient}.
 * <p>
 * Paho's automatic reconnect is off: the client reconnects with its {@link ReconnectPolicy} and
 * then restores, in order, every remote subscription (replaying {@code restore-last} stored
 * messages), every link and every presence follow, before queued publishes are sent and the
 * client reports {@code CONNECTED}. Paho's callback thread only decodes: handlers run on the
 * subscriptions' dispatchers, futures complete on a completion thread, and Emitter event handlers
 * run on their own ordered dispatcher.
 * <p>
 * This class is the facade; the work is done by package-private collaborators, each with one job:
 * {@code EmitterConnector} (sessions and their restore), {@code EmitterWire} (the current session,
 * sends and acknowledgements), {@code EmitterRemoteSubscriptions} (on the shared remote-subscription
 * registry, with {@code EmitterRemoteSubscriber}), {@code InboundPacketGuard} (the socket factory that
 * refuses inbound packets over {@code max-inbound-packet-size}), {@code EmitterPublisher}
 * (publishes and the offline queue), {@code EmitterRequests} (keygen, presence, link, me),
 * {@code EmitterInbound} (decoding), {@code EmitterEventHandlers}, {@code EmitterExtras} and
 * {@code EmitterCompletions}.
 * <p>
 * A subscription the broker refused (SUBACK {@code 0x80}) or did not answer is retried and listed
 * by {@link #unheldSubscriptions()} (by channel, never with its key), so health reports
 * {@code OUT_OF_SERVICE} until the broker grants it.
 */
public class PahoEmitterClient extends AbstractPubSubClient implements EmitterClient, RemoteSubscriptionStatus {

	/** Header set on deliveries: the MQTT retain flag. */
	public static final String RETAINED_HEADER = PubSubHeaders.PREFIX + "emitter_retained";

	private final EmitterClientSettings settings;

	private final EmitterExtras extras;

	private final EmitterCompletions completions;

	private final EmitterEventHandlers events;

	private final EmitterWire wire;

	private final EmitterRemoteSubscriptions remoteSubscriptions;

	private final EmitterPublisher publisher;

	private final EmitterRequests requests;

	private final EmitterConnector connector;

	/**
	 * Create a client.
	 * @param name the client and bean name
	 * @param settings the connection settings
	 * @param jsonMapper the shared JSON mapper
	 * @param reconnectPolicy the reconnect policy
	 * @param requestTimeout the default timeout of acks and broker requests
	 */
	public PahoEmitterClient(String name, EmitterClientSettings settings, JsonMapper jsonMapper,
			ReconnectPolicy reconnectPolicy, Duration requestTimeout) {
		super(name, jsonMapper, reconnectPolicy, requestTimeout);
		this.settings = settings;
		this.extras = new EmitterExtras(settings.channelKeys());
		this.completions = new EmitterCompletions(name,
				serialExecutor("completions"));
		this.events = new EmitterEventHandlers(name, metrics(), this.logger);
		this.wire = new EmitterWire(name, metrics(), scheduler(), requestTimeout, this.completions);
		this.remoteSubscriptions = new EmitterRemoteSubscriptions(name, settings, this.extras, this.wire,
				this.completions, new ConcurrentTaskScheduler(scheduler()), reconnectPolicy, requestTimeout,
				this.logger);
		this.publisher = new EmitterPublisher(name, settings, jsonMapper, this::state, this.wire, this.completions);
		this.requests = new EmitterRequests(name, jsonMapper, scheduler(), requestTimeout, this::state, this.wire,
				this.completions, this.events);
		EmitterInbound inbound = new EmitterInbound(name, jsonMapper, metrics(), this::dispatch, this::reportError,
				this.wire, this.requests, this.events, this.completions);
		InboundPacketGuard packetGuard = new InboundPacketGuard(name, settings.maxInboundPacketSize(), metrics(),
				this.logger);
		this.connector = new EmitterConnector(name, settings, packetGuard, this.wire, this.completions,
				this.remoteSubscriptions, this.requests, this.publisher,
				(paho) -> new EmitterSession(paho, name, this.logger, this.completions),
				(session) -> new EmitterSessionCallback(session, name, this.wire, inbound, this::connectionLost,
						metrics(), this.logger));
	}

	@Override
	public String type() {
		return "emitter";
	}

	/**
	 * Return the connection settings.
	 * @return the settings
	 */
	public EmitterClientSettings settings() {
		return this.settings;
	}

	// ---- connection ----

	@Override
	protected CompletableFuture<Void> doConnect() {
		return this.connector.connect();
	}

	@Override
	protected void doDisconnect() {
		this.remoteSubscriptions.detach();
		this.wire.closeSession();
		this.publisher.failQueued();
	}

	@Override
	protected void onConnectionLost(Throwable cause) {
		this.remoteSubscriptions.detach();
		this.requests.failAll(cause);
		this.wire.failAll(cause);
	}

	@Override
	protected Map<String, Object> connectionDetails() {
		return Map.of("serverUri", this.settings.serverUri());
	}

	@Override
	public void destroy() {
		super.destroy();
		this.events.shutdown();
		this.completions.shutdown();
	}

	// ---- patterns and subscriptions ----

	@Override
	public void validatePattern(String pattern) {
		super.validatePattern(pattern);
		EmitterChannelPattern.compile(pattern);
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return EmitterChannelPattern.compile(pattern);
	}

	@Override
	public CompletableFuture<Subscription> subscribe(String key, String channel, int last,
			PubSubMessageHandler handler) {
		if (last < 0) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("last must not be negative"));
		}
		return subscribeRemotely(key, channel, null, handler, Map.of(KEY_EXTRA, key, LAST_EXTRA, last));
	}

	@Override
	public CompletableFuture<Subscription> subscribeWithGroup(String key, String channel, String shareGroup,
			PubSubMessageHandler handler) {
		return subscribeRemotely(key, channel, shareGroup, handler, Map.of(KEY_EXTRA, key, GROUP_EXTRA, shareGroup,
				LAST_EXTRA, 0));
	}

	private CompletableFuture<Subscription> subscribeRemotely(String key, String channel, @Nullable String group,
			PubSubMessageHandler handler, Map<String, Object> extras) {
		String topic;
		try {
			topic = EmitterTopics.subscriptionTopic(key, channel, group);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		Subscription subscription = subscribe(channel, handler, SubscribeOptions.defaults().withExtras(extras));
		CompletableFuture<Void> firstAck = this.remoteSubscriptions.firstAck(topic);
		if (firstAck == null) {
			return CompletableFuture.completedFuture(subscription);
		}
		return this.completions.relay(firstAck, (ok) -> subscription, subscription::cancel);
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		this.remoteSubscriptions.hold(pattern, options);
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		this.remoteSubscriptions.release(pattern, options);
	}

	/**
	 * Return the wanted subscriptions the broker of the current session does not grant, by channel
	 * (with a share group's prefix; the channel key is never shown), with the reason.
	 * @return channel to reason, empty while disconnected
	 */
	@Override
	public Map<String, String> unheldSubscriptions() {
		return isConnected() ? this.remoteSubscriptions.unheld() : Map.of();
	}

	/**
	 * Return how many unsubscribe acknowledgements the client remembers, for tests.
	 * @return the count
	 */
	int pendingUnsubscribes() {
		return this.remoteSubscriptions.pendingUnsubscribes();
	}

	@Override
	public CompletableFuture<Void> unsubscribe(String key, String channel) {
		String normalized;
		String normalizedKey;
		try {
			normalized = EmitterTopics.normalizeChannel(channel, true);
			normalizedKey = EmitterTopics.normalizeKey(key);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		String topic = EmitterTopics.subscriptionTopic(normalizedKey, normalized, null);
		CompletableFuture<Void> acknowledged = this.remoteSubscriptions.awaitUnsubscribe(topic, () -> {
			for (DispatchingSubscription subscription : List.copyOf(subscriptions())) {
				Object subscriptionKey = subscription.options().extras().get(KEY_EXTRA);
				if (subscription.patterns().stream().anyMatch((pattern) -> sameChannel(pattern, normalized))
						&& (subscriptionKey == null
								|| normalizedKey.equals(EmitterTopics.trimSlashes(subscriptionKey.toString())))) {
					subscription.cancel();
				}
			}
		});
		if (acknowledged == null) {
			return CompletableFuture.completedFuture(null);
		}
		return this.completions.relay(acknowledged, (ok) -> ok, () -> {
		});
	}

	private static boolean sameChannel(String pattern, String normalized) {
		try {
			return EmitterTopics.normalizeChannel(pattern, true).equals(normalized);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	// ---- publishing ----

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		String key = this.extras.keyFor(topic, options.extras());
		if (key == null) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("No Emitter channel key for '" + topic
					+ "': set the publish option extra '" + KEY_EXTRA + "' or pubsub.clients." + name()
					+ ".emitter.channel-keys"));
		}
		return publish(key, topic, payload, EmitterExtras.publishOptions(options));
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String key, String channel, Object payload,
			EmitterPublishOptions options) {
		return observePublish(channel, () -> this.publisher.publish(key, channel, payload, options));
	}

	@Override
	public CompletableFuture<PublishReceipt> publishWithLink(String name, Object payload,
			EmitterPublishOptions options) {
		return observePublish(name, () -> this.publisher.publishWithLink(name, payload, options));
	}

	// ---- broker requests, each next to the handlers of its results ----

	@Override
	public CompletableFuture<EmitterKey> keygen(String key, String channel, String permissions, int ttl) {
		return this.requests.keygen(key, channel, permissions, ttl);
	}

	@Override
	public HandlerRegistration onKeygen(Consumer<EmitterKey> handler) {
		return this.events.keygen.add(handler);
	}

	@Override
	public CompletableFuture<EmitterPresenceStatus> presence(String key, String channel, boolean status,
			@Nullable Boolean changes) {
		return this.requests.presence(key, channel, status, changes);
	}

	@Override
	public HandlerRegistration onPresence(Consumer<EmitterPresenceEvent> handler) {
		return this.events.presence.add(handler);
	}

	@Override
	public CompletableFuture<EmitterLink> link(String name, String key, String channel, EmitterPublishOptions options,
			boolean subscribe) {
		return this.requests.link(name, key, channel, options, subscribe);
	}

	@Override
	public HandlerRegistration onLink(Consumer<EmitterLink> handler) {
		return this.events.link.add(handler);
	}

	@Override
	public CompletableFuture<EmitterMe> me() {
		return this.requests.me();
	}

	@Override
	public HandlerRegistration onMe(Consumer<EmitterMe> handler) {
		return this.events.me.add(handler);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Errors are the broker's {@code emitter/error/} messages and its error responses to requests;
	 * each is also reported as an {@code ERROR} connection event.
	 */
	@Override
	public HandlerRegistration onError(Consumer<EmitterError> handler) {
		return this.events.error.add(handler);
	}

}
