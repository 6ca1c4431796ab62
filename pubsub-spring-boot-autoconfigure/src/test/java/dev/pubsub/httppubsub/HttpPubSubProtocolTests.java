package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Wire vectors of the httppubsub protocol note (sections 6, 7 and 13), computed with lonelypsp.
 */
class HttpPubSubProtocolTests {

	private static final HexFormat HEX = HexFormat.of();

	private static final String URL = "http://127.0.0.1:3002/v1/receive";

	private static final String RECOVERY = "http://127.0.0.1:3002/v1/recover";

	private static final byte[] HELLO = "Hello, world!".getBytes(StandardCharsets.UTF_8);

	private static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";

	private static byte[] hex(String value) {
		return HEX.parseHex(value.replace(" ", ""));
	}

	@Test
	void encodesSubscribeExact() {
		byte[] body = HttpPubSubProtocol.subscribe(URL, "foo/bar".getBytes(StandardCharsets.UTF_8), RECOVERY,
				new byte[0]);
		assertThat(HEX.formatHex(body)).isEqualTo(("0020 687474703a2f2f3132372e302e302e313a333030322f76312f72656365697665"
				+ " 0007 666f6f2f626172 0020 687474703a2f2f3132372e302e302e313a333030322f76312f7265636f766572 0000")
			.replace(" ", ""));
	}

	@Test
	void encodesNotifyAndParsesItsAnswer() {
		byte[] topic = "foo/baz".getBytes(StandardCharsets.UTF_8);
		byte[] sha = HttpPubSubProtocol.sha512(HELLO);
		byte[] prefix = HttpPubSubProtocol.notifyPrefix(topic, sha, new byte[0], hex("01020304"), HELLO.length);
		assertThat(HEX.formatHex(prefix) + HEX.formatHex(HELLO)).isEqualTo(("0007 666f6f2f62617a "
				+ "c1527cd893c124773d811911970c8fe6e857d6df5dc9226bd8a160614c0cd963a4ddea2b94bb7d36021ef9d865d5cea294a82dd49a0bb269f51f6e7a57f79421"
				+ " 0000 04 01020304 000000000000000d 48656c6c6f2c20776f726c6421")
			.replace(" ", ""));
		HttpPubSubProtocol.NotifyResponse response = HttpPubSubProtocol.parseNotify(hex("0004 0000 0000 00000002 04 01020304"));
		assertThat(response.notified()).isEqualTo(2);
		assertThat(response.identifier()).isEqualTo(hex("01020304"));
	}

	@Test
	void hmacVectorsMatchLonelypsp() {
		HttpPubSubAuth auth = HttpPubSubAuth.hmac(SECRET);
		byte[] topic = "foo/bar".getBytes(StandardCharsets.UTF_8);
		assertThat(auth.authorizeHmac(AuthMessageType.SUBSCRIBE_EXACT, 1700000000L, "AbCd12", new byte[0],
				HttpPubSubProtocol.signSubscribe(URL, RECOVERY, topic)))
			.isEqualTo("X-HMAC 1700000000:AbCd12:9A0hOA/Ek1e4MKU5ia6WHMx3ae2UtIgqMdl53QlwA3yIMisDPIACFKgKIAAq58/i7tZ0tHMJX2b4vrqoAo/k+Q==");
		byte[] baz = "foo/baz".getBytes(StandardCharsets.UTF_8);
		assertThat(auth.authorizeHmac(AuthMessageType.NOTIFY, 1700000000L, "AbCd12", new byte[0],
				HttpPubSubProtocol.signNotify(baz, hex("01020304"), HttpPubSubProtocol.sha512(HELLO))))
			.endsWith(":8CT6x1ovgKzF/W7aMItRFE7s3Rss8vvbTQooc9WHMp1l3H69658RG32A+kEBzq2FH28HwV6KEUj2VBZO7AEbDA==");
		assertThat(auth.authorizeHmac(AuthMessageType.RECEIVE, 1700000000L, "AbCd12", new byte[0],
				HttpPubSubProtocol.signReceive(URL, baz, hex("0a0b0c0d0e0f1011"), HttpPubSubProtocol.sha512(HELLO))))
			.endsWith(":BcLL3eTsN526SyifYJ9KFgL8v6tSaqtA7XH2nnYoBsV/F9vW3MazXeC1hmSnjwfI6GkN3fs/O25AHQSZPVYGbQ==");
	}

	@Test
	void hmacIsAcceptedOnceWithinTheWindow() {
		HttpPubSubAuth auth = HttpPubSubAuth.hmac(SECRET);
		byte[] fields = HttpPubSubProtocol.signUrl(URL);
		String header = auth.authorize(AuthMessageType.CHECK_SUBSCRIPTIONS, new byte[0], fields);
		assertThat(auth.verify(header, AuthMessageType.CHECK_SUBSCRIPTIONS, new byte[0], fields)).isEqualTo(AuthResult.OK);
		assertThat(auth.verify(header, AuthMessageType.CHECK_SUBSCRIPTIONS, new byte[0], fields))
			.isEqualTo(AuthResult.FORBIDDEN);
		long now = System.currentTimeMillis() / 1000;
		assertThat(auth.verify(auth.authorizeHmac(AuthMessageType.CHECK_SUBSCRIPTIONS, now - 121, "AbCd12", new byte[0],
				fields), AuthMessageType.CHECK_SUBSCRIPTIONS, new byte[0], fields))
			.isEqualTo(AuthResult.FORBIDDEN);
		assertThat(auth.verify(auth.authorizeHmac(AuthMessageType.CHECK_SUBSCRIPTIONS, now + 121, "AbCd12", new byte[0],
				fields), AuthMessageType.CHECK_SUBSCRIPTIONS, new byte[0], fields))
			.isEqualTo(AuthResult.FORBIDDEN);
		assertThat(auth.verify("X-HMAC " + now + ":AbCd12:AAAA", AuthMessageType.CHECK_SUBSCRIPTIONS, new byte[0], fields))
			.isEqualTo(AuthResult.FORBIDDEN);
		assertThat(auth.verify(null, AuthMessageType.CHECK_SUBSCRIPTIONS, new byte[0], fields))
			.isEqualTo(AuthResult.UNAUTHORIZED);
		String otherType = auth.authorize(AuthMessageType.SET_SUBSCRIPTIONS, new byte[0], fields);
		assertThat(auth.verify(otherType, AuthMessageType.CHECK_SUBSCRIPTIONS, new byte[0], fields))
			.isEqualTo(AuthResult.FORBIDDEN);
	}

	@Test
	void tokenAuth() {
		HttpPubSubAuth auth = HttpPubSubAuth.token("s3cret");
		byte[] fields = new byte[0];
		assertThat(auth.authorize(1, fields, fields)).isEqualTo("Bearer s3cret");
		assertThat(auth.verify("Bearer s3cret", 1, fields, fields)).isEqualTo(AuthResult.OK);
		assertThat(auth.verify("Bearer s3cre", 1, fields, fields)).isEqualTo(AuthResult.FORBIDDEN);
		assertThat(auth.verify(null, 1, fields, fields)).isEqualTo(AuthResult.UNAUTHORIZED);
		assertThat(auth.toString()).doesNotContain("s3cret");
	}

	@Test
	void confirmReceiveAndMissedReplies() {
		assertThat(HEX.formatHex(HttpPubSubProtocol.confirmReceive(null, new byte[0], hex("0a0b0c0d0e0f1011"), 1)))
			.isEqualTo("00080000000008" + "0a0b0c0d0e0f1011" + "00000001");
		assertThat(HEX.formatHex(HttpPubSubProtocol.confirmMissed(null, new byte[0]))).isEqualTo("000900000000");
		assertThat(HEX.formatHex(HttpPubSubProtocol.unsubscribeImmediate())).isEqualTo("000a");
	}

	@Test
	void etagOfOneExactSubscription() {
		HttpPubSubProtocol.SubscriptionSet set = new HttpPubSubProtocol.SubscriptionSet(
				List.of(new HttpPubSubProtocol.Entry("foo/bar".getBytes(StandardCharsets.UTF_8), RECOVERY)), List.of());
		String etag = HEX.formatHex(set.etag(URL));
		assertThat(etag).startsWith("3c62863d7e8c20c8").endsWith("5471c5f0");
	}

	@Test
	void setSubscriptionsSortsBytewise() {
		HttpPubSubProtocol.SubscriptionSet set = new HttpPubSubProtocol.SubscriptionSet(
				List.of(new HttpPubSubProtocol.Entry(new byte[] { 'b' }, null),
						new HttpPubSubProtocol.Entry(new byte[] { (byte) 0xC3, (byte) 0xA9 }, null),
						new HttpPubSubProtocol.Entry(new byte[] { 'a' }, null)),
				List.of());
		assertThat(set.exact()).extracting((e) -> HEX.formatHex(e.value())).containsExactly("61", "62", "c3a9");
	}

	@Test
	void parsesReprDigestInBothForms() {
		byte[] sha = HttpPubSubProtocol.sha512(HELLO);
		String b64 = "wVJ82JPBJHc9gRkRlwyP5uhX1t9dySJr2KFgYUwM2WOk3eorlLt9NgIe+dhl1c6ilKgt1JoLsmn1H256V/eUIQ==";
		assertThat(HttpPubSubProtocol.parseReprDigest("sha-512=" + b64)).isEqualTo(sha);
		assertThat(HttpPubSubProtocol.parseReprDigest("sha-256=:abc:, sha-512=:" + b64 + ":")).isEqualTo(sha);
		assertThat(HttpPubSubProtocol.parseReprDigest("sha-512=AAAA")).isNull();
		assertThat(HttpPubSubProtocol.parseReprDigest(null)).isNull();
	}

	@Test
	void globsFollowFnmatch() {
		assertThat(HttpPubSubGlob.compile("foo/*").test("foo/a/b")).isTrue();
		assertThat(HttpPubSubGlob.compile("*").test("foo/bar")).isTrue();
		assertThat(HttpPubSubGlob.compile("foo/?").test("foo/a")).isTrue();
		assertThat(HttpPubSubGlob.compile("foo/?").test("foo/ab")).isFalse();
		assertThat(HttpPubSubGlob.compile("foo/[!b]*").test("foo/bar")).isFalse();
		assertThat(HttpPubSubGlob.compile("foo/[!b]*").test("foo/car")).isTrue();
		assertThat(HttpPubSubGlob.compile("foo/[a-c]x").test("foo/bx")).isTrue();
		assertThat(HttpPubSubGlob.compile("foo/[ab").test("foo/[ab")).isTrue();
		assertThat(HttpPubSubGlob.compile("a.b").test("axb")).isFalse();
		assertThat(HttpPubSubGlob.isGlob("exact:foo/*")).isFalse();
		assertThat(HttpPubSubGlob.compile("exact:foo/*").test("foo/*")).isTrue();
		assertThat(HttpPubSubGlob.compile("exact:foo/*").test("foo/a")).isFalse();
	}

	@Test
	void rejectsTooLongPatterns() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> HttpPubSubGlob.validate("x".repeat(65536)))
			.withMessageContaining("65535");
	}

}
