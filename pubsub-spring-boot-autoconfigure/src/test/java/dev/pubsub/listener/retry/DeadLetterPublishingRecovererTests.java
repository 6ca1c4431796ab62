package dev.pubsub.listener.retry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MimeTypeUtils;

import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.listener.PubSubListenerExecutionFailedException;
import dev.pubsub.listener.PublishRecordingClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link DeadLetterPublishingRecoverer}: where a dead letter goes, the exact envelope
 * (JSON payloads embedded, anything else in Base64, the exception message sanitized and capped),
 * and that a refused or unconfirmed publish throws instead of losing the message silently.
 */
class DeadLetterPublishingRecovererTests {

	private final PublishRecordingClient archive = new PublishRecordingClient("archive", false);

	@AfterEach
	void destroyClient() {
		this.archive.destroy();
	}

	@Test
	void byDefaultTheDeadLetterGoesToTheTopicPlusDltWithTheOriginalMessageType() throws Exception {
		Instant before = Instant.now();
		new DeadLetterPublishingRecoverer(this.archive).recover(json("{\"id\":\"o-1\"}"),
				failure(new IllegalStateException("stock service down")), 3);
		PublishRecordingClient.Published dead = this.archive.published.get(0);
		assertThat(this.archive.published).hasSize(1);
		assertThat(dead.topic()).isEqualTo("orders.DLT");
		assertThat(dead.options().messageType()).isEqualTo("created");
		Map<String, Object> envelope = envelope(dead);
		assertThat(envelope).containsOnlyKeys("deadLetter", "payload");
		assertThat(envelope.get("payload").toString()).isEqualTo("{\"id\":\"o-1\"}");
		Map<String, Object> deadLetter = deadLetter(dead);
		assertThat(deadLetter).containsExactly(Map.entry("listenerId", "orders"), Map.entry("client", "gateway"),
				Map.entry("topic", "orders"), Map.entry("routingKey", "orders.created"),
				Map.entry("messageType", "created"), Map.entry("exception", IllegalStateException.class.getName()),
				Map.entry("message", "stock service down"), Map.entry("attempts", 3),
				Map.entry("timestamp", deadLetter.get("timestamp")));
		assertThat(Instant.parse((String) deadLetter.get("timestamp"))).isBetween(before, Instant.now());
	}

	@Test
	void theResolversChooseClientAndDestinationPerMessage() throws Exception {
		PublishRecordingClient other = new PublishRecordingClient("other", false);
		try {
			DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
					(message) -> message.topic().equals("orders") ? this.archive : other,
					(message, failure) -> "dlt/" + failure.getListenerId() + "/" + message.messageType());
			recoverer.recover(json("1"), failure(new IllegalStateException()), 1);
			assertThat(this.archive.published).extracting(PublishRecordingClient.Published::topic)
				.containsExactly("dlt/orders/created");
			assertThat(other.published).isEmpty();
			new DeadLetterPublishingRecoverer(other, (message, failure) -> "fixed").recover(json("1"),
					failure(new IllegalStateException()), 1);
			assertThat(other.published).extracting(PublishRecordingClient.Published::topic).containsExactly("fixed");
		}
		finally {
			other.destroy();
		}
	}

	@Test
	void aPayloadThatIsNotJsonTravelsInBase64() throws Exception {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.archive);
		byte[] binary = { 0, (byte) 0xff, 'x' };
		recoverer.recover(message(binary, MimeTypeUtils.APPLICATION_OCTET_STREAM), failure(new IllegalStateException()),
				1);
		recoverer.recover(json("not json {"), failure(new IllegalStateException()), 1);
		recoverer.recover(json(""), failure(new IllegalStateException()), 1);
		assertThat(this.archive.published).extracting((published) -> envelope(published).get("payloadBase64"))
			.containsExactly(Base64.getEncoder().encodeToString(binary),
					Base64.getEncoder().encodeToString("not json {".getBytes(StandardCharsets.UTF_8)), "");
		assertThat(this.archive.published).allSatisfy((published) -> assertThat(envelope(published))
			.doesNotContainKey("payload"));
	}

	@Test
	void theExceptionMessageIsSanitizedAndCappedAndMayBeAbsent() throws Exception {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.archive);
		recoverer.recover(json("1"), failure(new IllegalStateException("x".repeat(300) + "\n")), 1);
		recoverer.recover(json("1"), failure(new IllegalStateException("line one\nline two")), 1);
		recoverer.recover(json("1"), failure(new IllegalStateException()), 1);
		assertThat(deadLetter(this.archive.published.get(0)).get("message"))
			.isEqualTo("x".repeat(DeadLetterPublishingRecoverer.MAX_EXCEPTION_MESSAGE_CHARS) + "...(301 chars)");
		assertThat(deadLetter(this.archive.published.get(1)).get("message")).isEqualTo("line one\\nline two");
		assertThat(deadLetter(this.archive.published.get(2))).containsEntry("message", null);
	}

	@Test
	void aRefusedPublishThrowsNamingListenerDestinationAndClient() {
		PubSubException refused = new PubSubException("not authorized");
		this.archive.answerPublishes((topic) -> CompletableFuture.failedFuture(refused));
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.archive,
				(message, failure) -> "dlt\nforged");
		assertThatThrownBy(() -> recoverer.recover(json("1"), failure(new IllegalStateException()), 1))
			.isInstanceOf(PubSubException.class)
			.hasMessage("Dead-lettering the message of listener 'orders' to 'dlt\\nforged' on client 'archive' failed")
			.cause()
			.isSameAs(refused);
	}

	@Test
	void aPublishThatIsNotConfirmedInTimeThrows() {
		this.archive.answerPublishes((topic) -> new CompletableFuture<>());
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.archive);
		recoverer.setPublishTimeout(Duration.ofMillis(20));
		assertThatThrownBy(() -> recoverer.recover(json("1"), failure(new IllegalStateException()), 1))
			.isInstanceOf(PubSubException.class)
			.hasMessage("Dead-lettering the message of listener 'orders' to 'orders.DLT' on client 'archive' "
					+ "was not confirmed within PT0.02S")
			.hasCauseInstanceOf(TimeoutException.class);
	}

	@Test
	void thePublishTimeoutMustBePositive() {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.archive);
		assertThatIllegalArgumentException().isThrownBy(() -> recoverer.setPublishTimeout(Duration.ZERO))
			.withMessage("publishTimeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> recoverer.setPublishTimeout(Duration.ofMillis(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> recoverer.setPublishTimeout(null));
		recoverer.setPublishTimeout(Duration.ofMillis(1));
	}

	private static PubSubMessage json(String json) {
		return message(json.getBytes(StandardCharsets.UTF_8), MimeTypeUtils.APPLICATION_JSON);
	}

	private static PubSubMessage message(byte[] payload, org.springframework.util.MimeType contentType) {
		return PubSubMessage.builder("gateway", "orders", JsonMapper.builder().build())
			.messageType("created")
			.routingKey("orders.created")
			.payload(payload)
			.contentType(contentType)
			.build();
	}

	private static PubSubListenerExecutionFailedException failure(Throwable cause) {
		return new PubSubListenerExecutionFailedException("orders", "gateway", "orders.created",
				"Listeners.onOrder(String)", false, cause);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> envelope(PublishRecordingClient.Published published) {
		return (Map<String, Object>) published.payload();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> deadLetter(PublishRecordingClient.Published published) {
		return (Map<String, Object>) envelope(published).get("deadLetter");
	}

}
