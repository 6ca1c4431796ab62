package dev.pubsub.core.support;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Failures}.
 */
class FailuresTests {

	@Test
	void unwrapPeelsEveryCompletionAndExecutionWrapperButNothingElse() {
		IOException io = new IOException("reset");
		RuntimeException wrapper = new RuntimeException("not a future wrapper", io);
		assertThat(Failures.unwrap(new CompletionException(new ExecutionException(new CompletionException(io)))))
			.isSameAs(io);
		assertThat(Failures.unwrap(new CompletionException(wrapper))).isSameAs(wrapper);
		assertThat(Failures.unwrap(io)).isSameAs(io);
		CompletionException empty = new CompletionException("no cause", null);
		assertThat(Failures.unwrap(empty)).isSameAs(empty);
	}

	@Test
	void authenticationFailuresAreFoundAnywhereInTheCauseChain() {
		PubSubAuthenticationException refused = new PubSubAuthenticationException("token expired");
		assertThat(Failures.isAuthenticationFailure(refused)).isTrue();
		assertThat(Failures.isAuthenticationFailure(new CompletionException(new IllegalStateException("x", refused))))
			.isTrue();
		assertThat(Failures.isAuthenticationFailure(new IOException(
				"The HTTP response from the server [401] did not permit the HTTP upgrade to WebSocket")))
			.isTrue();
		assertThat(Failures.isAuthenticationFailure(new IOException("... server [403] did not permit ..."))).isTrue();
		assertThat(Failures.isAuthenticationFailure(new IOException("... server [404] did not permit ..."))).isFalse();
		assertThat(Failures.isAuthenticationFailure(new CompletionException(new PubSubTimeoutException("subscribe", java.time.Duration.ofSeconds(1)))))
			.isFalse();
		assertThat(Failures.isAuthenticationFailure(new IOException((String) null))).isFalse();
	}

}
