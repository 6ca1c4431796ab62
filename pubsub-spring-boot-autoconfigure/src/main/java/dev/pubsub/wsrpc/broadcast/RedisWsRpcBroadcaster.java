package dev.pubsub.wsrpc.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;

import dev.pubsub.core.PubSubException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.PubSubThreads;
import dev.pubsub.core.support.RateLimitedLog;
import dev.pubsub.wsrpc.WsRpcChannel;

/**
 * {@link WsRpcBroadcaster} over Redis pub/sub with Spring Data Redis: {@code PUBLISH} and
 * {@code SUBSCRIBE} on one channel, the way the Python {@code broadcaster} library's Redis backend
 * does, on the connections of the given {@link RedisConnectionFactory} (normally the one Spring
 * Boot builds from {@code spring.data.redis.*}).
 * <p>
 * Health ({@link #status()}) is a round trip: a probe published on this instance's own channel
 * {@code <channel>:health:<id>} must come back on the subscription within the check timeout.
 * <p>
 * Incoming messages are handed on in order on one thread; publishes run in order on another, so
 * callers never wait for Redis. Both hand-offs are bounded in bytes ({@code maxPendingBytes} each):
 * beyond it a publish fails at once and an incoming message is dropped, both counted in
 * {@link #dropped()} and logged through a {@link RateLimitedLog}. After an outage the listener
 * re-subscribes (every {@code recoveryInterval}); what was published meanwhile is not replayed
 * (Redis pub/sub is at-most-once).
 */
public final class RedisWsRpcBroadcaster implements WsRpcBroadcaster {

	private static final Log logger = LogFactory.getLog(RedisWsRpcBroadcaster.class);

	/** Default bound of each hand-off queue. */
	public static final long DEFAULT_MAX_PENDING_BYTES = 1024 * 1024;

	/** Default time a health check waits for its probe to come back through Redis. */
	public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(2);

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final byte[] channelBytes;

	private final String probeChannel;

	private final long recoveryIntervalMillis;

	private final long maxPendingBytes;

	private final Duration checkTimeout;

	private final AtomicLong pendingPublishBytes = new AtomicLong();

	private final AtomicLong pendingReceiveBytes = new AtomicLong();

	private final LongAdder dropped = new LongAdder();

	private final RateLimitedLog dropWarning = new RateLimitedLog(logger);

	private final ExecutorService publishExecutor = PubSubThreads.pool(1, daemon("wsrpc-redis-publish-"));

	private final ExecutorService receiveExecutor = PubSubThreads.pool(1, daemon("wsrpc-redis-receive-"));

	private final ExecutorService checkExecutor = PubSubThreads.pool(1, daemon("wsrpc-redis-check-"));

	private final ScheduledExecutorService retryScheduler = PubSubThreads.timer(daemon("wsrpc-redis-retry-"));

	private volatile @Nullable RedisMessageListenerContainer container;

	private final byte[] probeChannelBytes;

	private volatile @Nullable Probe probe;

	private @Nullable DisposableBean ownedConnectionFactory;

	/**
	 * Create a broadcaster with the default bounds.
	 * @param connectionFactory the Redis connections
	 * @param channel the pub/sub channel ({@code EventNotifier} to share with Python instances)
	 * @param recoveryIntervalMillis how often the listener retries after losing Redis
	 */
	public RedisWsRpcBroadcaster(RedisConnectionFactory connectionFactory, String channel, long recoveryIntervalMillis) {
		this(connectionFactory, channel, Duration.ofMillis(recoveryIntervalMillis), DEFAULT_MAX_PENDING_BYTES,
				DEFAULT_CHECK_TIMEOUT);
	}

	/**
	 * Create a broadcaster.
	 * @param connectionFactory the Redis connections
	 * @param channel the pub/sub channel ({@code EventNotifier} to share with Python instances)
	 * @param recoveryInterval how often the listener retries after losing Redis
	 * @param maxPendingBytes how many bytes of messages may wait to be published, and how many to be
	 * handed on
	 * @param checkTimeout how long {@link #status()} waits for Redis to answer
	 */
	public RedisWsRpcBroadcaster(RedisConnectionFactory connectionFactory, String channel, Duration recoveryInterval,
			long maxPendingBytes, Duration checkTimeout) {
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
		this.probeChannel = channel + ":health:" + WsRpcChannel.newId();
		this.probeChannelBytes = this.probeChannel.getBytes(StandardCharsets.UTF_8);
		this.recoveryIntervalMillis = recoveryInterval.toMillis();
		this.maxPendingBytes = maxPendingBytes;
		this.checkTimeout = checkTimeout;
	}

	private static ThreadFactory daemon(String prefix) {
		return PubSubThreads.daemonThreads(prefix);
	}

	/**
	 * Close the connection factory on {@link #stop()}, for a factory built only for this
	 * broadcaster.
	 * @return this broadcaster
	 */
	public RedisWsRpcBroadcaster closingConnectionFactoryOnStop() {
		if (this.connectionFactory instanceof DisposableBean disposable) {
			this.ownedConnectionFactory = disposable;
		}
		return this;
	}

	/**
	 * Return the connection factory this broadcaster uses.
	 * @return the connection factory
	 */
	public RedisConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Return the channel this broadcaster publishes and listens on.
	 * @return the channel
	 */
	public String channel() {
		return this.channel;
	}

	/**
	 * Return the number of messages not published or not handed on because a hand-off queue was
	 * full.
	 * @return the count
	 */
	public long dropped() {
		return this.dropped.sum();
	}

	@Override
	public synchronized void start(Consumer<String> receiver) {
		RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
		listener.setConnectionFactory(this.connectionFactory);
		// called on the driver's thread: only queue the message, in order, bounded in bytes
		listener.setTaskExecutor(new SyncTaskExecutor());
		SimpleAsyncTaskExecutor subscriber = new SimpleAsyncTaskExecutor("wsrpc-redis-subscribe-");
		subscriber.setDaemon(true);
		listener.setSubscriptionExecutor(subscriber);
		listener.setRecoveryBackoff(new FixedBackOff(this.recoveryIntervalMillis, FixedBackOff.UNLIMITED_ATTEMPTS));
		listener.addMessageListener((message, pattern) -> hand(message.getBody(), receiver),
				new ChannelTopic(this.channel));
		listener.addMessageListener((message, pattern) -> probeReturned(message.getBody()),
				new ChannelTopic(this.probeChannel));
		listener.afterPropertiesSet();
		this.container = listener;
		startListening(listener);
	}

	private void hand(byte[] body, Consumer<String> receiver) {
		long size = body.length;
		if (this.pendingReceiveBytes.addAndGet(size) > this.maxPendingBytes) {
			this.pendingReceiveBytes.addAndGet(-size);
			drop("received message of " + size + " bytes dropped: " + this.maxPendingBytes
					+ " bytes already wait to be handed on");
			return;
		}
		try {
			this.receiveExecutor.execute(() -> {
				try {
					receiver.accept(new String(body, StandardCharsets.UTF_8));
				}
				finally {
					this.pendingReceiveBytes.addAndGet(-size);
				}
			});
		}
		catch (RuntimeException ex) {
			// stopping
			this.pendingReceiveBytes.addAndGet(-size);
		}
	}

	private void drop(String what) {
		this.dropped.increment();
		this.dropWarning.warn(() -> "Redis broadcast on channel '" + LogSanitizer.sanitize(this.channel) + "': "
				+ what);
	}

	private void startListening(RedisMessageListenerContainer listener) {
		if (this.container != listener) {
			return;
		}
		try {
			listener.start();
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot subscribe to Redis channel '" + LogSanitizer.sanitize(this.channel)
					+ "' yet (retrying every " + this.recoveryIntervalMillis + " ms): "
					+ LogSanitizer.sanitize(ex.getMessage()));
			this.retryScheduler.schedule(() -> startListening(listener), this.recoveryIntervalMillis,
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public CompletableFuture<Void> publish(String text) {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		long size = body.length;
		if (this.pendingPublishBytes.addAndGet(size) > this.maxPendingBytes) {
			this.pendingPublishBytes.addAndGet(-size);
			this.dropped.increment();
			return CompletableFuture.failedFuture(new PubSubException("Redis broadcast queue full: "
					+ this.maxPendingBytes + " bytes already wait to be published on channel '" + this.channel + "'"));
		}
		try {
			return CompletableFuture.runAsync(() -> {
				try (RedisConnection connection = this.connectionFactory.getConnection()) {
					connection.publish(this.channelBytes, body);
				}
				finally {
					this.pendingPublishBytes.addAndGet(-size);
				}
			}, this.publishExecutor);
		}
		catch (RuntimeException ex) {
			this.pendingPublishBytes.addAndGet(-size);
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Check the round trip through Redis: publish a probe on this instance's own probe channel
	 * (subscribed on the same connection as the broadcast channel, seen by no other instance) and
	 * wait for it to come back. At most one probe is in flight; this waits at most the check timeout.
	 * @return the status: reachable when Redis accepted the probe, listening when it came back
	 */
	@Override
	public WsRpcBroadcasterStatus status() {
		Probe probe;
		synchronized (this) {
			probe = this.probe;
			if (probe == null || probe.isDone(this.checkTimeout)) {
				probe = new Probe(WsRpcChannel.newId());
				this.probe = probe;
				Probe sending = probe;
				sending.published.completeAsync(() -> publishProbe(sending.nonce), this.checkExecutor);
			}
		}
		String error = null;
		try {
			CompletableFuture.allOf(probe.published, probe.echoed)
				.get(this.checkTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			error = probe.published.isDone()
					? "the probe published on Redis did not come back on the subscription within "
							+ this.checkTimeout.toMillis() + " ms"
					: "Redis did not accept a publish within " + this.checkTimeout.toMillis() + " ms";
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			error = LogSanitizer.sanitize(cause.getClass().getSimpleName() + ": " + cause.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		boolean reachable = probe.published.isDone() && !probe.published.isCompletedExceptionally();
		RedisMessageListenerContainer listener = this.container;
		boolean listening = probe.echoed.isDone() && listener != null && listener.isListening();
		if (error == null && !listening) {
			error = "not subscribed to channel '" + this.channel + "'";
		}
		return new WsRpcBroadcasterStatus("redis", this.channel, reachable, listening, dropped(), error);
	}

	private Boolean publishProbe(String nonce) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.publish(this.probeChannelBytes, nonce.getBytes(StandardCharsets.UTF_8));
			return Boolean.TRUE;
		}
	}

	private void probeReturned(byte[] body) {
		Probe probe = this.probe;
		if (probe != null && probe.nonce.equals(new String(body, StandardCharsets.UTF_8))) {
			probe.echoed.complete(Boolean.TRUE);
		}
	}

	/**
	 * A health probe in flight.
	 */
	private static final class Probe {

		final String nonce;

		final CompletableFuture<Boolean> published = new CompletableFuture<>();

		final CompletableFuture<Boolean> echoed = new CompletableFuture<>();

		private volatile long publishedAt;

		Probe(String nonce) {
			this.nonce = nonce;
			this.published.thenRun(() -> this.publishedAt = System.nanoTime());
		}

		/**
		 * Whether a new probe is due: this one failed, came back, or was published but has not come
		 * back within the timeout (lost while the subscription reconnected).
		 */
		boolean isDone(Duration timeout) {
			if (this.published.isCompletedExceptionally() || this.echoed.isDone()) {
				return true;
			}
			return this.published.isDone() && System.nanoTime() - this.publishedAt > timeout.toNanos();
		}

	}

	@Override
	public synchronized void stop() {
		RedisMessageListenerContainer listener = this.container;
		this.container = null;
		if (listener != null) {
			listener.stop();
			try {
				listener.destroy();
			}
			catch (Exception ex) {
				// closing anyway
			}
		}
		this.retryScheduler.shutdownNow();
		this.publishExecutor.shutdown();
		this.receiveExecutor.shutdown();
		this.checkExecutor.shutdownNow();
		DisposableBean owned = this.ownedConnectionFactory;
		if (owned != null) {
			try {
				owned.destroy();
			}
			catch (Exception ex) {
				// closing anyway
			}
		}
	}

}
