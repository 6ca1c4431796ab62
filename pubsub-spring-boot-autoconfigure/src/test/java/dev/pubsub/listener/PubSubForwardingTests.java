package dev.pubsub.listener;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.support.MessageBuilder;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PubSubForwarding}: parsing {@code @SendTo("client:destination")}, evaluating
 * {@code !{...}} destinations per message, and publishing a result (a {@code Message} result with
 * its message type).
 */
class PubSubForwardingTests {

	private static final String METHOD = "Readings.onReading(String)";

	private final PublishRecordingClient gateway = new PublishRecordingClient("gateway", false);

	private final PublishRecordingClient archive = new PublishRecordingClient("archive", false);

	private final Map<String, PubSubClient> clients = Map.of("gateway", this.gateway, "archive", this.archive);

	private final PubSubMessage request = PubSubMessage.builder("gateway", "readings", JsonMapper.builder().build())
		.messageType("kitchen")
		.routingKey("readings.kitchen")
		.payload("21".getBytes(StandardCharsets.UTF_8))
		.build();

	@AfterEach
	void destroyClients() {
		this.gateway.destroy();
		this.archive.destroy();
	}

	@Test
	void aNamedClientPublishesOnTheTrimmedDestination() {
		PubSubForwarding forwarding = parse("  archive : copies.readings  ");
		assertThat(forwarding.client()).isSameAs(this.archive);
		assertThat(forwarding.destination()).isEqualTo("copies.readings");
		assertThat(forwarding).hasToString("archive:copies.readings");
		assertThat(forwarding.resolveDestination(this.request, "x")).isEqualTo("copies.readings");
	}

	@Test
	void withoutAClientPartTheListenersOwnClientPublishes() {
		assertThat(parse("copies").client()).isSameAs(this.gateway);
		assertThat(parse("copies").destination()).isEqualTo("copies");
		assertThat(parse(":copies").client()).isSameAs(this.gateway);
		assertThat(parse(" : copies").destination()).isEqualTo("copies");
	}

	@Test
	void aMissingDestinationFailsNamingTheMethodAndTheValue() {
		assertThatIllegalStateException().isThrownBy(() -> parse("archive:  "))
			.withMessageContaining(METHOD)
			.withMessageContaining("needs a destination")
			.withMessageContaining("resolved to 'archive:  '");
		assertThatIllegalStateException().isThrownBy(() -> parse(":")).withMessageContaining("needs a destination");
	}

	@Test
	void anUnknownClientFailsNamingIt() {
		assertThatIllegalStateException().isThrownBy(() -> parse("nowhere:copies"))
			.withMessageContaining(METHOD)
			.withMessageContaining("names client 'nowhere', which does not exist");
	}

	@Test
	void anInvalidRuntimeExpressionFailsAtParseTime() {
		assertThatIllegalStateException().isThrownBy(() -> parse("archive:copies.!{topic +}"))
			.withMessageContaining(METHOD)
			.withMessageContaining("has an invalid !{...} expression");
	}

	@Test
	void runtimeExpressionsSeeTheReceivedMessageAndTheResult() {
		assertThat(parse("archive:!{topic}/!{messageType}").resolveDestination(this.request, "r"))
			.isEqualTo("readings/kitchen");
		assertThat(parse("archive:!{routingKey}.!{client}").resolveDestination(this.request, "r"))
			.isEqualTo("readings.kitchen.gateway");
		assertThat(parse("archive:out.!{result}").resolveDestination(this.request, "hot"))
			.isEqualTo("out.hot");
		assertThat(parse("archive:!{messageType == 'kitchen' ? 'indoor' : 'outdoor'}")
			.resolveDestination(this.request, "r")).isEqualTo("indoor");
		assertThat(parse("archive:!{request == null ? 'none' : 'request'}").resolveDestination(this.request, "r"))
			.isEqualTo("request");
	}

	@Test
	void onlyTheRuntimeTemplateIsEvaluated() {
		// #{...} was resolved at registration; what remains is a literal destination
		assertThat(parse("archive:copies.#{topic}").resolveDestination(this.request, "r")).isEqualTo("copies.#{topic}");
	}

	@Test
	void anExpressionThatEvaluatesToNothingFailsThatForward() {
		PubSubMessage untyped = PubSubMessage.builder("gateway", "readings", JsonMapper.builder().build())
			.routingKey("readings")
			.payload("1".getBytes(StandardCharsets.UTF_8))
			.build();
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("archive:!{messageType}").resolveDestination(untyped, "r"))
			.withMessage("@SendTo destination '!{messageType}' evaluated to nothing");
		assertThatIllegalStateException().isThrownBy(() -> parse("archive:!{'  '}").resolveDestination(this.request, "r"))
			.withMessageContaining("evaluated to nothing");
		assertThat(this.archive.published).isEmpty();
	}

	@Test
	void aPlainResultIsPublishedWithDefaultOptions() {
		assertThat(parse("archive:copies.!{messageType}").forward(this.request, "kitchen=21")).isCompleted();
		assertThat(this.archive.published).containsExactly(
				new PublishRecordingClient.Published("copies.kitchen", "kitchen=21", PublishOptions.defaults()));
		assertThat(this.gateway.published).isEmpty();
	}

	@Test
	void aMessageResultPublishesItsPayloadWithItsMessageType() {
		PubSubForwarding forwarding = parse("archive:copies");
		forwarding.forward(this.request,
				MessageBuilder.withPayload(Map.of("c", 21)).setHeader(PubSubHeaders.MESSAGE_TYPE, "celsius").build());
		forwarding.forward(this.request, MessageBuilder.withPayload("untyped").build());
		assertThat(this.archive.published).extracting(PublishRecordingClient.Published::payload)
			.containsExactly(Map.of("c", 21), "untyped");
		assertThat(this.archive.published.get(0).options().messageType()).isEqualTo("celsius");
		assertThat(this.archive.published.get(1).options()).isEqualTo(PublishOptions.defaults());
	}

	private PubSubForwarding parse(String value) {
		return PubSubForwarding.parse(value, METHOD, this.gateway, this.clients::get);
	}

}
