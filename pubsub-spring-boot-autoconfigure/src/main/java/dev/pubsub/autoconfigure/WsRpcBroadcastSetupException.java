package dev.pubsub.autoconfigure;

/**
 * Thrown at startup when {@code pubsub.wsrpc.server.broadcast.type} asks for a broadcast backend
 * that cannot run (its library is missing, no connection is configured, or a removed property is
 * set), so that fan-out is never silently off. {@link WsRpcBroadcastFailureAnalyzer} turns it into
 * Boot's "APPLICATION FAILED TO START" description and action.
 */
public class WsRpcBroadcastSetupException extends IllegalStateException {

	/** The dependency that brings everything Redis fan-out needs. */
	public static final String REDIS_STARTER = "org.springframework.boot:spring-boot-starter-data-redis";

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action how to fix it
	 */
	public WsRpcBroadcastSetupException(String description, String action) {
		super(description + " " + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * Return what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

	static WsRpcBroadcastSetupException missingSpringDataRedis(String missingClass) {
		return new WsRpcBroadcastSetupException("pubsub.wsrpc.server.broadcast.type=redis needs Spring Data Redis, but "
				+ missingClass + " is not on the classpath, so this instance would share no events with other instances.",
				"Add the dependency " + REDIS_STARTER + " (Spring Boot's Redis auto-configuration, Spring Data Redis"
						+ " and Lettuce) and point spring.data.redis.* at your Redis, or set"
						+ " pubsub.wsrpc.server.broadcast.type=none.");
	}

	static WsRpcBroadcastSetupException noConnectionFactory(int found) {
		return new WsRpcBroadcastSetupException("pubsub.wsrpc.server.broadcast.type=redis needs one "
				+ "RedisConnectionFactory bean, but the context has " + found + ".",
				(found == 0) ? "Add the dependency " + REDIS_STARTER + " so that Spring Boot builds one from"
						+ " spring.data.redis.* (and do not exclude DataRedisAutoConfiguration), or define a"
						+ " RedisConnectionFactory or WsRpcBroadcaster bean."
						: "Mark the connection factory for the broadcast @Primary, or define a WsRpcBroadcaster bean"
								+ " (RedisWsRpcBroadcaster) on the one to use.");
	}

	static WsRpcBroadcastSetupException removedRedisUrl() {
		return new WsRpcBroadcastSetupException("pubsub.wsrpc.server.broadcast.redis-url is no longer supported:"
				+ " the Redis fan-out now uses the connection Spring Boot configures from spring.data.redis.*.",
				"Replace it with spring.data.redis.url (same redis:// or rediss://user:password@host:port/database"
						+ " syntax) and remove pubsub.wsrpc.server.broadcast.redis-url.");
	}

}
