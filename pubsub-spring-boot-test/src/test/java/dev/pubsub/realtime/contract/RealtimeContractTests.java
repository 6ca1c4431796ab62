package dev.pubsub.realtime.contract;

import org.junit.jupiter.api.Nested;

import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.contract.HostileServerContractTests;
import dev.pubsub.test.contract.ListenerContractTests;
import dev.pubsub.test.contract.ReconnectBackoffContractTests;
import dev.pubsub.test.contract.RestoreContractTests;

/**
 * The provider contract kit against the embedded Realtime gateway.
 */
class RealtimeContractTests {

	@Nested
	class Restore extends RestoreContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new RealtimeContractPeer();
		}

	}

	@Nested
	class HostileServer extends HostileServerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new RealtimeContractPeer();
		}

	}

	@Nested
	class ReconnectBackoff extends ReconnectBackoffContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new RealtimeContractPeer();
		}

	}

	@Nested
	class Listeners extends ListenerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new RealtimeContractPeer();
		}

	}

}
