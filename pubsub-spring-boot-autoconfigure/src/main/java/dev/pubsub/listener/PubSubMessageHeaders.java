package dev.pubsub.listener;

import java.util.Map;

import org.springframework.messaging.MessageHeaders;

/**
 * Message headers built once per delivery without the random id and timestamp Spring's
 * {@link MessageHeaders} would otherwise generate (as spring-kafka's {@code KafkaMessageHeaders}).
 */
final class PubSubMessageHeaders extends MessageHeaders {

	PubSubMessageHeaders(Map<String, Object> headers) {
		super(headers, ID_VALUE_NONE, -1L);
	}

}
