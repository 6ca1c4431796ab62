package dev.pubsub.core;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.PartialTextAggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PartialTextAggregator}.
 */
class PartialTextAggregatorTests {

	@Test
	void joinsPartsAndPassesAWholeMessageThrough() throws Exception {
		PartialTextAggregator aggregator = new PartialTextAggregator(100);
		String whole = "{\"a\":1}";
		assertThat(aggregator.accept(whole, true)).isSameAs(whole);
		assertThat(aggregator.accept("ab", false)).isNull();
		assertThat(aggregator.accept("cd", false)).isNull();
		assertThat(aggregator.accept("é", true)).isEqualTo("abcdé");
		assertThat(aggregator.heldBytes()).isZero();
		assertThat(aggregator.capacity()).isZero();
	}

	@Test
	void tenMebibytesInPiecesAreRefusedWithoutHoldingMoreThanTheLimit() {
		long limit = 1024 * 1024;
		PartialTextAggregator aggregator = new PartialTextAggregator(limit);
		String piece = "a".repeat(64 * 1024);
		int accepted = 0;
		try {
			for (int i = 0; i < 160; i++) {
				aggregator.accept(piece, i == 159);
				accepted++;
				assertThat(aggregator.capacity()).isLessThanOrEqualTo((int) limit);
				assertThat(aggregator.heldBytes()).isLessThanOrEqualTo(limit);
			}
		}
		catch (PartialTextAggregator.TooLargeException ex) {
			assertThat(ex.size()).isEqualTo(limit + piece.length());
		}
		assertThat(accepted).isEqualTo(16);
		assertThat(aggregator.capacity()).as("released").isZero();
	}

	@Test
	void limitCountsUtf8Bytes() throws Exception {
		PartialTextAggregator aggregator = new PartialTextAggregator(4);
		assertThat(aggregator.accept("éé", true)).isEqualTo("éé");
		assertThatExceptionOfType(PartialTextAggregator.TooLargeException.class)
			.isThrownBy(() -> aggregator.accept("ééé", true));
		assertThat(PartialTextAggregator.utf8Length("a\u00e9\u20ac\ud83d\ude00")).isEqualTo(1 + 2 + 3 + 4);
	}

	@Test
	void theLimitMustBePositive() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> new PartialTextAggregator(0))
			.withMessage("maxBytes must be positive");
		assertThat(new PartialTextAggregator(1).accept("a", true)).isEqualTo("a");
	}

	@Test
	void heldCharactersDoubleAsPartsArriveAndKeepWhatWasHeld() throws Exception {
		PartialTextAggregator aggregator = new PartialTextAggregator(1_000_000);
		String first = "a".repeat(1000);
		assertThat(aggregator.accept(first, false)).isNull();
		assertThat(aggregator.heldBytes()).isEqualTo(1000);
		assertThat(aggregator.capacity()).as("the initial allocation").isEqualTo(1024);
		String second = "b".repeat(24);
		assertThat(aggregator.accept(second, false)).isNull();
		assertThat(aggregator.capacity()).as("exactly full, not grown").isEqualTo(1024);
		assertThat(aggregator.accept("c", false)).isNull();
		assertThat(aggregator.capacity()).as("doubled").isEqualTo(2048);
		assertThat(aggregator.heldBytes()).isEqualTo(1025);
		String last = "d".repeat(5000);
		assertThat(aggregator.accept(last, true)).isEqualTo(first + second + "c" + last);
		assertThat(aggregator.heldBytes()).isZero();
	}

	@Test
	void utf8LengthAtTheEdgesOfEachEncodingLength() {
		assertThat(PartialTextAggregator.utf8Length("\u007f")).isEqualTo(1);
		assertThat(PartialTextAggregator.utf8Length("\u0080")).isEqualTo(2);
		assertThat(PartialTextAggregator.utf8Length("\u07ff")).isEqualTo(2);
		assertThat(PartialTextAggregator.utf8Length("\u0800")).isEqualTo(3);
		// a high surrogate without its low half (here: at the end) is encoded as one 3-byte replacement
		assertThat(PartialTextAggregator.utf8Length("a\ud83d")).isEqualTo(1 + 3);
		assertThat(PartialTextAggregator.utf8Length("\ud83d\ud83d\ude00")).isEqualTo(3 + 4);
	}

}
