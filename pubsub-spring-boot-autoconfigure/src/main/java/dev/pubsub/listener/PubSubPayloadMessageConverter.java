package dev.pubsub.listener;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.SmartMessageConverter;

import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubMessage;

/**
 * Converts the {@link PubSubMessage} payload of a listener message to the parameter's type:
 * {@code byte[]} gets the raw bytes, {@code String} the text (a JSON string unquoted), anything else
 * goes through the shared {@code JsonMapper}, from the already parsed JSON tree when the provider
 * kept one (no second parse), else from the bytes. Generic parameter types such as
 * {@code List<Order>} are honoured.
 */
final class PubSubPayloadMessageConverter implements SmartMessageConverter {

	@Override
	public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass) {
		return fromMessage(message, targetClass, null);
	}

	@Override
	public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass, @Nullable Object conversionHint) {
		if (!(message.getPayload() instanceof PubSubMessage raw)) {
			return null;
		}
		if (targetClass == byte[].class) {
			return raw.asBytes();
		}
		if (targetClass == String.class) {
			return raw.asString();
		}
		Type type = (conversionHint instanceof MethodParameter parameter)
				? parameter.nestedIfOptional().getNestedGenericParameterType() : targetClass;
		try {
			return raw.payloadAs(type);
		}
		catch (PubSubException ex) {
			throw new MessageConversionException(message, ex.getMessage(), ex);
		}
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
