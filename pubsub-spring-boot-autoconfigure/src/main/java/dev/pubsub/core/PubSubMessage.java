package dev.pubsub.core;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * One message received by a client: where it came from, its raw payload bytes, its headers and,
 * where the protocol allows, a handle to reply to its sender.
 * <p>
 * The {@link #routingKey() routing key} is the string {@code @PubSubListener} patterns are matched
 * against; each provider documents how it is formed (Realtime: {@code topic.messageType}).
 */
public final class PubSubMessage {

	private final String clientName;

	private final String topic;

	private final @Nullable String messageType;

	private final String routingKey;

	private volatile byte @Nullable [] payload;

	private final @Nullable JsonNode payloadTree;

	private final MimeType contentType;

	private final PubSubHeaders headers;

	private final @Nullable ReplyHandle replyHandle;

	private final JsonMapper jsonMapper;

	private final long size;

	private final Instant receivedAt;

	private PubSubMessage(Builder builder) {
		this.clientName = builder.clientName;
		this.topic = builder.topic;
		this.messageType = builder.messageType;
		this.routingKey = (builder.routingKey != null) ? builder.routingKey : builder.topic;
		this.payload = builder.payload;
		this.payloadTree = builder.payloadTree;
		this.contentType = builder.contentType;
		this.receivedAt = (builder.receivedAt != null) ? builder.receivedAt : receivedAtHeader(builder.headers);
		this.headers = builder.takeHeaders(this.receivedAt);
		this.replyHandle = builder.replyHandle;
		this.jsonMapper = builder.jsonMapper;
		this.size = (builder.size >= 0) ? builder.size
				: (builder.payload != null) ? builder.payload.length : JsonTreeSize.estimate(builder.payloadTree);
	}

	private static Instant receivedAtHeader(@Nullable Map<String, Object> headers) {
		return (headers != null && headers.get(PubSubHeaders.RECEIVED_AT) instanceof Instant instant) ? instant
				: Instant.now();
	}

	/**
	 * Return the size of the message as received, in bytes: the frame or payload length the provider
	 * declared, else the payload bytes, else an estimate of the heap the parsed payload takes. Used to
	 * bound the client's inbound buffering in bytes.
	 * @return the size in bytes
	 */
	public long size() {
		return this.size;
	}

	/**
	 * Return when the client received the message: set by the provider when it built the message
	 * (every provider does it the same way, through {@link Builder#build()}), and offered to listeners
	 * as the {@link PubSubHeaders#RECEIVED_AT} header.
	 * @return the instant the message was received
	 */
	public Instant receivedAt() {
		return this.receivedAt;
	}

	/**
	 * Start building a message.
	 * @param clientName the receiving client's name
	 * @param topic the topic or channel
	 * @param jsonMapper the mapper used by {@link #payloadAs(Class)}
	 * @return a builder
	 */
	public static Builder builder(String clientName, String topic, JsonMapper jsonMapper) {
		return new Builder(clientName, topic, jsonMapper);
	}

	public String clientName() {
		return this.clientName;
	}

	public String topic() {
		return this.topic;
	}

	public @Nullable String messageType() {
		return this.messageType;
	}

	public String routingKey() {
		return this.routingKey;
	}

	/**
	 * Return the content type of the payload bytes ({@code application/json} when the protocol
	 * carries JSON values, {@code application/octet-stream} for opaque bytes).
	 * @return the content type
	 */
	public MimeType contentType() {
		return this.contentType;
	}

	public PubSubHeaders headers() {
		return this.headers;
	}

	/**
	 * Return a copy of the raw payload bytes.
	 * @return the payload
	 */
	public byte[] asBytes() {
		return payloadBytes().clone();
	}

	/**
	 * Return the payload bytes without copying; callers must not modify them.
	 * @return the payload
	 */
	public byte[] payloadBytes() {
		byte[] bytes = this.payload;
		if (bytes == null) {
			JsonNode tree = this.payloadTree;
			bytes = (tree != null) ? this.jsonMapper.writeValueAsBytes(tree) : new byte[0];
			this.payload = bytes;
		}
		return bytes;
	}

	/**
	 * Return the payload as text: a JSON string value is unquoted, any other JSON value or raw
	 * bytes are decoded as UTF-8.
	 * @return the text
	 */
	public String asString() {
		JsonNode tree = this.payloadTree;
		if (tree != null && tree.isString()) {
			return tree.asString();
		}
		byte[] bytes = payloadBytes();
		if (tree == null && isJson() && bytes.length > 0 && bytes[0] == '"') {
			try {
				return this.jsonMapper.readValue(bytes, String.class);
			}
			catch (JacksonException ex) {
				return new String(bytes, StandardCharsets.UTF_8);
			}
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * Convert the payload with the shared JSON mapper.
	 * @param <T> the target type
	 * @param type the target type
	 * @return the converted payload
	 * @throws PubSubProtocolException if the payload cannot be converted
	 */
	@SuppressWarnings("unchecked")
	public <T> T payloadAs(Class<T> type) {
		if (type == byte[].class) {
			return type.cast(asBytes());
		}
		if (type == String.class) {
			return type.cast(asString());
		}
		return (T) ClassUtils.resolvePrimitiveIfNecessary(type).cast(payloadAs((Type) type));
	}

	/**
	 * Convert the payload with the shared JSON mapper to a possibly generic type (for example
	 * {@code List<Order>}).
	 * @param type the target type
	 * @return the converted payload
	 * @throws PubSubProtocolException if the payload cannot be converted
	 */
	public Object payloadAs(Type type) {
		JsonNode tree = this.payloadTree;
		if (tree != null && type instanceof Class<?> target && target.isInstance(tree)) {
			// the parsed tree itself (JsonNode, ObjectNode...): no type resolution per message
			return tree;
		}
		JavaType javaType = this.jsonMapper.constructType(type);
		try {
			if (tree != null) {
				return javaType.isTypeOrSuperTypeOf(tree.getClass()) ? tree : this.jsonMapper.treeToValue(tree, javaType);
			}
			return this.jsonMapper.readValue(payloadBytes(), javaType);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new PubSubProtocolException("Payload of message on '" + this.routingKey + "' cannot be converted to "
					+ javaType.toCanonical() + " (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Return the payload as a JSON tree.
	 * @return the tree
	 */
	public JsonNode payloadAsJson() {
		return payloadAs(JsonNode.class);
	}

	/**
	 * Return the reply handle, present when the protocol and the message allow a reply.
	 * @return the reply handle
	 */
	public Optional<ReplyHandle> replyHandle() {
		return Optional.ofNullable(this.replyHandle);
	}

	private boolean isJson() {
		return MimeTypeUtils.APPLICATION_JSON.isCompatibleWith(this.contentType);
	}

	@Override
	public String toString() {
		return "PubSubMessage[client=" + this.clientName + ", routingKey=" + this.routingKey + "]";
	}

	/**
	 * Builder for {@link PubSubMessage}.
	 */
	public static final class Builder {

		private final String clientName;

		private final String topic;

		private final JsonMapper jsonMapper;

		private @Nullable String messageType;

		private @Nullable String routingKey;

		private byte @Nullable [] payload;

		private @Nullable JsonNode payloadTree;

		private MimeType contentType = MimeTypeUtils.APPLICATION_JSON;

		/** The headers set so far; {@code null} for none. */
		private @Nullable Map<String, Object> headers;

		/** Whether {@link #headers} was handed to a built message (changed only on a copy then). */
		private boolean headersBuilt;

		private @Nullable ReplyHandle replyHandle;

		private long size = -1;

		private @Nullable Instant receivedAt;

		private Builder(String clientName, String topic, JsonMapper jsonMapper) {
			this.clientName = clientName;
			this.topic = topic;
			this.jsonMapper = jsonMapper;
		}

		public Builder messageType(@Nullable String messageType) {
			this.messageType = messageType;
			return this;
		}

		public Builder routingKey(String routingKey) {
			this.routingKey = routingKey;
			return this;
		}

		public Builder payload(byte[] payload) {
			this.payload = payload;
			this.payloadTree = null;
			return this;
		}

		/**
		 * Set the payload as an already parsed JSON value; bytes are produced only if asked for.
		 * @param payloadTree the payload
		 * @return this builder
		 */
		public Builder payloadTree(JsonNode payloadTree) {
			this.payloadTree = payloadTree;
			this.payload = null;
			return this;
		}

		public Builder contentType(MimeType contentType) {
			this.contentType = contentType;
			return this;
		}

		/**
		 * Set the headers, replacing any set so far.
		 * @param headers the headers
		 * @return this builder
		 */
		public Builder headers(PubSubHeaders headers) {
			this.headers = new LinkedHashMap<>(headers.asMap());
			this.headersBuilt = false;
			return this;
		}

		/**
		 * Add one header; a {@code null} value is left out. Headers added this way are collected in
		 * one map that the built message keeps without copying.
		 * @param name the header name
		 * @param value the value, or {@code null}
		 * @return this builder
		 */
		public Builder header(String name, @Nullable Object value) {
			if (value != null) {
				writableHeaders().put(name, value);
			}
			return this;
		}

		private Map<String, Object> writableHeaders() {
			Map<String, Object> current = this.headers;
			if (current == null || this.headersBuilt) {
				current = (current != null) ? new LinkedHashMap<>(current) : new LinkedHashMap<>();
				this.headers = current;
				this.headersBuilt = false;
			}
			return current;
		}

		/**
		 * Hand the headers to the message being built, with {@link PubSubHeaders#RECEIVED_AT} set.
		 */
		private PubSubHeaders takeHeaders(Instant receivedAt) {
			Map<String, Object> current = this.headers;
			if (current == null || !(current.get(PubSubHeaders.RECEIVED_AT) instanceof Instant)) {
				current = writableHeaders();
				current.put(PubSubHeaders.RECEIVED_AT, receivedAt);
			}
			this.headersBuilt = true;
			return PubSubHeaders.wrap(current);
		}

		public Builder replyHandle(@Nullable ReplyHandle replyHandle) {
			this.replyHandle = replyHandle;
			return this;
		}

		/**
		 * Set the size of what was received for this message (for example the frame length), when it
		 * is known; otherwise the payload's size is used.
		 * @param size the size in bytes
		 * @return this builder
		 */
		public Builder size(long size) {
			this.size = size;
			return this;
		}

		/**
		 * Set when the message was received; by default the moment {@link #build()} is called (or a
		 * {@link PubSubHeaders#RECEIVED_AT} {@link Instant} among the headers).
		 * @param receivedAt the instant the message was received
		 * @return this builder
		 */
		public Builder receivedAt(Instant receivedAt) {
			this.receivedAt = receivedAt;
			return this;
		}

		public PubSubMessage build() {
			return new PubSubMessage(this);
		}

	}

}
