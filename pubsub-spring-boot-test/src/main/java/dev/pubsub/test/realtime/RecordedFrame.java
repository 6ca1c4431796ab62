package dev.pubsub.test.realtime;

import java.time.Instant;

/**
 * A frame the gateway received from a client, as recorded for tests.
 *
 * @param text the frame's text (binary frames are decoded as UTF-8, bad bytes replaced)
 * @param binary whether it arrived as a binary frame
 * @param size the frame's size in bytes
 * @param receivedAt when the gateway received it
 */
public record RecordedFrame(String text, boolean binary, int size, Instant receivedAt) {

	@Override
	public String toString() {
		return (this.binary ? "binary" : "text") + "[" + this.size + " bytes]";
	}

}
