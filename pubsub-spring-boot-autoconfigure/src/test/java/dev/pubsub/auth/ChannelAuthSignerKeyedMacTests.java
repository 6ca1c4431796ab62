package dev.pubsub.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the keyed {@link javax.crypto.Mac} that {@link ChannelAuthSigner} builds once and clones:
 * a rotated secret is used from the next signature on, and concurrent signatures do not share state.
 */
class ChannelAuthSignerKeyedMacTests {

	private static final String KEY = "278d425bdf160c739803";

	@Test
	void aRotatedSecretSignsFromTheNextCallOn() {
		AtomicReference<String> secret = new AtomicReference<>("7ad3773142a6692b25b8");
		ChannelAuthSigner signer = new ChannelAuthSigner(new ChannelAuthCredentials() {

			@Override
			public String appKey() {
				return KEY;
			}

			@Override
			public String appSecret() {
				return secret.get();
			}

		});
		// the published Pusher vector for the first secret
		assertThat(signer.sign("1234.1234", "private-foobar", null))
			.isEqualTo(KEY + ":58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
		secret.set("another-secret");
		String rotated = signer.sign("1234.1234", "private-foobar", null);
		assertThat(rotated)
			.isEqualTo(KEY + ":" + ChannelAuthSigner.signature("another-secret", "1234.1234:private-foobar"))
			.isNotEqualTo(KEY + ":58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
		assertThat(signer.verify(rotated, "1234.1234", "private-foobar", null)).isTrue();
		secret.set("7ad3773142a6692b25b8");
		assertThat(signer.verify(rotated, "1234.1234", "private-foobar", null)).isFalse();
	}

	@Test
	void concurrentSignaturesMatchTheOneShotSignature() throws Exception {
		ChannelAuthSigner signer = new ChannelAuthSigner(ChannelAuthCredentials.of(KEY, "7ad3773142a6692b25b8"));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				Callable<List<String>> task = () -> {
					List<String> mismatches = new ArrayList<>();
					for (int i = 0; i < 2_000; i++) {
						String socketId = thread + "." + i;
						String expected = KEY + ":"
								+ ChannelAuthSigner.signature("7ad3773142a6692b25b8", socketId + ":private-c" + i);
						String actual = signer.sign(socketId, "private-c" + i, null);
						if (!expected.equals(actual)) {
							mismatches.add(socketId);
						}
					}
					return mismatches;
				};
				results.add(pool.submit(task));
			}
			for (Future<List<String>> result : results) {
				assertThat(result.get()).isEmpty();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
