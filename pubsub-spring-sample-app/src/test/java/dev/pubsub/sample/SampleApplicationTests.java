package dev.pubsub.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.sample.realtime.GreetingPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample runs on its embedded default: the publisher's greetings reach the listener and its
 * replies come back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.realtime.publish-initial-delay=100ms", "sample.realtime.publish-interval=200ms" })
class SampleApplicationTests {

	@Autowired
	private GreetingPublisher publisher;

	@Autowired
	private RealtimeClient gateway;

	@Test
	void greetingsAreRepliedTo() {
		await().until(() -> this.publisher.replies() >= 3);
		assertThat(this.gateway.isConnected()).isTrue();
	}

}
