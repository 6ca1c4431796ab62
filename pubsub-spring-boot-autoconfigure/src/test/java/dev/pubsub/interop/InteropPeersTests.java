package dev.pubsub.interop;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which values of the {@code CI} environment variable make missing peers fail tests.
 */
class InteropPeersTests {

	@ParameterizedTest
	@ValueSource(strings = { "true", "TRUE", "True", "1", "yes", "YES", " true " })
	void truthyValuesMeanCi(String value) {
		assertThat(InteropPeers.isCi(value)).isTrue();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "false", "FALSE", "0", "no", " ", "2", "truthy" })
	void otherValuesDoNot(String value) {
		assertThat(InteropPeers.isCi(value)).isFalse();
	}

}
