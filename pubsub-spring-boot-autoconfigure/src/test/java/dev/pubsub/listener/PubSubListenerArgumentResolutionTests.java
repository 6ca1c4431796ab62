package dev.pubsub.listener;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReplyHandle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the argument resolution of listener methods: the {@link PubSubMessage} and
 * {@link ReplyHandle} resolvers, and the payload converter ({@code byte[]}, {@code String}, generic
 * and {@code Optional} types, conversion errors that never quote the payload).
 */
class PubSubListenerArgumentResolutionTests {

	private final PubSubPayloadMessageConverter converter = new PubSubPayloadMessageConverter();

	private final ReplyHandle replyHandle = (data, options) -> {
		throw new UnsupportedOperationException();
	};

	@Test
	void pubSubMessageParametersGetTheReceivedMessage() throws Exception {
		PubSubMessageArgumentResolver resolver = new PubSubMessageArgumentResolver();
		PubSubMessage raw = message("{}", false);
		assertThat(resolver.supportsParameter(parameter(0))).isTrue();
		assertThat(resolver.supportsParameter(parameter(1))).isFalse();
		assertThat(resolver.supportsParameter(parameter(2))).isFalse();
		assertThat(resolver.resolveArgument(parameter(0), wrap(raw))).isSameAs(raw);
	}

	@Test
	void replyHandleParametersGetTheMessagesHandle() throws Exception {
		ReplyHandleArgumentResolver resolver = new ReplyHandleArgumentResolver();
		assertThat(resolver.supportsParameter(parameter(2))).isTrue();
		assertThat(resolver.supportsParameter(parameter(0))).isFalse();
		assertThat(resolver.resolveArgument(parameter(2), wrap(message("{}", true)))).isSameAs(this.replyHandle);
	}

	@Test
	void aReplyHandleForAMessageThatCannotBeRepliedToFailsResolution() {
		ReplyHandleArgumentResolver resolver = new ReplyHandleArgumentResolver();
		assertThatExceptionOfType(MethodArgumentResolutionException.class)
			.isThrownBy(() -> resolver.resolveArgument(parameter(2), wrap(message("{}", false))))
			.withMessageContaining("message on 'orders.created' cannot be replied to");
	}

	@Test
	void onlyMessagesBuiltByTheListenerMachineryCarryAPubSubMessage() {
		PubSubMessage raw = message("{}", false);
		assertThat(PubSubListenerMessages.rawMessage(wrap(raw))).isSameAs(raw);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PubSubListenerMessages.rawMessage(MessageBuilder.withPayload("text").build()))
			.withMessage("Not a pub/sub listener message");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PubSubMessageArgumentResolver().resolveArgument(parameter(0),
					MessageBuilder.withPayload("text").build()));
	}

	@Test
	void bytesAndTextAreTakenAsTheyArrived() {
		Message<PubSubMessage> message = wrap(message("\"Hello, world!\"", false));
		assertThat((byte[]) this.converter.fromMessage(message, byte[].class))
			.isEqualTo("\"Hello, world!\"".getBytes(StandardCharsets.UTF_8));
		assertThat(this.converter.fromMessage(message, String.class)).isEqualTo("Hello, world!");
		assertThat(this.converter.fromMessage(wrap(message("{\"a\":1}", false)), String.class)).isEqualTo("{\"a\":1}");
	}

	@Test
	void genericAndOptionalParametersAreConvertedToTheirNestedType() {
		Message<PubSubMessage> list = wrap(message("[{\"id\":\"o-1\"},{\"id\":\"o-2\"}]", false));
		assertThat(this.converter.fromMessage(list, List.class, parameter(3)))
			.isEqualTo(List.of(new Order("o-1"), new Order("o-2")));
		Message<PubSubMessage> one = wrap(message("{\"id\":\"o-3\"}", false));
		assertThat(this.converter.fromMessage(one, Optional.class, parameter(4))).isEqualTo(new Order("o-3"));
		assertThat(this.converter.fromMessage(one, Order.class)).isEqualTo(new Order("o-3"));
	}

	@Test
	void aPayloadThatDoesNotConvertFailsWithAConversionErrorThatDoesNotQuoteIt() {
		Message<PubSubMessage> message = wrap(message("{\"id\": secret-value", false));
		assertThatExceptionOfType(MessageConversionException.class)
			.isThrownBy(() -> this.converter.fromMessage(message, Order.class))
			.withMessageContaining("orders.created")
			.withMessageNotContaining("secret-value")
			.withCauseInstanceOf(dev.pubsub.core.PubSubException.class);
	}

	@Test
	void otherMessagesAreNotConvertedAndNothingIsConvertedBack() {
		assertThat(this.converter.fromMessage(new GenericMessage<>("text"), String.class)).isNull();
		assertThat(this.converter.fromMessage(new GenericMessage<>("text"), String.class, null)).isNull();
		assertThat(this.converter.toMessage("x", null)).isNull();
		assertThat(this.converter.toMessage("x", null, null)).isNull();
	}

	private PubSubMessage message(String json, boolean replyable) {
		return PubSubMessage.builder("gateway", "orders", JsonMapper.builder().build())
			.messageType("created")
			.routingKey("orders.created")
			.payload(json.getBytes(StandardCharsets.UTF_8))
			.replyHandle(replyable ? this.replyHandle : null)
			.build();
	}

	private static Message<PubSubMessage> wrap(PubSubMessage message) {
		return new GenericMessage<>(message);
	}

	private static MethodParameter parameter(int index) {
		try {
			return new MethodParameter(Signatures.class.getDeclaredMethod("listener", PubSubMessage.class,
					String.class, ReplyHandle.class, List.class, Optional.class), index);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Order(String id) {
	}

	static class Signatures {

		void listener(PubSubMessage message, String text, ReplyHandle reply, List<Order> orders,
				Optional<Order> order) {
		}

	}

}
