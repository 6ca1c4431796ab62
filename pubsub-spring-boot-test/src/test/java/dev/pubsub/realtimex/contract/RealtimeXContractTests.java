package dev.pubsub.realtimex.contract;

import org.junit.jupiter.api.Nested;

import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.contract.HostileServerContractTests;
import dev.pubsub.test.contract.ListenerContractTests;
import dev.pubsub.test.contract.ReconnectBackoffContractTests;
import dev.pubsub.test.contract.RestoreContractTests;

/**
 * The provider contract kit against the embedded RealtimeX (Socket.IO) server.
 */
class RealtimeXContractTests {

	@Nested
	class Restore extends RestoreContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new RealtimeXContractPeer();
		}

	}

	@Nested
	class HostileServer extends HostileServerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new RealtimeXContractPeer();
		}

	}

	@Nested
	class ReconnectBackoff extends ReconnectBackoffContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new RealtimeXContractPeer();
		}

	}

	@Nested
	class Listeners extends ListenerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new RealtimeXContractPeer();
		}

	}

}
