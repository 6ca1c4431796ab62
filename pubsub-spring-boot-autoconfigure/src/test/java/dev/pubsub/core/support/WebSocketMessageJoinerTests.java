package dev.pubsub.core.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WebSocketMessageJoiner}: parts joined up to the limit, whole single-part messages passed
 * through, oversized messages skipped part by part and reported once with their whole size, the
 * joiner usable again afterwards. Fast, no sockets (the session holder's own tests use Tomcat).
 */
class WebSocketMessageJoinerTests {

	private final List<long[]> skipped = new ArrayList<>();

	private final WebSocketMessageJoiner.Oversized oversized = (size, limit) -> this.skipped
		.add(new long[] { size, limit });

	@Test
	void aSinglePartTextIsPassedThroughAndNotCountedAsJoined() {
		WebSocketMessageJoiner joiner = new WebSocketMessageJoiner(16);
		assertThat(joiner.text("hello", true, this.oversized)).isEqualTo("hello");
		assertThat(joiner.joinedFromParts()).isZero();
		assertThat(this.skipped).isEmpty();
	}

	@Test
	void textPartsAreJoinedAndCounted() {
		WebSocketMessageJoiner joiner = new WebSocketMessageJoiner(16);
		assertThat(joiner.text("hel", false, this.oversized)).isNull();
		assertThat(joiner.text("lo", true, this.oversized)).isEqualTo("hello");
		assertThat(joiner.joinedFromParts()).isOne();
		assertThat(joiner.text("next", true, this.oversized)).as("a later single part is not joined")
			.isEqualTo("next");
		assertThat(joiner.joinedFromParts()).isOne();
	}

	@Test
	void anOversizedTextIsSkippedToItsLastPartAndReportedOnceWithItsWholeSize() {
		WebSocketMessageJoiner joiner = new WebSocketMessageJoiner(8);
		assertThat(joiner.text("12345", false, this.oversized)).isNull();
		assertThat(joiner.text("67890", false, this.oversized)).isNull();
		assertThat(this.skipped).as("reported at the last part only").isEmpty();
		assertThat(joiner.text("abc", true, this.oversized)).isNull();
		assertThat(this.skipped).hasSize(1);
		assertThat(this.skipped.get(0)).containsExactly(13L, 8L);
		assertThat(joiner.text("ok", true, this.oversized)).as("the next message is whole again").isEqualTo("ok");
		assertThat(joiner.joinedFromParts()).isZero();
	}

	@Test
	void aSinglePartBinaryIsPassedThrough() {
		WebSocketMessageJoiner joiner = new WebSocketMessageJoiner(16);
		assertThat(joiner.binary(bytes("abc"), true, this.oversized)).containsExactly(bytes("abc").array());
		assertThat(joiner.joinedFromParts()).isZero();
	}

	@Test
	void binaryPartsAreJoinedInOrderUpToExactlyTheLimit() {
		WebSocketMessageJoiner joiner = new WebSocketMessageJoiner(3000);
		byte[] expected = new byte[3000];
		for (int i = 0; i < expected.length; i++) {
			expected[i] = (byte) i;
		}
		// parts that make the buffer grow past its initial capacity more than once
		assertThat(joiner.binary(ByteBuffer.wrap(expected, 0, 1000), false, this.oversized)).isNull();
		assertThat(joiner.binary(ByteBuffer.wrap(expected, 1000, 1500), false, this.oversized)).isNull();
		byte[] whole = joiner.binary(ByteBuffer.wrap(expected, 2500, 500), true, this.oversized);
		assertThat(whole).containsExactly(expected);
		assertThat(joiner.joinedFromParts()).isOne();
		assertThat(this.skipped).isEmpty();
	}

	@Test
	void aJoinedBinaryLeavesNothingBehindForTheNextMessage() {
		WebSocketMessageJoiner joiner = new WebSocketMessageJoiner(16);
		assertThat(joiner.binary(bytes("ab"), false, this.oversized)).isNull();
		assertThat(joiner.binary(bytes("cd"), true, this.oversized)).containsExactly(bytes("abcd").array());
		assertThat(joiner.binary(bytes("ef"), false, this.oversized)).isNull();
		assertThat(joiner.binary(bytes("gh"), true, this.oversized)).containsExactly(bytes("efgh").array());
		assertThat(joiner.binary(bytes("single"), true, this.oversized)).containsExactly(bytes("single").array());
		// 4 + 4 + 6 bytes held together would exceed the limit of 16 only if nothing was released
		assertThat(joiner.binary(bytes("0123456789ab"), false, this.oversized)).isNull();
		assertThat(joiner.binary(bytes("cdef"), true, this.oversized)).containsExactly(bytes("0123456789abcdef").array());
		assertThat(joiner.joinedFromParts()).isEqualTo(3);
		assertThat(this.skipped).isEmpty();
	}

	@Test
	void anOversizedBinaryIsSkippedWithItsWholeSizeAndTheNextOneIsWhole() {
		WebSocketMessageJoiner joiner = new WebSocketMessageJoiner(10);
		assertThat(joiner.binary(bytes("123456"), false, this.oversized)).isNull();
		assertThat(joiner.binary(bytes("78901"), false, this.oversized)).isNull();
		assertThat(joiner.binary(bytes("234"), true, this.oversized)).isNull();
		assertThat(this.skipped).hasSize(1);
		assertThat(this.skipped.get(0)).containsExactly(14L, 10L);
		assertThat(joiner.binary(bytes("fresh"), true, this.oversized)).containsExactly(bytes("fresh").array());
		assertThat(joiner.binary(bytes("0123456789"), true, this.oversized)).as("exactly the limit")
			.containsExactly(bytes("0123456789").array());
		assertThat(joiner.binary(bytes("0123456789x"), true, this.oversized)).as("one byte over").isNull();
		assertThat(this.skipped).hasSize(2);
		assertThat(this.skipped.get(1)).containsExactly(11L, 10L);
	}

	@Test
	void resetDropsAHalfJoinedMessage() {
		WebSocketMessageJoiner joiner = new WebSocketMessageJoiner(16);
		assertThat(joiner.binary(bytes("stale"), false, this.oversized)).isNull();
		assertThat(joiner.text("old", false, this.oversized)).isNull();
		joiner.reset();
		assertThat(joiner.binary(bytes("new"), true, this.oversized)).containsExactly(bytes("new").array());
		assertThat(joiner.text("text", true, this.oversized)).isEqualTo("text");
		assertThat(joiner.joinedFromParts()).isZero();
	}

	private static ByteBuffer bytes(String value) {
		return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
	}

}
