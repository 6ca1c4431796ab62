package dev.pubsub.core.support;

import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClientThreadsSupport}: the client name that every thread name carries, and the
 * daemon thread factory offered to providers.
 */
class ClientThreadsSupportTests {

	@Test
	void aClientNeedsANameForItsThreads() {
		for (String name : new String[] { null, "", " " }) {
			assertThatIllegalArgumentException().isThrownBy(() -> new ClientThreadsSupport(name) {
			}).withMessage("name must not be empty");
		}
	}

	@Test
	void daemonThreadsCarryTheGivenNameAndDoNotKeepTheJvmAlive() {
		ThreadFactory factory = ClientThreadsSupport.daemon("pubsub-a-reader");
		Thread first = factory.newThread(() -> {
		});
		Thread second = factory.newThread(() -> {
		});
		assertThat(first.getName()).isEqualTo("pubsub-a-reader");
		assertThat(second.getName()).isEqualTo("pubsub-a-reader");
		assertThat(first.isDaemon()).isTrue();
		assertThat(second.isDaemon()).isTrue();
		assertThat(first).isNotSameAs(second);
	}

}
