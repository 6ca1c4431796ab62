package dev.pubsub.wsrpc.broadcast;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.util.backoff.FixedBackOff;

/**
 * {@link WsRpcBroadcaster} over Redis pub/sub with Spring Data Redis: {@code PUBLISH} and
 * {@code SUBSCRIBE} on one channel, the way the Python {@code broadcaster} library's Redis backend
 * does. Incoming messages are handed on in order on one thread; publishes run in order on another,
 * so callers never wait for Redis. After an outage the listener re-subscribes (every
 * {@code recoveryInterval}); what was published meanwhile is not replayed (Redis pub/sub is
 * at-most-once).
 */
public final class RedisWsRpcBroadcaster implements WsRpcBroadcaster {

	private static final Log logger = LogFactory.getLog(RedisWsRpcBroadcaster.class);

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final long recoveryIntervalMillis;

	private final StringRedisTemplate template;

	private final ExecutorService publishExecutor = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "wsrpc-redis-publish");
		thread.setDaemon(true);
		return thread;
	});

	private final ExecutorService receiveExecutor = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "wsrpc-redis-receive");
		thread.setDaemon(true);
		return thread;
	});

	private final ScheduledExecutorService retryScheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "wsrpc-redis-retry");
		thread.setDaemon(true);
		return thread;
	});

	private volatile @Nullable RedisMessageListenerContainer container;

	private @Nullable DisposableBean ownedConnectionFactory;

	/**
	 * Create a broadcaster.
	 * @param connectionFactory the Redis connections
	 * @param channel the pub/sub channel ({@code EventNotifier} to share with Python instances)
	 * @param recoveryIntervalMillis how often the listener retries after losing Redis
	 */
	public RedisWsRpcBroadcaster(RedisConnectionFactory connectionFactory, String channel, long recoveryIntervalMillis) {
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.recoveryIntervalMillis = recoveryIntervalMillis;
		this.template = new StringRedisTemplate(connectionFactory);
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

	@Override
	public synchronized void start(Consumer<String> receiver) {
		RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
		listener.setConnectionFactory(this.connectionFactory);
		listener.setTaskExecutor(new ConcurrentTaskExecutor(this.receiveExecutor));
		listener.setRecoveryBackoff(new FixedBackOff(this.recoveryIntervalMillis, FixedBackOff.UNLIMITED_ATTEMPTS));
		listener.addMessageListener(
				(message, pattern) -> receiver.accept(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(this.channel));
		listener.afterPropertiesSet();
		this.container = listener;
		startListening(listener);
	}

	private void startListening(RedisMessageListenerContainer listener) {
		if (this.container != listener) {
			return;
		}
		try {
			listener.start();
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot subscribe to Redis channel '" + this.channel + "' yet (retrying every "
					+ this.recoveryIntervalMillis + " ms): " + ex.getMessage());
			this.retryScheduler.schedule(() -> startListening(listener), this.recoveryIntervalMillis,
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public CompletableFuture<Void> publish(String text) {
		return CompletableFuture.runAsync(() -> this.template.convertAndSend(this.channel, text), this.publishExecutor);
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
