package dev.pubsub.auth;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pubsub.auth.ChannelAuthDecision.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChannelAuthDecision}.
 */
class ChannelAuthDecisionTests {

	@Test
	void allowCarriesNoUser() {
		ChannelAuthDecision decision = ChannelAuthDecision.allow();
		assertThat(decision.outcome()).isEqualTo(Outcome.ALLOWED);
		assertThat(decision.isAllowed()).isTrue();
		assertThat(decision.userId()).isNull();
		assertThat(decision.userInfo()).isEmpty();
		assertThat(decision.reason()).isNull();
	}

	@Test
	void allowAsCopiesTheUserInfoInOrder() {
		Map<String, Object> info = new java.util.LinkedHashMap<>();
		info.put("name", "Ada");
		info.put("role", "admin");
		ChannelAuthDecision decision = ChannelAuthDecision.allowAs("u-1", info);
		info.put("late", true);
		assertThat(decision.isAllowed()).isTrue();
		assertThat(decision.userId()).isEqualTo("u-1");
		assertThat(decision.userInfo()).containsExactly(Map.entry("name", "Ada"), Map.entry("role", "admin"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> decision.userInfo().put("x", 1));
	}

	@Test
	void allowAsNeedsAUserId() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelAuthDecision.allowAs("", new HashMap<>()))
			.withMessageContaining("userId");
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelAuthDecision.allowAs(" ", Map.of()));
	}

	@Test
	void refusalsAreNotAllowedAndSayWhy() {
		ChannelAuthDecision refused = ChannelAuthDecision.refuse("not a member");
		assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
		assertThat(refused.isAllowed()).isFalse();
		assertThat(refused.reason()).isEqualTo("not a member");
		assertThat(refused.userId()).isNull();
		ChannelAuthDecision unauthenticated = ChannelAuthDecision.unauthenticated();
		assertThat(unauthenticated.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
		assertThat(unauthenticated.isAllowed()).isFalse();
		assertThat(unauthenticated.reason()).isEqualTo("Authentication required");
		assertThat(unauthenticated.userInfo()).isEmpty();
	}

}
