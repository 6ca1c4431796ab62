package dev.pubsub.httppubsub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.support.PublishPropagation;

/**
 * What both httppubsub clients (HTTP callbacks and websocket) do the same way: compile and
 * validate patterns ({@link HttpPubSubGlob}), encode payloads, put the publish's trace-propagation
 * fields into the {@code tracing} field, build the {@link PubSubMessage} of a received message
 * (with its id, digest and propagation headers), and tell missed-message listeners and the
 * application context about missed notices.
 */
final class HttpPubSubClientSupport {

	private static final HexFormat HEX = HexFormat.of();

	private final String clientName;

	private final JsonMapper jsonMapper;

	private final Log logger;

	private final Map<String, Predicate<String>> matchers = new ConcurrentHashMap<>();

	private final List<HttpPubSubMissedListener> missedListeners = new CopyOnWriteArrayList<>();

	private final Consumer<Object> applicationEvents;

	HttpPubSubClientSupport(String clientName, JsonMapper jsonMapper, Log logger, Consumer<Object> applicationEvents) {
		this.clientName = clientName;
		this.jsonMapper = jsonMapper;
		this.logger = logger;
		this.applicationEvents = applicationEvents;
	}

	// ---- patterns -------------------------------------------------------------------------------

	void validatePattern(String pattern) {
		HttpPubSubGlob.validate(pattern);
		compilePattern(pattern);
	}

	Predicate<String> compilePattern(String pattern) {
		return this.matchers.computeIfAbsent(pattern, HttpPubSubGlob::compile);
	}

	// ---- outbound ---------------------------------------------------------------------------------

	byte[] encode(Object payload) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		return this.jsonMapper.writeValueAsBytes(payload);
	}

	/**
	 * The {@code tracing} field for a notification made on this thread: the propagation fields of
	 * the observed publish running here, empty without one.
	 * @return the field's bytes
	 */
	byte[] publishTracing() {
		return HttpPubSubTracing.encode(this.jsonMapper, PublishPropagation.current());
	}

	/**
	 * Hash a file with SHA-512, reading it once in 64 KiB blocks.
	 * @param file the file
	 * @return the digest
	 * @throws IOException when it cannot be read
	 */
	static byte[] sha512(Path file) throws IOException {
		MessageDigest digest = HttpPubSubProtocol.sha512();
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[65536];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
			}
		}
		return digest.digest();
	}

	// ---- inbound ----------------------------------------------------------------------------------

	/**
	 * Build the message of a verified delivery.
	 * @param topic the decoded topic
	 * @param identifier the broadcaster's identifier
	 * @param data the message
	 * @param sha512 its verified digest
	 * @param tracing the delivery's {@code tracing} field
	 * @return the message
	 */
	PubSubMessage message(String topic, byte[] identifier, byte[] data, byte[] sha512, byte[] tracing) {
		Map<String, String> propagation = HttpPubSubTracing.decode(this.jsonMapper, tracing);
		return PubSubMessage.builder(this.clientName, topic, this.jsonMapper)
			.payload(data)
			.header(PubSubHeaders.MESSAGE_ID, HEX.formatHex(identifier))
			.header(DefaultHttpPubSubClient.SHA512_HEADER, HEX.formatHex(sha512))
			.header(PubSubHeaders.TRACING, propagation.isEmpty() ? null : propagation)
			.build();
	}

	/**
	 * Decode a topic: UTF-8 when it is, otherwise {@code base64:} and its Base64.
	 * @param topic the topic bytes
	 * @return the topic text
	 */
	static String decodeTopic(byte[] topic) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(topic))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return "base64:" + Base64.getEncoder().encodeToString(topic);
		}
	}

	// ---- missed notices ---------------------------------------------------------------------------

	void addMissedListener(HttpPubSubMissedListener listener) {
		this.missedListeners.add(listener);
	}

	void removeMissedListener(HttpPubSubMissedListener listener) {
		this.missedListeners.remove(listener);
	}

	/**
	 * Tell the missed-message listeners, then the application context, on the given executor.
	 * @param source the client
	 * @param topic the topic bytes
	 * @param executor where the listeners run
	 */
	void missed(PubSubClient source, byte[] topic, Executor executor) {
		HttpPubSubMissedEvent event = new HttpPubSubMissedEvent(source, this.clientName, topic);
		executor.execute(() -> {
			for (HttpPubSubMissedListener listener : this.missedListeners) {
				try {
					listener.onMissed(event);
				}
				catch (RuntimeException ex) {
					this.logger.warn("Missed listener of client '" + this.clientName + "' failed", ex);
				}
			}
			this.applicationEvents.accept(event);
		});
	}

}
