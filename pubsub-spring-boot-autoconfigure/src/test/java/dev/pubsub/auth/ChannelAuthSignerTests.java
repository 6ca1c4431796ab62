package dev.pubsub.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChannelAuthSigner} against the published Pusher vectors.
 */
class ChannelAuthSignerTests {

	private static final String KEY = "278d425bdf160c739803";

	private final ChannelAuthSigner signer = new ChannelAuthSigner(
			ChannelAuthCredentials.of(KEY, "7ad3773142a6692b25b8"));

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
			private-foobar | | 58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4
			private-azAZ9_=@,.; | | 208cbbce2a22fd7d7c3509046b17a97b99d345cf4c195bc0d54af9004a022b0b
			presence-foobar | {"user_id":10,"user_info":{"name":"Mr. Channels"}} | 31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80
			presence-foobar | {"user_id":10,"user_info":{"name":"Mr. Pusher"}} | afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c
			presence-foobar | '{"user_id": 10, "user_info": {"name": "Mr. Channels"}}' | 5b8808f3035fec2e4157c6b430a06d5b0de16d174e1a779e0e2b64d9983bde27
			presence-foobar | {"user_id":"10","user_info":{"name":"Mr. Channels"}} | 4c6d8fc42a207ba96a0779844171b0bb819d96ffceef9609f5cce596ab17a800
			""")
	void signsPublishedVectors(String channel, String channelData, String signature) {
		assertThat(this.signer.sign("1234.1234", channel, channelData)).isEqualTo(KEY + ":" + signature);
		assertThat(this.signer.verify(KEY + ":" + signature, "1234.1234", channel, channelData)).isTrue();
	}

	@Test
	void verifyRefusesAnyChange() {
		String auth = this.signer.sign("abcDEF123_-xyzAAAAAA", "private-foobar", null);
		assertThat(this.signer.verify(auth, "abcDEF123_-xyzAAAAAA", "private-foobar", null)).isTrue();
		assertThat(this.signer.verify(auth, "abcDEF123_-xyzAAAAAB", "private-foobar", null)).isFalse();
		assertThat(this.signer.verify(auth, "abcDEF123_-xyzAAAAAA", "private-foobaz", null)).isFalse();
		assertThat(this.signer.verify(auth, "abcDEF123_-xyzAAAAAA", "private-foobar", "{}")).isFalse();
		assertThat(this.signer.verify("other" + auth.substring(auth.indexOf(':')), "abcDEF123_-xyzAAAAAA",
				"private-foobar", null)).isFalse();
		assertThat(this.signer.verify(auth.substring(0, auth.length() - 1), "abcDEF123_-xyzAAAAAA", "private-foobar",
				null)).isFalse();
		assertThat(this.signer.verify("no-colon", "abcDEF123_-xyzAAAAAA", "private-foobar", null)).isFalse();
		assertThat(this.signer.verify(null, "abcDEF123_-xyzAAAAAA", "private-foobar", null)).isFalse();
	}

	@Test
	void readsCredentialsOnEveryCall() {
		String[] secret = { "first-secret" };
		ChannelAuthSigner rotating = new ChannelAuthSigner(new ChannelAuthCredentials() {

			@Override
			public String appKey() {
				return "key";
			}

			@Override
			public String appSecret() {
				return secret[0];
			}

		});
		String before = rotating.sign("1.1", "private-a", null);
		secret[0] = "second-secret";
		assertThat(rotating.sign("1.1", "private-a", null)).isNotEqualTo(before);
		assertThat(rotating.verify(before, "1.1", "private-a", null)).isFalse();
	}

	@Test
	void credentialsHideTheSecretAndRefuseAColonInTheKey() {
		assertThat(ChannelAuthCredentials.of("k", "s3cr3t").toString()).doesNotContain("s3cr3t");
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelAuthCredentials.of("a:b", "s"));
	}

	@Test
	void credentialsNeedAKeyWithoutAColonAndASecretAndHideTheSecret() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelAuthCredentials.of("", "secret"))
			.withMessage("appKey must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelAuthCredentials.of("key", " "))
			.withMessage("appSecret must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelAuthCredentials.of(":key", "secret"))
			.withMessage("appKey must not contain ':'");
		ChannelAuthCredentials credentials = ChannelAuthCredentials.of("key", "secret");
		assertThat(credentials.appKey()).isEqualTo("key");
		assertThat(credentials.appSecret()).isEqualTo("secret");
		assertThat(credentials).hasToString("ChannelAuthCredentials[appKey=key, appSecret=<hidden>]");
	}

}
