package dev.pubsub.listener;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;

/**
 * Converts payloads to {@code byte[]} (the raw bytes) and {@code String} (a JSON string value
 * unquoted, anything else as UTF-8 text) whatever the content type; other targets are left to the
 * Jackson converter behind it.
 */
final class PubSubPayloadMessageConverter implements SmartMessageConverter {

	@Override
	public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass) {
		if (targetClass == byte[].class) {
			return PubSubListenerMessages.rawMessage(message).asBytes();
		}
		if (targetClass == String.class) {
			return PubSubListenerMessages.rawMessage(message).asString();
		}
		return null;
	}

	@Override
	public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass, @Nullable Object conversionHint) {
		return fromMessage(message, targetClass);
	}

	@Override
	public @Nullable Message<?> toMessage(Object payload, @Nullable MessageHeaders headers) {
		return null;
	}

	@Override
	public @Nullable Message<?> toMessage(Object payload, @Nullable MessageHeaders headers,
			@Nullable Object conversionHint) {
		return null;
	}

}
