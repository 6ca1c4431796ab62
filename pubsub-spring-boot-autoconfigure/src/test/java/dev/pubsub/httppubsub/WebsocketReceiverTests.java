package dev.pubsub.httppubsub;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What CONTINUE_RECEIVE signs at the part-id edges: lonelypsp signs the part id as one byte, so the
 * low byte is signed (0 to 255 as themselves, 256 wraps to 0), and the part id header is the
 * minimal unsigned encoding (none for 0, one byte to 255, two from 256).
 */
class WebsocketReceiverTests {

	private static final byte[] IDENTIFIER = { 1, 2, 3, 4 };

	@Test
	void continueReceiveSignsTheLowByteOfThePartId() {
		assertThat(signedPartByte(0)).isEqualTo(0);
		assertThat(signedPartByte(1)).isEqualTo(1);
		assertThat(signedPartByte(255)).isEqualTo(255);
		assertThat(signedPartByte(256)).isEqualTo(0);
		assertThat(signedPartByte(257)).isEqualTo(1);
		assertThat(signedPartByte(65535)).isEqualTo(255);
		assertThat(signedPartByte(65536)).isEqualTo(0);
	}

	@Test
	void partIdHeaderIsMinimalAndRoundTrips() {
		assertThat(WebsocketFrames.minimalUnsigned(0)).isEmpty();
		assertThat(WebsocketFrames.minimalUnsigned(255)).containsExactly(0xFF);
		assertThat(WebsocketFrames.minimalUnsigned(256)).containsExactly(1, 0);
		assertThat(WebsocketFrames.minimalUnsigned(65535)).containsExactly(0xFF, 0xFF);
		assertThat(WebsocketFrames.minimalUnsigned(65536)).containsExactly(1, 0, 0);
	}

	private static int signedPartByte(long partId) {
		byte[] signed = WebsocketReceiver.signContinueReceive(IDENTIFIER, partId, "websocket:n:1");
		// str8 identifier (1 + 4 bytes), then the part id byte, then str16 url
		assertThat(signed).hasSize(1 + IDENTIFIER.length + 1 + 2 + "websocket:n:1".length());
		return Byte.toUnsignedInt(signed[1 + IDENTIFIER.length]);
	}

}
