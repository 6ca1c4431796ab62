package dev.pubsub.emitter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttToken;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.DispatchingSubscription;
import dev.pubsub.core.support.OrderedDispatcher;
import dev.pubsub.core.support.PendingRequests;

/**
 * {@link EmitterClient} on Paho's {@link MqttAsyncClient}.
 * <p>
 * Paho's automatic reconnect is off: the client reconnects with its {@link ReconnectPolicy} and
 * then restores, in order, every remote subscription (replaying {@code restore-last} stored
 * messages), every link and every presence follow, before queued publishes are sent and the
 * client reports {@code CONNECTED}. Paho's callback thread only decodes: handlers run on the
 * subscriptions' dispatchers, futures complete on a completion thread, and Emitter event handlers
 * run on their own ordered dispatcher.
 */
public class PahoEmitterClient extends AbstractPubSubClient implements EmitterClient {

	/** Header set on deliveries: the MQTT retain flag. */
	public static final String RETAINED_HEADER = PubSubHeaders.PREFIX + "emitter_retained";

	private static final Pattern LINK_NAME = Pattern.compile("[A-Za-z0-9]{1,2}");

	private final EmitterClientSettings settings;

	private final Object sendLock = new Object();

	private final Deque<QueuedPublish> offlineQueue = new ArrayDeque<>();

	private final PendingRequests<Integer, JsonNode> requests;

	private final Map<Integer, String> requestOperations = new ConcurrentHashMap<>();

	private final Map<Integer, Inflight> inflight = new ConcurrentHashMap<>();

	private final Map<String, RemoteSubscription> remoteSubscriptions = new LinkedHashMap<>();

	private final Map<String, LinkSpec> links = new ConcurrentHashMap<>();

	private final Map<String, PresenceFollow> presenceFollows = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Void>> pendingUnsubscribes = new ConcurrentHashMap<>();

	private final Set<String> missingKeyWarnings = ConcurrentHashMap.newKeySet();

	private final ExecutorService completions;

	private final OrderedDispatcher<Runnable> handlerDispatcher;

	private final List<Consumer<EmitterPresenceEvent>> presenceHandlers = new CopyOnWriteArrayList<>();

	private final List<Consumer<EmitterKey>> keygenHandlers = new CopyOnWriteArrayList<>();

	private final List<Consumer<EmitterLink>> linkHandlers = new CopyOnWriteArrayList<>();

	private final List<Consumer<EmitterMe>> meHandlers = new CopyOnWriteArrayList<>();

	private final List<Consumer<EmitterError>> errorHandlers = new CopyOnWriteArrayList<>();

	private @Nullable Session session;

	/**
	 * Create a client.
	 * @param name the client and bean name
	 * @param settings the connection settings
	 * @param jsonMapper the shared JSON mapper
	 * @param reconnectPolicy the reconnect policy
	 * @param requestTimeout the default timeout of acks and broker requests
	 */
	public PahoEmitterClient(String name, EmitterClientSettings settings, JsonMapper jsonMapper,
			ReconnectPolicy reconnectPolicy, java.time.Duration requestTimeout) {
		super(name, jsonMapper, reconnectPolicy, requestTimeout);
		this.settings = settings;
		this.requests = new PendingRequests<>(scheduler(), "Emitter response");
		this.completions = Executors.newSingleThreadExecutor(daemon("pubsub-" + name + "-completions"));
		this.handlerDispatcher = new OrderedDispatcher<>("pubsub-" + name + "-emitter-events", 1, 10_000,
				OverflowPolicy.DROP_NEWEST, (task) -> "events", Runnable::run, (task) -> metrics().messageDropped(),
				(task) -> metrics().messageDiscardedOnShutdown());
	}

	@Override
	public String type() {
		return "emitter";
	}

	@Override
	public boolean supportsReplies() {
		return false;
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
		closeSession();
		CompletableFuture<Void> result = new CompletableFuture<>();
		MqttAsyncClient paho;
		try {
			String clientId = (this.settings.clientId() != null) ? this.settings.clientId()
					: MqttAsyncClient.generateClientId();
			paho = new MqttAsyncClient(this.settings.serverUri(), clientId, new MemoryPersistence());
		}
		catch (MqttException ex) {
			return CompletableFuture.failedFuture(translate("connect", ex));
		}
		Session newSession = new Session(paho);
		paho.setCallback(new SessionCallback(newSession));
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		options.setAutomaticReconnect(false);
		options.setKeepAliveInterval((int) this.settings.keepAlive().getSeconds());
		options.setConnectionTimeout((int) Math.max(1, this.settings.connectTimeout().getSeconds()));
		options.setMaxInflight(1000);
		SSLContext sslContext = this.settings.sslContext();
		if (sslContext != null) {
			// an SSL bundle's context; Paho's default hostname verification stays on
			options.setSocketFactory(sslContext.getSocketFactory());
		}
		if (this.settings.username() != null) {
			options.setUserName(this.settings.username());
		}
		try {
			paho.connect(options, null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					restore(newSession, result);
				}

				@Override
				public void onFailure(IMqttToken token, Throwable ex) {
					newSession.close();
					complete(result, null, translate("connect", ex));
				}

			});
		}
		catch (MqttException ex) {
			newSession.close();
			return CompletableFuture.failedFuture(translate("connect", ex));
		}
		return result;
	}

	private void restore(Session newSession, CompletableFuture<Void> result) {
		List<CompletableFuture<?>> steps = new ArrayList<>();
		synchronized (this.sendLock) {
			this.session = newSession;
			for (RemoteSubscription subscription : this.remoteSubscriptions.values()) {
				steps.add(tolerateRefusal(sendSubscribe(newSession, subscription)));
			}
		}
		for (LinkSpec link : this.links.values()) {
			steps.add(tolerateRefusal(sendRequest(newSession, "link", linkBody(link))));
		}
		for (PresenceFollow follow : this.presenceFollows.values()) {
			steps.add(tolerateRefusal(sendRequest(newSession, "presence", presenceBody(follow.key(), follow.channel(),
					false, Boolean.TRUE))));
		}
		CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new))
			.orTimeout(this.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((ok, ex) -> {
				if (ex != null) {
					newSession.close();
					complete(result, null, unwrap(ex));
					return;
				}
				synchronized (this.sendLock) {
					if (this.session != newSession) {
						complete(result, null, new PubSubConnectionLostException(
								"Emitter session of client '" + name() + "' closed while restoring"));
						return;
					}
					while (!this.offlineQueue.isEmpty()) {
						QueuedPublish queued = this.offlineQueue.poll();
						send(newSession, queued.topic(), queued.payload(), queued.qos(), queued.retain(), queued.channel())
							.whenComplete((receipt, failure) -> complete(queued.future(), receipt, failure));
					}
					newSession.ready = true;
				}
				complete(result, null, null);
			});
	}

	private CompletableFuture<?> tolerateRefusal(CompletableFuture<?> step) {
		return step.exceptionally((ex) -> {
			Throwable cause = unwrap(ex);
			if (cause instanceof EmitterRequestException) {
				return null;
			}
			throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
		});
	}

	@Override
	protected void doDisconnect() {
		closeSession();
		List<QueuedPublish> queued;
		synchronized (this.sendLock) {
			queued = new ArrayList<>(this.offlineQueue);
			this.offlineQueue.clear();
		}
		for (QueuedPublish publish : queued) {
			failAsync(publish.future(), new PubSubNotConnectedException("Client '" + name()
					+ "' was disconnected before a queued publish to '" + publish.channel() + "' could be sent"));
		}
	}

	private void closeSession() {
		Session previous;
		synchronized (this.sendLock) {
			previous = this.session;
			this.session = null;
		}
		if (previous != null) {
			previous.close();
		}
	}

	@Override
	protected void onConnectionLost(Throwable cause) {
		this.requests.failAll(() -> new PubSubConnectionLostException(
				"Connection of Emitter client '" + name() + "' was lost before the broker answered", cause));
		for (Integer id : List.copyOf(this.inflight.keySet())) {
			Inflight pending = this.inflight.remove(id);
			if (pending != null) {
				failAsync(pending.future(), new PubSubConnectionLostException("Connection of Emitter client '" + name()
						+ "' was lost before the broker acknowledged " + pending.operation(), cause));
			}
		}
	}

	@Override
	protected Map<String, Object> connectionDetails() {
		return Map.of("serverUri", this.settings.serverUri());
	}

	@Override
	public void destroy() {
		super.destroy();
		this.handlerDispatcher.shutdown(java.time.Duration.ofSeconds(1)).join();
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
		RemoteSubscription remote;
		synchronized (this.sendLock) {
			remote = this.remoteSubscriptions.get(topic);
		}
		if (remote == null) {
			return CompletableFuture.completedFuture(subscription);
		}
		return remote.firstAck.handleAsync((ok, ex) -> {
			if (ex != null) {
				subscription.cancel();
				throw new CompletionException(unwrap(ex));
			}
			return subscription;
		}, this.completions);
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		if (!options.remoteSubscribe() || EmitterChannelPattern.compile(pattern).isCatchAll()) {
			return;
		}
		String key = resolveKey(pattern, options.extras());
		if (key == null) {
			if (this.missingKeyWarnings.add(pattern)) {
				this.logger.warn("Emitter client '" + name() + "' has no channel key for pattern '" + pattern
						+ "': it receives only what other subscriptions and links bring. Set the subscribe option extra '"
						+ KEY_EXTRA + "' or pubsub.clients." + name() + ".emitter.channel-keys");
			}
			return;
		}
		Object group = options.extras().get(GROUP_EXTRA);
		String topic = EmitterTopics.subscriptionTopic(key, pattern, (group != null) ? group.toString() : null);
		int last = intExtra(options.extras(), LAST_EXTRA, 0);
		synchronized (this.sendLock) {
			RemoteSubscription remote = this.remoteSubscriptions.get(topic);
			if (remote != null) {
				remote.references++;
				return;
			}
			remote = new RemoteSubscription(topic, last);
			this.remoteSubscriptions.put(topic, remote);
			Session current = this.session;
			if (current != null && current.ready) {
				RemoteSubscription subscribing = remote;
				sendSubscribe(current, subscribing).whenComplete((ok, ex) -> {
					if (ex != null && !(unwrap(ex) instanceof EmitterRequestException)) {
						this.logger.warn("Emitter client '" + name() + "' could not subscribe to channel '" + pattern
								+ "' (it is retried after the next reconnect): " + unwrap(ex));
					}
				});
			}
		}
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		unsubscribeRemotely(pattern, options);
	}

	private CompletableFuture<Void> unsubscribeRemotely(String pattern, SubscribeOptions options) {
		if (!options.remoteSubscribe() || EmitterChannelPattern.compile(pattern).isCatchAll()) {
			return CompletableFuture.completedFuture(null);
		}
		String key = resolveKey(pattern, options.extras());
		if (key == null) {
			return CompletableFuture.completedFuture(null);
		}
		Object group = options.extras().get(GROUP_EXTRA);
		String topic = EmitterTopics.subscriptionTopic(key, pattern, (group != null) ? group.toString() : null);
		synchronized (this.sendLock) {
			RemoteSubscription remote = this.remoteSubscriptions.get(topic);
			if (remote == null || --remote.references > 0) {
				return CompletableFuture.completedFuture(null);
			}
			this.remoteSubscriptions.remove(topic);
			Session current = this.session;
			if (current == null || !current.ready) {
				return CompletableFuture.completedFuture(null);
			}
			CompletableFuture<Void> done = new CompletableFuture<>();
			try {
				current.paho.unsubscribe(topic, null, listener(done, (token) -> null, "unsubscribe"));
			}
			catch (MqttException ex) {
				done.completeExceptionally(translate("unsubscribe", ex));
			}
			this.pendingUnsubscribes.put(topic, done);
			return done;
		}
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
		for (DispatchingSubscription subscription : List.copyOf(subscriptions())) {
			Object subscriptionKey = subscription.options().extras().get(KEY_EXTRA);
			if (subscription.patterns().stream().anyMatch((pattern) -> sameChannel(pattern, normalized))
					&& (subscriptionKey == null || normalizedKey.equals(EmitterTopics.trimSlashes(subscriptionKey.toString())))) {
				subscription.cancel();
			}
		}
		CompletableFuture<Void> acknowledged = this.pendingUnsubscribes.remove(topic);
		if (acknowledged == null) {
			return CompletableFuture.completedFuture(null);
		}
		return acknowledged.handleAsync((ok, ex) -> {
			if (ex != null) {
				throw new CompletionException(unwrap(ex));
			}
			return ok;
		}, this.completions);
	}

	private static boolean sameChannel(String pattern, String normalized) {
		try {
			return EmitterTopics.normalizeChannel(pattern, true).equals(normalized);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private @Nullable String resolveKey(String pattern, Map<String, Object> extras) {
		Object key = extras.get(KEY_EXTRA);
		if (key != null) {
			return key.toString();
		}
		String[] segments = EmitterTopics.trimSlashes(pattern).split("/");
		String best = null;
		int bestLength = -1;
		for (Map.Entry<String, String> entry : this.settings.channelKeys().entrySet()) {
			String prefix = EmitterTopics.trimSlashes(entry.getKey());
			String[] prefixSegments = prefix.isEmpty() ? new String[0] : prefix.split("/");
			if (prefixSegments.length > segments.length || prefixSegments.length <= bestLength) {
				continue;
			}
			boolean matches = true;
			for (int i = 0; i < prefixSegments.length; i++) {
				if (!prefixSegments[i].equals(segments[i])) {
					matches = false;
					break;
				}
			}
			if (matches) {
				best = entry.getValue();
				bestLength = prefixSegments.length;
			}
		}
		return best;
	}

	private CompletableFuture<Void> sendSubscribe(Session target, RemoteSubscription subscription) {
		int last = subscription.established ? this.settings.restoreLast() : subscription.last;
		String topic = EmitterTopics.withOptions(subscription.topic, Map.of(LAST_EXTRA, Integer.toString(last)));
		CompletableFuture<Void> granted = new CompletableFuture<>();
		Inflight pending = new Inflight("subscribe to '" + channelOf(subscription.topic) + "'", granted);
		synchronized (this.sendLock) {
			try {
				IMqttToken token = target.paho.subscribe(topic, 0, null, new IMqttActionListener() {

					@Override
					public void onSuccess(IMqttToken asyncActionToken) {
						int[] qos = asyncActionToken.getGrantedQos();
						acknowledged(target, asyncActionToken.getMessageId(), pending, () -> {
							if (qos.length > 0 && qos[0] == 0x80) {
								EmitterError error = new EmitterError(401,
										"the broker refused the subscription (SUBACK 0x80)",
										asyncActionToken.getMessageId(), EmitterTopics.ERROR_TOPIC);
								granted.completeExceptionally(new EmitterRequestException("subscribe to '"
										+ channelOf(subscription.topic) + "'", error));
							}
							else {
								granted.complete(null);
							}
						});
					}

					@Override
					public void onFailure(IMqttToken asyncActionToken, Throwable ex) {
						PahoEmitterClient.this.inflight.remove(asyncActionToken.getMessageId(), pending);
						granted.completeExceptionally(translate("subscribe", ex));
					}

				});
				this.inflight.put(token.getMessageId(), pending);
			}
			catch (MqttException ex) {
				granted.completeExceptionally(translate("subscribe", ex));
			}
		}
		return granted.whenComplete((ok, ex) -> {
			if (ex == null) {
				subscription.established = true;
				complete(subscription.firstAck, null, null);
			}
			else if (unwrap(ex) instanceof EmitterRequestException refused) {
				complete(subscription.firstAck, null, refused);
			}
		});
	}

	private static String channelOf(String topic) {
		return topic.substring(topic.indexOf('/') + 1);
	}

	// ---- publishing ----

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		Map<String, Object> extras = options.extras();
		String key = resolveKey(topic, extras);
		if (key == null) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("No Emitter channel key for '" + topic
					+ "': set the publish option extra '" + KEY_EXTRA + "' or pubsub.clients." + name()
					+ ".emitter.channel-keys"));
		}
		EmitterPublishOptions emitterOptions = new EmitterPublishOptions(intExtra(extras, TTL_EXTRA, 0),
				Boolean.FALSE.equals(booleanExtra(extras, ME_EXTRA)), Boolean.TRUE.equals(booleanExtra(extras,
						RETAIN_EXTRA)), options.awaitAck() ? 1 : intExtra(extras, QOS_EXTRA, 0));
		return publish(key, topic, payload, emitterOptions);
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String key, String channel, Object payload,
			EmitterPublishOptions options) {
		return observePublish(channel, () -> doPublish(key, channel, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublish(String key, String channel, Object payload,
			EmitterPublishOptions options) {
		String topic;
		byte[] bytes;
		try {
			Map<String, String> query = new LinkedHashMap<>();
			if (options.ttl() > 0) {
				query.put(TTL_EXTRA, Integer.toString(options.ttl()));
			}
			if (options.excludeMe()) {
				query.put(ME_EXTRA, "0");
			}
			topic = EmitterTopics.publishTopic(key, channel, query);
			bytes = encode(payload);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return sendOrQueue(topic, bytes, options.qos(), options.retain(), EmitterTopics.normalizeChannel(channel, false));
	}

	@Override
	public CompletableFuture<PublishReceipt> publishWithLink(String name, Object payload,
			EmitterPublishOptions options) {
		return observePublish(name, () -> doPublishWithLink(name, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublishWithLink(String name, Object payload,
			EmitterPublishOptions options) {
		if (!LINK_NAME.matcher(name).matches()) {
			return CompletableFuture.failedFuture(
					new IllegalArgumentException("An Emitter link name is 1 or 2 letters or digits"));
		}
		byte[] bytes;
		try {
			bytes = encode(payload);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return sendOrQueue(name, bytes, options.qos(), options.retain(), name);
	}

	private CompletableFuture<PublishReceipt> sendOrQueue(String topic, byte[] payload, int qos, boolean retain,
			String channel) {
		try {
			EmitterTopics.checkSize(topic, qos, payload.length, this.settings.maxMessageSize());
		}
		catch (PubSubException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		synchronized (this.sendLock) {
			Session current = this.session;
			if (current != null && current.ready) {
				return send(current, topic, payload, qos, retain, channel);
			}
			boolean connecting = switch (state()) {
				case CONNECTING, RECONNECTING, CONNECTED -> true;
				default -> false;
			};
			if (!connecting || this.settings.offlinePublishMode() == OfflinePublishMode.FAIL) {
				return CompletableFuture.failedFuture(new PubSubNotConnectedException(
						"Emitter client '" + name() + "' is not connected (" + state() + "); publish to '" + channel
								+ "' not sent"));
			}
			if (this.offlineQueue.size() >= this.settings.offlineQueueCapacity()) {
				return CompletableFuture.failedFuture(new PubSubNotConnectedException("Emitter client '" + name()
						+ "' is reconnecting and its offline queue is full (" + this.settings.offlineQueueCapacity()
						+ " publishes); publish to '" + channel + "' not sent"));
			}
			CompletableFuture<PublishReceipt> future = new CompletableFuture<>();
			this.offlineQueue.add(new QueuedPublish(topic, payload, qos, retain, channel, future));
			return future;
		}
	}

	private CompletableFuture<PublishReceipt> send(Session target, String topic, byte[] payload, int qos,
			boolean retain, String channel) {
		CompletableFuture<PublishReceipt> future = new CompletableFuture<>();
		MqttMessage message = new MqttMessage(payload);
		message.setQos(qos);
		message.setRetained(retain);
		Inflight pending = new Inflight("publish to '" + channel + "'", future);
		synchronized (this.sendLock) {
			try {
				IMqttDeliveryToken token = target.paho.publish(topic, message, null, new IMqttActionListener() {

					@Override
					public void onSuccess(IMqttToken asyncActionToken) {
						if (qos == 0) {
							metrics().messagePublished();
							complete(future, PublishReceipt.written(name(), channel, null), null);
							return;
						}
						int packetId = asyncActionToken.getMessageId();
						acknowledged(target, packetId, pending, () -> {
							metrics().messagePublished();
							complete(future, PublishReceipt.acknowledged(name(), channel, Integer.toString(packetId)),
									null);
						});
					}

					@Override
					public void onFailure(IMqttToken asyncActionToken, Throwable ex) {
						if (qos > 0) {
							PahoEmitterClient.this.inflight.remove(asyncActionToken.getMessageId(), pending);
						}
						complete(future, null, translate("publish to '" + channel + "'", ex));
					}

				});
				if (qos > 0) {
					this.inflight.put(token.getMessageId(), pending);
					scheduleTimeout(future, "PUBACK of publish to '" + channel + "'");
				}
			}
			catch (MqttException ex) {
				future.completeExceptionally(translate("publish to '" + channel + "'", ex));
			}
		}
		return future;
	}

	/**
	 * A QoS 1 publish or a subscribe was acknowledged (on Paho's callback thread): accept it once the
	 * messages received before its acknowledgement were handled, since an {@code emitter/error/}
	 * message among them refuses it (see {@link WireOrder}).
	 */
	private void acknowledged(Session target, int packetId, Inflight pending, Runnable accept) {
		boolean owned;
		synchronized (this.sendLock) {
			// the lock orders this after send() registered the operation
			owned = this.inflight.remove(packetId, pending);
		}
		if (owned) {
			target.order.acknowledged(packetId, pending, accept);
		}
		// otherwise an error or the connection loss already failed it
	}

	private void scheduleTimeout(CompletableFuture<?> future, String what) {
		scheduler().schedule(() -> {
			if (!future.isDone()) {
				complete(future, null, new PubSubTimeoutException(what, defaultTimeout()));
			}
		}, defaultTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private byte[] encode(Object payload) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof CharSequence text) {
			return text.toString().getBytes(StandardCharsets.UTF_8);
		}
		return jsonMapper().writeValueAsBytes(payload);
	}

	// ---- broker requests ----

	@Override
	public CompletableFuture<EmitterKey> keygen(String key, String channel, String permissions, int ttl) {
		ObjectNode body = jsonMapper().createObjectNode();
		try {
			body.put("key", key);
			body.put("channel", EmitterTopics.normalizeChannel(channel, true));
			body.put("type", permissions);
			body.put("ttl", ttl);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return request("keygen", body, (node) -> new EmitterKey(node.path("key").asString(""),
				node.path("channel").asString("")), this.keygenHandlers);
	}

	@Override
	public CompletableFuture<EmitterPresenceStatus> presence(String key, String channel, boolean status,
			@Nullable Boolean changes) {
		String normalized;
		try {
			normalized = EmitterTopics.normalizeChannel(channel, false);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return request("presence", presenceBody(key, normalized, status, changes), this::presenceStatus, List.of())
			.thenApply((result) -> {
				String followKey = key + "|" + normalized;
				if (Boolean.TRUE.equals(changes)) {
					this.presenceFollows.put(followKey, new PresenceFollow(key, normalized));
				}
				else if (Boolean.FALSE.equals(changes)) {
					this.presenceFollows.remove(followKey);
				}
				return result;
			});
	}

	@Override
	public CompletableFuture<EmitterLink> link(String name, String key, String channel, EmitterPublishOptions options,
			boolean subscribe) {
		LinkSpec link;
		try {
			if (!LINK_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("An Emitter link name is 1 or 2 letters or digits");
			}
			Map<String, String> query = new LinkedHashMap<>();
			if (options.ttl() > 0) {
				query.put(TTL_EXTRA, Integer.toString(options.ttl()));
			}
			if (options.excludeMe()) {
				query.put(ME_EXTRA, "0");
			}
			link = new LinkSpec(name, EmitterTopics.normalizeKey(key),
					EmitterTopics.withOptions(EmitterTopics.normalizeChannel(channel, false), query), subscribe);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return request("link", linkBody(link), (node) -> new EmitterLink(node.path("name").asString(""),
				node.path("channel").asString("")), this.linkHandlers)
			.thenApply((created) -> {
				this.links.put(name, link);
				return created;
			});
	}

	@Override
	public CompletableFuture<EmitterMe> me() {
		return request("me", null, (node) -> {
			Map<String, String> links = new LinkedHashMap<>();
			JsonNode linkNode = node.path("links");
			for (Map.Entry<String, JsonNode> entry : linkNode.properties()) {
				links.put(entry.getKey(), entry.getValue().asString(""));
			}
			return new EmitterMe(node.path("id").asString(""), links);
		}, this.meHandlers);
	}

	private ObjectNode presenceBody(String key, String channel, boolean status, @Nullable Boolean changes) {
		ObjectNode body = jsonMapper().createObjectNode();
		body.put("key", key);
		body.put("channel", channel);
		body.put("status", status);
		if (changes != null) {
			body.put("changes", changes);
		}
		return body;
	}

	private ObjectNode linkBody(LinkSpec link) {
		ObjectNode body = jsonMapper().createObjectNode();
		body.put("name", link.name());
		body.put("key", link.key());
		body.put("channel", link.channel());
		body.put("subscribe", link.subscribe());
		return body;
	}

	private EmitterPresenceStatus presenceStatus(JsonNode node) {
		List<EmitterPresenceMember> who = new ArrayList<>();
		for (JsonNode member : node.path("who")) {
			who.add(member(member));
		}
		return new EmitterPresenceStatus(node.path("time").asLong(0), node.path("channel").asString(""), who);
	}

	private static EmitterPresenceMember member(JsonNode node) {
		JsonNode username = node.get("username");
		return new EmitterPresenceMember(node.path("id").asString(""),
				(username != null && !username.isNull()) ? username.asString() : null);
	}

	private <T> CompletableFuture<T> request(String operation, @Nullable JsonNode body, Function<JsonNode, T> mapper,
			List<Consumer<T>> handlers) {
		Session current;
		synchronized (this.sendLock) {
			current = this.session;
		}
		if (current == null || !current.ready) {
			return CompletableFuture.failedFuture(new PubSubNotConnectedException(
					"Emitter client '" + name() + "' is not connected (" + state() + "); " + operation + " not sent"));
		}
		return sendRequest(current, operation, body).handleAsync((node, ex) -> {
			if (ex != null) {
				throw new CompletionException(unwrap(ex));
			}
			T result = mapper.apply(node);
			for (Consumer<T> handler : handlers) {
				this.handlerDispatcher.dispatch(() -> handler.accept(result));
			}
			return result;
		}, this.completions);
	}

	private CompletableFuture<JsonNode> sendRequest(Session target, String operation, @Nullable JsonNode body) {
		MqttMessage message = new MqttMessage((body != null) ? jsonMapper().writeValueAsBytes(body) : new byte[0]);
		message.setQos(1);
		synchronized (this.sendLock) {
			try {
				IMqttDeliveryToken token = target.paho.publish(EmitterTopics.REQUEST_PREFIX + operation + "/", message,
						null, new IMqttActionListener() {

							@Override
							public void onSuccess(IMqttToken asyncActionToken) {
							}

							@Override
							public void onFailure(IMqttToken asyncActionToken, Throwable ex) {
								PahoEmitterClient.this.requests.fail(asyncActionToken.getMessageId(),
										translate(operation, ex));
							}

						});
				int id = token.getMessageId();
				this.requestOperations.put(id, operation);
				CompletableFuture<JsonNode> future = this.requests.register(id, defaultTimeout());
				future.whenComplete((node, ex) -> this.requestOperations.remove(id, operation));
				return future;
			}
			catch (MqttException ex) {
				return CompletableFuture.failedFuture(translate(operation, ex));
			}
		}
	}

	// ---- handlers ----

	@Override
	public HandlerRegistration onPresence(Consumer<EmitterPresenceEvent> handler) {
		return register(this.presenceHandlers, handler);
	}

	@Override
	public HandlerRegistration onKeygen(Consumer<EmitterKey> handler) {
		return register(this.keygenHandlers, handler);
	}

	@Override
	public HandlerRegistration onLink(Consumer<EmitterLink> handler) {
		return register(this.linkHandlers, handler);
	}

	@Override
	public HandlerRegistration onMe(Consumer<EmitterMe> handler) {
		return register(this.meHandlers, handler);
	}

	@Override
	public HandlerRegistration onError(Consumer<EmitterError> handler) {
		return register(this.errorHandlers, handler);
	}

	private static <T> HandlerRegistration register(List<Consumer<T>> handlers, Consumer<T> handler) {
		handlers.add(handler);
		return () -> handlers.remove(handler);
	}

	private <T> void notifyHandlers(List<Consumer<T>> handlers, T event) {
		for (Consumer<T> handler : handlers) {
			this.handlerDispatcher.dispatch(() -> {
				try {
					handler.accept(event);
				}
				catch (RuntimeException ex) {
					metrics().listenerError();
					this.logger.error("Emitter event handler of client '" + name() + "' failed", ex);
				}
			});
		}
	}

	// ---- inbound (Paho's callback thread: decode and hand off only) ----

	private void messageArrived(Session from, String topic, MqttMessage message) {
		if (topic.startsWith(EmitterTopics.REQUEST_PREFIX)) {
			brokerMessage(from, topic, message.getPayload());
			return;
		}
		byte[] payload = message.getPayload();
		PubSubMessage decoded = PubSubMessage.builder(name(), topic, jsonMapper())
			.routingKey(topic)
			.payload(payload)
			.contentType(contentType(payload))
			.headers(PubSubHeaders.of(Map.of(PubSubHeaders.CLIENT, name(), PubSubHeaders.TOPIC, topic,
					PubSubHeaders.ROUTING_KEY, topic, PubSubHeaders.RECEIVED_AT, Instant.now(), RETAINED_HEADER,
					message.isRetained())))
			.build();
		dispatch(decoded);
	}

	private static MimeType contentType(byte[] payload) {
		for (byte b : payload) {
			if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
				continue;
			}
			return (b == '{' || b == '[') ? MimeTypeUtils.APPLICATION_JSON : MimeTypeUtils.APPLICATION_OCTET_STREAM;
		}
		return MimeTypeUtils.APPLICATION_OCTET_STREAM;
	}

	private void brokerMessage(Session from, String topic, byte[] payload) {
		JsonNode node;
		try {
			node = jsonMapper().readTree(payload);
		}
		catch (JacksonException ex) {
			node = null;
		}
		if (node == null || !node.isObject()) {
			metrics().malformedFrame();
			reportError(new PubSubProtocolException("Emitter client '" + name() + "' received a malformed broker message on '"
					+ topic + "' (" + payload.length + " bytes, not a JSON object); skipped"));
			return;
		}
		String operation = operationOf(topic);
		int requestId = node.path("req").asInt(0);
		int status = node.path("status").asInt(0);
		if ("error".equals(operation)) {
			brokerError(from, topic, node, requestId);
			return;
		}
		if ("presence".equals(operation) && !node.has("status") && requestId == 0) {
			presenceEvent(node);
			return;
		}
		if (requestId == 0) {
			if (status >= 400) {
				notifyError(new EmitterError(status, node.path("message").asString(""), 0, topic), operation);
			}
			else {
				metrics().unmatchedResponse();
				reportError(new PubSubProtocolException("Emitter client '" + name() + "' received a response on '"
						+ topic + "' without a request id; skipped"));
			}
			return;
		}
		synchronized (this.sendLock) {
			if (!this.requests.isPending(requestId)) {
				metrics().unmatchedResponse();
				reportError(new PubSubProtocolException("Emitter client '" + name() + "' received a response on '"
						+ topic + "' for unknown request id " + requestId + "; skipped"));
				return;
			}
			if (status >= 400) {
				EmitterError error = new EmitterError(status, node.path("message").asString(""), requestId, topic);
				this.requests.fail(requestId, new EmitterRequestException(operation, error));
				notifyError(error, operation);
			}
			else {
				this.requests.complete(requestId, node);
			}
		}
	}

	private void brokerError(Session from, String topic, JsonNode node, int requestId) {
		EmitterError error = new EmitterError(node.path("status").asInt(0), node.path("message").asString(""),
				requestId, topic);
		String operation = "an operation";
		if (requestId != 0) {
			// an acknowledged operation waiting for this message is older than one that reuses its packet id
			Inflight pending = from.order.takeHeld(requestId);
			if (pending == null) {
				synchronized (this.sendLock) {
					pending = this.inflight.remove(requestId);
				}
			}
			if (pending != null) {
				operation = pending.operation();
				complete(pending.future(), null, new EmitterRequestException(operation, error));
			}
		}
		notifyError(error, operation);
	}

	private void notifyError(EmitterError error, String operation) {
		reportError(new EmitterRequestException(operation, error));
		notifyHandlers(this.errorHandlers, error);
	}

	private void presenceEvent(JsonNode node) {
		JsonNode who = node.path("who");
		if (!who.isObject() || !node.path("event").isString()) {
			metrics().malformedFrame();
			reportError(new PubSubProtocolException("Emitter client '" + name()
					+ "' received a presence event without 'event' or 'who'; skipped"));
			return;
		}
		notifyHandlers(this.presenceHandlers, new EmitterPresenceEvent(node.path("time").asLong(0),
				node.path("event").asString(), node.path("channel").asString(""), member(who)));
	}

	private static String operationOf(String topic) {
		int start = EmitterTopics.REQUEST_PREFIX.length();
		int end = topic.indexOf('/', start);
		return (end < 0) ? topic.substring(start) : topic.substring(start, end);
	}

	// ---- helpers ----

	private <T> void complete(CompletableFuture<T> future, @Nullable T value, @Nullable Throwable failure) {
		try {
			this.completions.execute(() -> {
				if (failure != null) {
					future.completeExceptionally(unwrap(failure));
				}
				else {
					future.complete(value);
				}
			});
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			if (failure != null) {
				future.completeExceptionally(unwrap(failure));
			}
			else {
				future.complete(value);
			}
		}
	}

	private void failAsync(CompletableFuture<?> future, Throwable failure) {
		complete(future, null, failure);
	}

	private IMqttActionListener listener(CompletableFuture<Void> future, Function<IMqttToken, @Nullable Void> onSuccess,
			String operation) {
		return new IMqttActionListener() {

			@Override
			public void onSuccess(IMqttToken asyncActionToken) {
				future.complete(onSuccess.apply(asyncActionToken));
			}

			@Override
			public void onFailure(IMqttToken asyncActionToken, Throwable ex) {
				future.completeExceptionally(translate(operation, ex));
			}

		};
	}

	private PubSubException translate(String operation, Throwable ex) {
		if (ex instanceof PubSubException pubSub) {
			return pubSub;
		}
		String message = "Emitter " + operation + " failed on client '" + name() + "': " + ex.getMessage();
		// CLIENT_TIMEOUT: the keep-alive found the broker silent, and Paho dropped the connection
		if (ex instanceof MqttException mqtt && (mqtt.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST
				|| mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT
				|| mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
				|| mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_DISCONNECTING
				|| mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_CLOSED)) {
			return new PubSubConnectionLostException(message, ex);
		}
		return new PubSubException(message, ex);
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable cause = ex;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static int intExtra(Map<String, Object> extras, String name, int defaultValue) {
		Object value = extras.get(name);
		if (value == null) {
			return defaultValue;
		}
		if (value instanceof Number number) {
			return number.intValue();
		}
		try {
			return Integer.parseInt(value.toString().trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Emitter option '" + name + "' must be a number, not '" + value + "'");
		}
	}

	private static @Nullable Boolean booleanExtra(Map<String, Object> extras, String name) {
		Object value = extras.get(name);
		if (value == null) {
			return null;
		}
		return (value instanceof Boolean bool) ? bool : Boolean.valueOf(value.toString().trim());
	}

	/**
	 * One MQTT connection.
	 */
	private final class Session {

		private final MqttAsyncClient paho;

		private final WireOrder<Inflight> order;

		private volatile boolean ready;

		Session(MqttAsyncClient paho) {
			this.paho = paho;
			this.order = new WireOrder<>(() -> PahoCallbackQueues.queuedMessages(paho));
		}

		void close() {
			this.ready = false;
			try {
				if (this.paho.isConnected()) {
					this.paho.disconnectForcibly(0, 200, true);
				}
			}
			catch (MqttException ex) {
				PahoEmitterClient.this.logger.debug("Error while disconnecting Emitter client '" + name() + "'", ex);
			}
			try {
				this.paho.close(true);
			}
			catch (MqttException ex) {
				PahoEmitterClient.this.logger.debug("Error while closing Emitter client '" + name() + "'", ex);
			}
			for (Inflight pending : this.order.abandon()) {
				failAsync(pending.future(), new PubSubConnectionLostException("Emitter connection of client '"
						+ name() + "' closed before the messages received ahead of the acknowledgement of "
						+ pending.operation() + " were read, so a refusal cannot be ruled out"));
			}
		}

	}

	/**
	 * Paho's callback for one session: runs on Paho's thread, so it only decodes and hands off.
	 */
	private final class SessionCallback implements MqttCallbackExtended {

		private final Session owner;

		SessionCallback(Session owner) {
			this.owner = owner;
		}

		@Override
		public void connectComplete(boolean reconnect, String serverURI) {
		}

		@Override
		public void connectionLost(Throwable cause) {
			synchronized (PahoEmitterClient.this.sendLock) {
				if (PahoEmitterClient.this.session != this.owner) {
					return;
				}
				this.owner.ready = false;
			}
			handleLeftovers();
			PahoEmitterClient.this.connectionLost(
					new PubSubConnectionLostException("Emitter connection of client '" + name() + "' was lost", cause));
		}

		private void handleLeftovers() {
			PahoCallbackQueues.Leftovers leftovers = PahoCallbackQueues.drain(this.owner.paho);
			for (MqttPublish publish : leftovers.messages()) {
				messageArrived(publish.getTopicName(), publish.getMessage());
			}
			for (MqttToken token : leftovers.completions()) {
				IMqttActionListener listener = token.getActionCallback();
				if (listener == null) {
					continue;
				}
				try {
					if (token.getException() == null) {
						listener.onSuccess(token);
					}
					else {
						listener.onFailure(token, token.getException());
					}
				}
				catch (RuntimeException ex) {
					PahoEmitterClient.this.logger.debug("Completion of a dropped operation failed", ex);
				}
			}
			// every message this connection received has been handled now
			this.owner.order.acceptAll();
		}

		@Override
		public void messageArrived(String topic, MqttMessage message) {
			try {
				PahoEmitterClient.this.messageArrived(this.owner, topic, message);
			}
			catch (RuntimeException ex) {
				metrics().malformedFrame();
				PahoEmitterClient.this.logger.error("Emitter client '" + name() + "' could not handle a message on '"
						+ topic + "'", ex);
			}
			finally {
				this.owner.order.messageHandled();
			}
		}

		@Override
		public void deliveryComplete(IMqttDeliveryToken token) {
		}

	}

	private static final class RemoteSubscription {

		private final String topic;

		private final int last;

		private final CompletableFuture<Void> firstAck = new CompletableFuture<>();

		private int references = 1;

		private volatile boolean established;

		RemoteSubscription(String topic, int last) {
			this.topic = topic;
			this.last = last;
		}

	}

	private record Inflight(String operation, CompletableFuture<?> future) {
	}

	private record QueuedPublish(String topic, byte[] payload, int qos, boolean retain, String channel,
			CompletableFuture<PublishReceipt> future) {
	}

	private record LinkSpec(String name, String key, String channel, boolean subscribe) {
	}

	private record PresenceFollow(String key, String channel) {
	}

}
