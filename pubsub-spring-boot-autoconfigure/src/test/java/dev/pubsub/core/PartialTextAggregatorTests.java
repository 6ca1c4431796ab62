package dev.pubsub.core;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.PartialTextAggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

}
