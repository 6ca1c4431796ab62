package dev.pubsub.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Options for one publish. Every field is optional; providers ignore what their protocol lacks
 * and document the provider-specific {@link #extras() extras} they read.
 *
 * @param messageType the message type or event name (Realtime {@code messageType}, RealtimeX event)
 * @param compress ask the server to deliver the message compressed, where supported
 * @param messageId a caller-chosen message id, or {@code null} for a generated one
 * @param awaitAck complete the publish future only when the server acknowledges it, where supported
 * @param timeout the timeout of this call, or {@code null} for the client's default
 * @param extras provider-specific options (for example Emitter's {@code ttl})
 */
public record PublishOptions(@Nullable String messageType, boolean compress, @Nullable String messageId,
		boolean awaitAck, @Nullable Duration timeout, Map<String, Object> extras) {

	private static final PublishOptions DEFAULTS = new PublishOptions(null, false, null, false, null, Map.of());

	public PublishOptions {
		extras = Map.copyOf(extras);
	}

	/**
	 * The defaults: no message type, no compression, generated id, no ack wait, default timeout.
	 * @return the default options
	 */
	public static PublishOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Start building options.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link PublishOptions}.
	 */
	public static final class Builder {

		private @Nullable String messageType;

		private boolean compress;

		private @Nullable String messageId;

		private boolean awaitAck;

		private @Nullable Duration timeout;

		private final Map<String, Object> extras = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder messageType(@Nullable String messageType) {
			this.messageType = messageType;
			return this;
		}

		public Builder compress(boolean compress) {
			this.compress = compress;
			return this;
		}

		public Builder messageId(@Nullable String messageId) {
			this.messageId = messageId;
			return this;
		}

		public Builder awaitAck(boolean awaitAck) {
			this.awaitAck = awaitAck;
			return this;
		}

		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		public Builder extra(String key, Object value) {
			this.extras.put(key, value);
			return this;
		}

		public PublishOptions build() {
			return new PublishOptions(this.messageType, this.compress, this.messageId, this.awaitAck, this.timeout,
					this.extras);
		}

	}

}
