package dev.pubsub.test.realtime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Reads the gateway's inbound messages into protocol frames: joins each session's parts up to the frame
 * limit ({@link GatewayFrameAssembler}), records every message on its connection, decodes binary frames
 * as strict UTF-8, parses the JSON and checks the frame's shape, {@code {"type": <string>, "data":
 * <object>}}. Thread-safe; one assembler per open session.
 */
final class GatewayFrameReader {

	private final JsonMapper jsonMapper;

	private final int maxFrameSize;

	private final Map<String, GatewayFrameAssembler> assemblers = new ConcurrentHashMap<>();

	GatewayFrameReader(JsonMapper jsonMapper, int maxFrameSize) {
		this.jsonMapper = jsonMapper;
		this.maxFrameSize = maxFrameSize;
	}

	/**
	 * Accept one part of a session's inbound message.
	 * @param sessionId the session
	 * @param part the part
	 * @return the whole message when the part ends it, else {@code null}
	 * @throws GatewayFrameAssembler.TooLargeException when the message exceeds the frame limit
	 */
	@Nullable WebSocketMessage<?> assemble(String sessionId, WebSocketMessage<?> part)
			throws GatewayFrameAssembler.TooLargeException {
		return this.assemblers.computeIfAbsent(sessionId, (id) -> new GatewayFrameAssembler(this.maxFrameSize))
			.accept(part);
	}

	/**
	 * Release what a closed session held.
	 * @param sessionId the session
	 */
	void forget(String sessionId) {
		this.assemblers.remove(sessionId);
	}

	/**
	 * Record a whole message on its connection and read it as a frame.
	 * @param connection the connection that sent it
	 * @param message the message
	 * @param reject told why, when the message is not a valid frame
	 * @return the frame, or {@code null} when it was rejected or is no data frame (a pong)
	 */
	@Nullable Frame read(GatewayConnection connection, WebSocketMessage<?> message, Consumer<String> reject) {
		String text;
		if (message instanceof BinaryMessage binary) {
			ByteBuffer buffer = binary.getPayload();
			text = decodeUtf8(buffer.duplicate());
			connection.record(new RecordedFrame((text != null) ? text
					: StandardCharsets.UTF_8.decode(buffer.duplicate()).toString(), true, buffer.remaining(),
					Instant.now()));
			if (text == null) {
				reject.accept("binary frame is not UTF-8");
				return null;
			}
		}
		else if (message instanceof TextMessage textMessage) {
			text = textMessage.getPayload();
			connection.record(new RecordedFrame(text, false, message.getPayloadLength(), Instant.now()));
		}
		else {
			return null;
		}
		JsonNode frame;
		try {
			frame = this.jsonMapper.readTree(text);
		}
		catch (JacksonException ex) {
			reject.accept("frame is not JSON");
			return null;
		}
		if (frame == null || !frame.isObject()) {
			reject.accept("frame is not a JSON object");
			return null;
		}
		String type = text(frame, "type");
		JsonNode data = frame.get("data");
		if (type == null || data == null || !data.isObject()) {
			reject.accept("frame lacks a string 'type' or an object 'data'");
			return null;
		}
		return new Frame(type, data);
	}

	/**
	 * The string value of a field.
	 * @param node the object
	 * @param field the field
	 * @return the value, or {@code null} when the field is absent or not a string
	 */
	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static @Nullable String decodeUtf8(ByteBuffer buffer) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(buffer)
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * An inbound protocol frame.
	 * @param type the frame's type
	 * @param data its data object
	 */
	record Frame(String type, JsonNode data) {
	}

}
