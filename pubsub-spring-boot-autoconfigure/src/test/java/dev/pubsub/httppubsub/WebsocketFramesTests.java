package dev.pubsub.httppubsub;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.PubSubProtocolException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Encoding and decoding of the websocket frames, byte for byte as lonelypsp writes them.
 */
class WebsocketFramesTests {

	private static final HexFormat HEX = HexFormat.of();

	@Test
	void minimalAndExpandedHeaders() {
		byte[][] values = { new byte[0], new byte[0], "a/b".getBytes() };
		assertThat(HEX.formatHex(WebsocketFrames.encode(WebsocketFrames.SUBSCRIBE_EXACT, true,
				WebsocketFrames.SUBSCRIBE_EXACT_HEADERS, values, new byte[0])))
			.isEqualTo("0001" + "0002" + "0000" + "0000" + "0003612f62");
		assertThat(HEX.formatHex(WebsocketFrames.encode(WebsocketFrames.SUBSCRIBE_EXACT, false,
				List.of("x-topic"), new byte[][] { "a".getBytes() }, new byte[0])))
			.isEqualTo("0000" + "0002" + "0001" + "0007782d746f706963" + "000161");
	}

	@Test
	void minimalUnsignedMatchesPython() {
		assertThat(WebsocketFrames.minimalUnsigned(0)).isEmpty();
		assertThat(HEX.formatHex(WebsocketFrames.minimalUnsigned(255))).isEqualTo("ff");
		assertThat(HEX.formatHex(WebsocketFrames.minimalUnsigned(256))).isEqualTo("0100");
	}

	@Test
	void decodesReceiveStreamStartAndContinuation() {
		byte[] sha = new byte[64];
		String start = "0001" + "0008" + "0000" + "0000" + "000401020304" + "000100" + "0001" + "74" + "000100"
				+ "000102" + "000102" + "0040" + HEX.formatHex(sha) + "abab";
		WebsocketFrame frame = WebsocketFrames.decode(HEX.parseHex(start));
		assertThat(frame.type()).isEqualTo(WebsocketFrames.RECEIVE_STREAM);
		assertThat(frame.unsigned("x-part-id", 8)).isZero();
		assertThat(frame.header("x-topic")).isEqualTo("t".getBytes());
		assertThat(frame.unsigned("x-compressed-length", 8)).isEqualTo(2);
		assertThat(frame.payload()).isEqualTo(new byte[] { (byte) 0xab, (byte) 0xab });
		WebsocketFrame next = WebsocketFrames.decode(HEX.parseHex("0001000800000000000401020304000101ff"));
		assertThat(next.unsigned("x-part-id", 8)).isEqualTo(1);
		assertThat(next.payload()).isEqualTo(new byte[] { (byte) 0xff });
	}

	@Test
	void decodesWhatTheSubscriberSendsIncludingTheFirstNotifyStreamPart() {
		byte[] sha = new byte[64];
		byte[] start = WebsocketFrames.encode(WebsocketFrames.NOTIFY_STREAM, true,
				WebsocketFrames.subscriberHeaderNames(WebsocketFrames.NOTIFY_STREAM, true),
				new byte[][] { "auth".getBytes(), new byte[0], { 1, 2, 3, 4 }, new byte[0], "t".getBytes(), { 0 },
						{ 2 }, { 2 }, sha },
				new byte[] { 7 });
		WebsocketFrame frame = WebsocketFrames.decodeFromSubscriber(start);
		assertThat(frame.type()).isEqualTo(WebsocketFrames.NOTIFY_STREAM);
		assertThat(frame.authorization()).isEqualTo("auth");
		assertThat(frame.header("x-topic")).isEqualTo("t".getBytes());
		assertThat(frame.unsigned("x-decompressed-length", 8)).isEqualTo(2);
		assertThat(frame.header("x-compressed-sha512")).isEqualTo(sha);
		assertThat(frame.payload()).isEqualTo(new byte[] { 7 });
		byte[] confirm = WebsocketFrames.encode(WebsocketFrames.CONFIRM_RECEIVE, true,
				WebsocketFrames.subscriberHeaderNames(WebsocketFrames.CONFIRM_RECEIVE, false),
				new byte[][] { { 9 }, new byte[0], new byte[0], { 0, 0, 0, 1 } }, new byte[0]);
		assertThat(WebsocketFrames.decodeFromSubscriber(confirm).unsigned("x-num-subscribers", 4)).isOne();
		// the broadcaster's names, used by the embedded broadcaster to encode, decode back the same way
		byte[] confirmNotify = WebsocketFrames.encode(WebsocketFrames.CONFIRM_NOTIFY, true,
				WebsocketFrames.broadcasterHeaderNames(WebsocketFrames.CONFIRM_NOTIFY, false),
				new byte[][] { { 1, 2, 3, 4 }, { 3 }, new byte[0], new byte[0] }, new byte[0]);
		assertThat(WebsocketFrames.decode(confirmNotify).unsigned("x-subscribers", 8)).isEqualTo(3);
		assertThatExceptionOfType(PubSubProtocolException.class)
			.isThrownBy(() -> WebsocketFrames.decodeFromSubscriber(HEX.parseHex("0001000c")));
	}

	@Test
	void rejectsTruncatedAndUnknownFrames() {
		assertThatExceptionOfType(PubSubProtocolException.class)
			.isThrownBy(() -> WebsocketFrames.decode(HEX.parseHex("00010001000a")));
		assertThatExceptionOfType(PubSubProtocolException.class)
			.isThrownBy(() -> WebsocketFrames.decode(HEX.parseHex("00010063")));
	}

	@Test
	void authUrlsCountBothWaysInPythonHex() {
		WebsocketAuthUrls urls = new WebsocketAuthUrls(new byte[32], new byte[32]);
		String first = urls.nextSubscriberUrl();
		assertThat(first).startsWith("websocket:").endsWith(":-1");
		for (int i = 0; i < 24; i++) {
			urls.nextSubscriberUrl();
		}
		assertThat(urls.nextSubscriberUrl()).endsWith(":-1a");
		assertThat(urls.nextBroadcasterUrl()).endsWith(":1");
		// base64 (not URL-safe) of SHA-256 of 64 zero bytes, computed with python3 as lonelypss does
		assertThat(first).isEqualTo("websocket:9aX9QtFqIDAnmO9u0wmXm0MAPSMg2fDo6pgxqSdZ+0s=:-1");
	}

}
